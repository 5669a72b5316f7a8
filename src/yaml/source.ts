// One input file as text, with the line index that every position in it is computed from.

import type { Document } from 'yaml';
import type { Location } from '../shared/finding.js';

/**
 * Text that positions are computed in: a whole input file, or one piece of it (a document of a
 * large bundle, parsed on its own), which knows how many lines of the file come before it.
 */
export interface SourceFile {
  /** Absolute path, or `<stdin>`. */
  readonly path: string;
  readonly text: string;
  /** Lines of the file before this text (0 for a whole file). */
  readonly lineOffset: number;
  /** Characters of the file before this text (0 or absent for a whole file): where fixes land in the file (src/fix). */
  readonly charOffset?: number;
  /** Offsets of line starts, built from the text itself on first use (see lineStarts). */
  lineStartCache?: number[];
  /** The file's YAML documents once a position in it was needed (parse.ts documentsOf). */
  documents?: Document.Parsed[];
  /**
   * Spaces the parser's leniency added at the start of some lines (see lenient.ts), by 1-based
   * line of the file; positions are reported in the file as written, so they are subtracted again.
   */
  readonly columnShifts?: ReadonlyMap<number, number>;
  /**
   * Text that no file holds as written: the output of rendering a chart or an overlay. Fixes are
   * dropped here (src/fix/fix.ts isFixableSource) unless the renderer maps the edit back onto a
   * source line that rendering left unchanged and gives that file instead.
   */
  readonly rendered?: true;
}

export interface SourceOptions {
  lineOffset?: number;
  charOffset?: number;
  columnShifts?: ReadonlyMap<number, number>;
}

export function createSourceFile(path: string, text: string, options: SourceOptions = {}): SourceFile {
  // A byte-order mark would shift every column of line 1 by one.
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const file: SourceFile = { path, text: clean, lineOffset: options.lineOffset ?? 0, ...(options.charOffset ? { charOffset: options.charOffset } : {}) };
  return options.columnShifts ? { ...file, columnShifts: options.columnShifts } : file;
}

/**
 * Line starts computed from the text, not taken from the `yaml` lexer's LineCounter: the
 * lexer skips newlines in some error-recovery paths, which put later findings a line off.
 * Built lazily, so files without findings never pay for it.
 */
function lineStarts(file: SourceFile): number[] {
  if (file.lineStartCache) return file.lineStartCache;
  const starts = [0];
  for (let i = file.text.indexOf('\n'); i !== -1; i = file.text.indexOf('\n', i + 1)) starts.push(i + 1);
  file.lineStartCache = starts;
  return starts;
}

/** 1-based line/column of a character offset. */
export function positionAt(file: SourceFile, offset: number): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, file.text.length));
  const starts = lineStarts(file);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= clamped) low = mid;
    else high = mid - 1;
  }
  const line = file.lineOffset + low + 1;
  const shift = file.columnShifts?.get(line) ?? 0;
  return { line, column: Math.max(1, clamped - starts[low]! + 1 - shift) };
}

/** The character offset of a 1-based line/column of the file (as positionAt gives them); undefined when the line is not in this text. */
export function offsetAt(file: SourceFile, line: number, column: number): number | undefined {
  const start = lineStarts(file)[line - file.lineOffset - 1];
  return start === undefined ? undefined : start + column - 1 + (file.columnShifts?.get(line) ?? 0);
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
