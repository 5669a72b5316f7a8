// The one shape every problem takes on its way from a rule (or the parser) to a formatter.

export type Severity = 'error' | 'warning' | 'info';
export type Path = readonly (string | number)[];

/** 1-based, end exclusive: the convention of ESLint's LintMessage. */
export interface Location {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

export interface Finding {
  /** null only for fatal parse problems (ESLint's convention). */
  ruleId: string | null;
  severity: Severity;
  message: string;
  messageId?: string;
  /** Absolute path, or `<stdin>`. */
  filePath: string;
  loc: Location;
  fatal?: boolean;
  /** The resource the finding belongs to, when there is one. */
  resource?: ResourceRef;
  /** The path inside that resource, for fingerprints and suppressions. */
  path?: Path;
  /** Placed in the base version (`--base`, `--base-path`): the object no longer exists in the files linted. */
  inBase?: true;
  /** Other places that explain the finding: for a rendered object, e.g. the template line a value from values.yaml was written by. */
  related?: readonly { filePath: string; loc: Location }[];
  /** Set when a directive comment or annotation suppresses the finding (see suppressions.ts). */
  suppressions?: readonly Suppression[];
}

/** ESLint's `suppressedMessages[].suppressions` entry, with our two kinds of suppression. */
export interface Suppression {
  kind: 'directive' | 'annotation';
  /** The text after ` -- `; '' when none was given. */
  justification: string;
}

export const STDIN_PATH = '<stdin>';

export const START_OF_FILE: Location = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.loc.line - b.loc.line ||
    a.loc.column - b.loc.column ||
    a.loc.endLine - b.loc.endLine ||
    a.loc.endColumn - b.loc.endColumn ||
    (a.ruleId ?? '').localeCompare(b.ruleId ?? '') ||
    a.message.localeCompare(b.message)
  );
}
