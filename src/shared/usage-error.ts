// Errors in how stslint was called or configured, as opposed to problems found in manifests.

/** A problem with how stslint was called: exit code 2, one line, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
