// Errors in how stslint was called or configured, as opposed to problems found in manifests.

/** Where in a file (the configuration file) a usage error is, 1-based. */
export interface UsageErrorLocation {
  file: string;
  line: number;
  column: number;
}

/** A problem with how stslint was called: exit code 2, one line, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  /** `location`: set when the problem is at a place in a file, so that editors can show it there (`--watch`). */
  constructor(
    message: string,
    readonly location?: UsageErrorLocation,
  ) {
    super(message);
  }
}
