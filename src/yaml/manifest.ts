// A Kubernetes object as read from a file, with what locating its fields needs.

import type { Document } from 'yaml';
import type { Path } from '../shared/finding.js';
import type { JsonRecord } from '../shared/value.js';
import type { SourceFile } from './source.js';

/** One Kubernetes object as written: its data, and where it sits in its file. */
export interface Manifest {
  readonly file: SourceFile;
  /** Index of its document in the file's YAML stream. */
  readonly docIndex: number;
  /** The YAML document, with node ranges; re-read on demand (see documentsOf). */
  readonly doc: Document.Parsed;
  /** Path of the object inside its document: [] or ['items', i] for List members. */
  readonly basePath: Path;
  readonly obj: JsonRecord;
}
