// The one shape every problem takes on its way from a rule (or the parser) to a formatter.

import { compareCodePoints } from './text.js';

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

/**
 * One structural edit of a fix, in the terms a rule reports in: paths inside the finding's
 * resource, never character offsets (src/fix turns them into text edits that keep comments,
 * quoting and layout). `set` replaces the value at `path`, or adds the key (and any missing maps
 * above it) after the sibling key `after`, else at the end of its map; `remove` deletes a map
 * entry, and the map holding it when it was the only one; `addObject` adds a document. `replaceText` replaces characters of
 * the finding's file piece: only the engine uses it, for comments (suppressions.ts).
 */
export type FixEdit =
  | { readonly op: 'set'; readonly path: Path; readonly value: unknown; readonly after?: string }
  | { readonly op: 'remove'; readonly path: Path }
  /** A new object, as a YAML document of its own after the finding's document (not in JSON files or Lists). */
  | { readonly op: 'addObject'; readonly value: Readonly<Record<string, unknown>> }
  | { readonly op: 'replaceText'; readonly start: number; readonly end: number; readonly text: string };

/** ESLint's `fix`: replace the characters [range[0], range[1]) of the file (0-based, after a byte-order mark) by `text`. */
export interface TextFix {
  range: [number, number];
  text: string;
}

/** ESLint's suggestion: an edit a person chooses (the editor offers it; `--fix` never applies it). */
export interface FindingSuggestion {
  desc: string;
  fix: TextFix;
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
  /**
   * The chart's `Chart.yaml` or the kustomization file whose render drew the finding (or failed):
   * `--context` reports all of a unit that a named file stands for, wherever its findings land.
   */
  renderedBy?: string;
  /** Other places that explain the finding: for a rendered object, e.g. the template line a value from values.yaml was written by. */
  related?: readonly { filePath: string; loc: Location }[];
  /** Set when a directive comment or annotation suppresses the finding (see suppressions.ts). */
  suppressions?: readonly Suppression[];
  /** The edit that is always right for this finding (`--fix`, the editor's preferred quick fix). */
  fix?: TextFix;
  /** Edits that need a person's choice. */
  suggestions?: readonly FindingSuggestion[];
}

/** ESLint's `suppressedMessages[].suppressions` entry, with our two kinds of suppression. */
export interface Suppression {
  kind: 'directive' | 'annotation';
  /** The text after ` -- `; '' when none was given. */
  justification: string;
}

export const STDIN_PATH = '<stdin>';

export const START_OF_FILE: Location = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/**
 * Findings in the order reports show them: by position, then rule and message in code-point order,
 * the same under every locale (localeCompare followed the process's locale, and its first call
 * sets up ICU's collator: 10–40 ms of a small run).
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.loc.line - b.loc.line ||
    a.loc.column - b.loc.column ||
    a.loc.endLine - b.loc.endLine ||
    a.loc.endColumn - b.loc.endColumn ||
    compareCodePoints(a.ruleId ?? '', b.ruleId ?? '') ||
    compareCodePoints(a.message, b.message)
  );
}
