// Fixes of findings on rendered text, carried to the file a user edits where that is safe: only
// where the source holds exactly the rendered text on every line the edit touches (a resource
// file kustomize copied verbatim, a template line without template syntax that rendered
// unchanged), at the place the line map gives, and never on a line with `{{`. Elsewhere the
// fix edits text no file holds, and is dropped.

import type { TextFix } from '../shared/finding.js';

export interface CarryInput {
  /** The linted rendered text, which the fix's offsets and the finding's line refer to. */
  renderedText: string;
  fix: TextFix;
  /** 1-based line of the finding in the rendered text. */
  findingLine: number;
  /** Where the finding was placed (the line map's primary place, read from disk). */
  target: { file: string; line: number };
  /** The target file's text now (as the run lints it: `--fix` passes lint fixed texts) and on disk. */
  current: string | undefined;
  disk: string | undefined;
}

export type Carried =
  /** The fix in the target file's offsets. */
  | { fix: TextFix }
  /**
   * The rendered text the finding was drawn from is on disk, but this run already changed the
   * file (a pass of `--fix` applied the carried fix): the finding is about text that is gone.
   */
  | { stale: true }
  | Record<string, never>;

export function carryFix(input: CarryInput): Carried {
  const { renderedText, fix, findingLine, target } = input;
  if (input.disk === undefined || input.current === undefined) return {};
  const rendered = lineStarts(renderedText);
  const lineOf = (offset: number) => lineIndex(rendered, offset);
  // The lines the edit touches, and the line before an edit at a line's start (it lands between them).
  const first = lineOf(Math.max(0, fix.range[0] - 1));
  const last = lineOf(Math.max(fix.range[0], fix.range[1]));
  const delta = target.line - findingLine;
  if (input.current !== input.disk) {
    // Renders read the disk: once the file changed in this run, the rendered positions no longer hold in it.
    return carriedTo(input.disk, renderedText, rendered, first, last, delta, fix) ? { stale: true } : {};
  }
  const carried = carriedTo(input.current, renderedText, rendered, first, last, delta, fix);
  return carried ? { fix: carried } : {};
}

function carriedTo(source: string, renderedText: string, rendered: number[], first: number, last: number, delta: number, fix: TextFix): TextFix | undefined {
  if (source.includes('\r')) return undefined; // rendered text has LF endings: a CRLF file would get mixed ones
  const starts = lineStarts(source);
  if (first + delta < 0 || last + delta >= starts.length) return undefined;
  for (let i = first; i <= last; i++) {
    const text = lineText(renderedText, rendered, i);
    const there = lineText(source, starts, i + delta);
    if (there !== text || there.includes('{{')) return undefined;
  }
  const at = (offset: number) => {
    const line = lineIndex(rendered, offset);
    return starts[line + delta]! + (offset - rendered[line]!);
  };
  return { range: [at(fix.range[0]), at(fix.range[1])], text: fix.text };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineIndex(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

function lineText(text: string, starts: readonly number[], line: number): string {
  const end = line + 1 < starts.length ? starts[line + 1]! - 1 : text.length;
  return text.slice(starts[line], end);
}
