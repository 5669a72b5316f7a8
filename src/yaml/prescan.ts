// Large files (an Argo CD install.yaml is 2 MB of CustomResourceDefinitions and RBAC objects)
// are cut at their document markers before any YAML is built, and each document is parsed on
// its own: one document that the fast reader (fast-parse.ts) must leave to `yaml` then costs
// `yaml`'s time for that document only, not for the whole file. Every document is parsed: rules
// that read any kind (api-removed, schema-invalid, duplicate-resource, manifest-invalid) must
// see every document of every size. (Until 0.1.0 documents of kinds no StatefulSet rule reads
// were skipped here, and findings on them were lost in files of 64 KiB or more.)

/** A document separator (`---`, maybe followed by a comment or content) or end marker (`...`) at column 0. */
const MARKER = /^(?:---|\.\.\.)(?=[ \t]|\r?$)/gm;
/** A directive line (`%YAML`, `%TAG`) applies to the document after it: such a stream is not cut. */
const DIRECTIVE = /^%/m;

/** Below this size a file is parsed whole: the scan would cost more than it saves. */
const MIN_SIZE = 64 * 1024;

export interface Piece {
  /** Offsets of the piece in the file's text: from a marker line (or the start) to the next one. */
  start: number;
  end: number;
}

/**
 * Cuts a large file into its documents. Small files are one piece, and so is any file when
 * STSLINT_YAML_READER=yaml asks for the plain `yaml` path (the slow path the tests compare with).
 */
export function splitDocuments(text: string): Piece[] {
  if (text.length < MIN_SIZE || process.env.STSLINT_YAML_READER === 'yaml' || DIRECTIVE.test(text)) return [{ start: 0, end: text.length }];
  const bounds = [0];
  for (const match of text.matchAll(MARKER)) if (match.index > 0) bounds.push(match.index);
  bounds.push(text.length);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) pieces.push({ start: bounds[i]!, end: bounds[i + 1]! });
  return pieces;
}
