// What is done to each input file on its own, before the graph: read it, parse it into
// manifests. Kept free of cross-file state so that worker threads can run it (parallel.ts).

import { readFileSync, statSync } from 'node:fs';
import { START_OF_FILE, type Finding } from '../shared/finding.js';
import type { Manifest } from '../yaml/manifest.js';
import { parseSource } from '../yaml/parse.js';
import { recordSchemaProblems, schemaProblems } from '../schema/validate.js';
import { createSourceFile } from '../yaml/source.js';
import { asRecord, asString } from '../shared/value.js';
import type { KubernetesVersion } from '../api/version.js';

export interface FileOutcome {
  path: string;
  findings: Finding[];
  manifests: Manifest[];
  skippedDocuments: number;
}

export interface FileChecks {
  /** Validate each manifest against the API schemas of this release (schema-invalid). */
  schemaTarget?: KubernetesVersion;
}

export function processText(path: string, text: string, checks: FileChecks = {}): FileOutcome {
  const parsed = parseSource(createSourceFile(path, text));
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
  const text = readText(path, maxFileSize);
  if (typeof text !== 'string') return { path, findings: [text], manifests: [], skippedDocuments: 0 };
  return processText(path, text, checks);
}

/** A file's text, or the finding that says why it is not linted (too large, binary, not UTF-8, unreadable). */
export function readText(path: string, maxFileSize: number): string | Finding {
  let bytes: Buffer;
  try {
    // Synchronous reads: faster than fs/promises for the small files manifests are, and no thread pool to start.
    const info = statSync(path);
    if (info.size > maxFileSize) {
      return fileFinding(
        path,
        `The file is ${formatBytes(info.size)}, over the ${formatBytes(maxFileSize)} limit, so it was not read; raise the limit with --max-file-size if it really is a manifest.`,
      );
    }
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return fileFinding(path, `Could not read the file (${code}); check that it exists and is readable.`);
  }
  if (bytes.includes(0)) return fileFinding(path, 'This is a binary file (it contains NUL bytes), not a YAML or JSON manifest.');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fileFinding(path, 'This file is not valid UTF-8 text; save it as UTF-8 (Kubernetes manifests must be UTF-8).');
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

export function fileFinding(filePath: string, message: string): Finding {
  return { ruleId: null, fatal: true, severity: 'error', message: `Parsing error: ${message}`, filePath, loc: START_OF_FILE };
}
