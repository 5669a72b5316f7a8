// A cheap look at each document's top-level `kind` before any YAML is built. Rendered bundles
// (an Argo CD install.yaml is 2 MB) are mostly CustomResourceDefinitions and RBAC objects that
// no rule or schema reads; building their YAML trees would cost most of the run.

import { isKnownKind } from '../api/kinds.js';

/** A document separator (`---`, maybe followed by a comment or content) or end marker (`...`) at column 0. */
const MARKER = /^(?:---|\.\.\.)(?=[ \t]|\r?$)/gm;
/** `kind: X` as a top-level key at column 0. */
const TOP_LEVEL_KIND = /^kind:[ \t]*(["']?)([A-Za-z][A-Za-z0-9]*)\1[ \t]*(?:#.*)?\r?$/m;

/** Below this size a file is parsed whole: the scan would cost more than it saves. */
const MIN_SIZE = 64 * 1024;

export interface Piece {
  /** Offsets of the piece in the file's text: from a marker line (or the start) to the next one. */
  start: number;
  end: number;
  /** Its kind is one stslint does not read: not parsed at all. */
  skip: boolean;
}

/**
 * Splits a large file into its documents and marks those whose kind no rule or schema reads.
 * Small files are one piece: for them the scan would cost more than it saves.
 */
export function splitDocuments(text: string): Piece[] {
  if (text.length < MIN_SIZE) return [{ start: 0, end: text.length, skip: false }];
  const bounds = [0];
  for (const match of text.matchAll(MARKER)) if (match.index > 0) bounds.push(match.index);
  bounds.push(text.length);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i]!;
    const end = bounds[i + 1]!;
    const kind = TOP_LEVEL_KIND.exec(text.slice(start, end))?.[2];
    // Unknown kinds are skipped; anything unclear (no top-level kind line, a List) is read in full.
    pieces.push({ start, end, skip: kind !== undefined && !kind.endsWith('List') && !isKnownKind(kind) });
  }
  return pieces;
}
