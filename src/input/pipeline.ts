// What is done to each input file on its own, before the graph: read it, parse it into
// manifests. Kept free of cross-file state so that worker threads can run it (parallel.ts).

import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { START_OF_FILE, type Finding } from '../shared/finding.js';
import type { Manifest } from '../yaml/manifest.js';
import { parseSource } from '../yaml/parse.js';
import { recordSchemaProblems, schemaProblems } from '../schema/validate.js';
import { createSourceFile } from '../yaml/source.js';
import { asRecord, asString } from '../shared/value.js';
import type { KubernetesVersion } from '../api/version.js';
import { contentHash } from './content-hash.js';
import { fileRelations, type FileRelations } from './relations.js';

export interface FileOutcome {
  path: string;
  findings: Finding[];
  manifests: Manifest[];
  skippedDocuments: number;
  /** The hash of the file's bytes, when asked for (FileChecks.hash), for the cache. */
  contentHash?: string;
  /** Of a context file (FileChecks.contextOnly): what each of its objects could relate to (relations.ts). */
  relations?: FileRelations;
  /**
   * Rendered text (a chart, a kustomization; src/render): its path is a name for the run only.
   * `place` moves each finding on it to the template, values, base or patch line it came from,
   * with the words that say which render drew it when the place alone does not (`with
   * ci/x-values.yaml`, `built by overlays/prod`); `reportAs` is the file reported for the unit
   * when nothing is found in it; `variant` names the extra values file of a chart variant;
   * `unit` says which installation the text is (`release db of charts/db`, `built by
   * overlays/prod`), for what is listed per set (plan rows) where two units render sets of one name.
   */
  rendered?: {
    reportAs: string;
    unit: string;
    /**
     * The finding in the file people edit. `textOf`: the text a file stands for in this run, where
     * it is not the disk's (`--fix` passes); `stale`: the finding is about text this run changed.
     */
    place: (finding: Finding, textOf?: (file: string) => string | undefined) => { finding: Finding; via?: string; stale?: true };
    variant?: string;
  };
}

export interface FileChecks {
  /** Validate each manifest against the API schemas of this release (schema-invalid). */
  schemaTarget?: KubernetesVersion;
  /**
   * The file only completes the graph (`--context`): nothing in it is reported, so it is not
   * validated against schemas, and a file without `apiVersion` and `kind` (package.json, CI
   * workflows) is not parsed at all.
   */
  contextOnly?: boolean;
  /** Record the hash of the file's bytes in the outcome (for the cache). */
  hash?: boolean;
}

export function processText(path: string, text: string, checks: FileChecks = {}): FileOutcome {
  if (checks.contextOnly && !(text.includes('apiVersion') && text.includes('kind')))
    return { path, findings: [], manifests: [], skippedDocuments: 0, relations: fileRelations([]) };
  const parsed = parseSource(createSourceFile(path, text));
  if (checks.contextOnly) {
    // A context file is not validated against schemas: what a schema finds depends on the object
    // alone, which the change did not touch, so it is never the change's fault. Recorded as
    // nothing to report, so that the schema-invalid rule does not validate it when it visits the
    // object (a context run visits the related context objects to find what the change causes).
    for (const manifest of parsed.manifests) recordSchemaProblems(manifest, []);
    return { path, ...parsed, relations: fileRelations(parsed.manifests.map((m) => m.obj)) };
  }
  const target = checks.schemaTarget;
  // Schema validation needs nothing but the manifest itself, so it runs here, in a worker
  // thread when there are many files; the schema-invalid rule reports what was found.
  if (target) {
    for (const manifest of parsed.manifests) {
      const { obj } = manifest;
      const subject = {
        manifest,
        obj,
        apiVersion: asString(obj.apiVersion) ?? '',
        kind: asString(obj.kind) ?? '',
        name: asString(asRecord(obj.metadata)?.name) ?? '',
      };
      recordSchemaProblems(manifest, schemaProblems(subject, target) ?? null);
    }
  }
  return { path, ...parsed };
}

/** Reads and processes one file; a file that cannot be read becomes one fatal finding. */
export function processFile(path: string, maxFileSize: number, checks: FileChecks = {}): FileOutcome {
  const read = readContent(path, maxFileSize);
  if (!('text' in read)) return { path, findings: [read], manifests: [], skippedDocuments: 0 };
  const outcome = processText(path, read.text, checks);
  return checks.hash ? { ...outcome, contentHash: contentHash(read.bytes) } : outcome;
}

/** A file's text, or the finding that says why it is not linted (too large, binary, not UTF-8, unreadable). */
export function readText(path: string, maxFileSize: number): string | Finding {
  const read = readContent(path, maxFileSize);
  return 'text' in read ? read.text : read;
}

/** A file's text and bytes (for its hash), or the finding that says why it is not linted. */
function readContent(path: string, maxFileSize: number): { text: string; bytes: Buffer } | Finding {
  let bytes: Buffer;
  try {
    // Synchronous reads: faster than fs/promises for the small files manifests are, and no
    // thread pool to start; one open, fstat and read per file (thousands of files: the system
    // calls were a tenth of a run).
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > maxFileSize) {
        return fileFinding(
          path,
          `The file is ${formatBytes(size)}, over the ${formatBytes(maxFileSize)} limit, so it was not read; raise the limit with --max-file-size if it really is a manifest.`,
        );
      }
      bytes = size === 0 ? readFileSync(fd) : readWhole(fd, size);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return fileFinding(path, `Could not read the file (${code}); check that it exists and is readable.`);
  }
  if (bytes.includes(0)) return fileFinding(path, 'This is a binary file (it contains NUL bytes), not a YAML or JSON manifest.');
  try {
    return { text: UTF8.decode(bytes), bytes };
  } catch {
    return fileFinding(path, 'This file is not valid UTF-8 text; save it as UTF-8 (Kubernetes manifests must be UTF-8).');
  }
}

/** A strict decoder (one for the run: decoding is stateless without `stream`). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The `size` bytes of an open file: the file as it was when its size was read. */
function readWhole(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let done = 0;
  while (done < size) {
    const n = readSync(fd, bytes, done, size - done, done);
    if (n === 0) return bytes.subarray(0, done);
    done += n;
  }
  return bytes;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

export function fileFinding(filePath: string, message: string): Finding {
  return { ruleId: null, fatal: true, severity: 'error', message: `Parsing error: ${message}`, filePath, loc: START_OF_FILE };
}
