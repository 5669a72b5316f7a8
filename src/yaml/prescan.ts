// Splits a large YAML stream into its documents before any YAML is built, so that each is read
// on its own: the fast reader (fast-parse.ts) gives up on a document, not on the whole file, and
// a 2 MB rendered bundle (an Argo CD install.yaml) with one unusual document is not read by
// `yaml` whole. Every document is read, whatever its kind: rules read kinds that stslint does
// not model (api-removed on a CustomResourceDefinition of a removed version, schema-invalid,
// duplicates, manifest-invalid), so no document may be dropped here.

/** A document separator (`---`, maybe followed by a comment or content) or end marker (`...`) at column 0. */
const MARKER = /^(?:---|\.\.\.)(?=[ \t]|\r?$)/gm;

/** Below this size a file is parsed whole: the split would cost more than it saves. */
export const SPLIT_MIN_SIZE = 64 * 1024;

export interface Piece {
  /** Offsets of the piece in the file's text: from a marker line (or the start) to the next one. */
  start: number;
  end: number;
}

/**
 * Splits a large file into its documents. Small files are one piece, and so is every file when
 * `whole` is set (the full path that tests compare this one with).
 */
export function splitDocuments(text: string, whole = false): Piece[] {
  if (whole || text.length < SPLIT_MIN_SIZE) return [{ start: 0, end: text.length }];
  const bounds = [0];
  for (const match of text.matchAll(MARKER)) if (match.index > 0) bounds.push(match.index);
  bounds.push(text.length);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) pieces.push({ start: bounds[i]!, end: bounds[i + 1]! });
  return pieces;
}
