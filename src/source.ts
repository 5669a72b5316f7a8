// One input file as text, with the line index that every position in it is computed from.

import { LineCounter } from 'yaml';
import type { Location } from './finding.js';

export interface SourceFile {
  /** Absolute path, or `<stdin>`. */
  readonly path: string;
  readonly text: string;
  /** One per file, never shared: a shared LineCounter gives wrong positions. */
  readonly lines: LineCounter;
}

export function createSourceFile(path: string, text: string): SourceFile {
  // A byte-order mark would shift every column of line 1 by one.
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return { path, text: clean, lines: new LineCounter() };
}

/** 1-based line/column of a character offset. Only valid once the file has been parsed. */
export function positionAt(file: SourceFile, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, file.text.length));
  const { line, col } = file.lines.linePos(clamped);
  return { line, column: col };
}

/** Location of the offsets [start, end); an end at column 1 of a later line is pulled back to the end of the previous line. */
export function locationOf(file: SourceFile, start: number, end: number): Location {
  const from = positionAt(file, start);
  let stop = end;
  // Block scalars and collections end after their final newline; keep the range on its last line.
  while (stop > start && (file.text[stop - 1] === '\n' || file.text[stop - 1] === '\r')) stop--;
  const to = positionAt(file, Math.max(stop, start));
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}
