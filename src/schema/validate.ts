// Schema validation of one manifest against the API of the target release: the compiled
// validator decides, explain.ts words what it found.

import type { Path } from '../shared/finding.js';
import { locate, type Locatable } from '../yaml/locate.js';
import { offsetAt } from '../yaml/source.js';
import type { Manifest } from '../yaml/manifest.js';
import type { KubernetesVersion } from '../api/version.js';
import { explain, type SchemaProblem } from './explain.js';
import { dataReleaseFor, schemaRootFor } from './releases.js';
import { validatorFor } from './validators.js';
import { plainlyValid } from './plainly-valid.js';

export interface SchemaSubject {
  manifest: Locatable;
  obj: unknown;
  apiVersion: string;
  kind: string;
  name: string;
}

/**
 * Schema problems found while a file was processed (src/input/pipeline.ts, possibly in a worker
 * thread), for the schema-invalid rule to report: null when stslint has no schema for the
 * manifest. Kept beside the manifest, not in it, so that reading YAML knows nothing of schemas.
 */
const recorded = new WeakMap<Manifest, SchemaProblem[] | null>();

export function recordSchemaProblems(manifest: Manifest, problems: SchemaProblem[] | null): void {
  recorded.set(manifest, problems);
}

/** What was recorded for the manifest; undefined when it was not validated while it was read. */
export function recordedSchemaProblems(manifest: Manifest): SchemaProblem[] | null | undefined {
  return recorded.get(manifest);
}

/** Whether stslint has a schema for this apiVersion and kind in the target release. */
export function hasSchema(apiVersion: string, kind: string, target: KubernetesVersion): boolean {
  return schemaRootFor(dataReleaseFor(target).release, apiVersion, kind) !== undefined;
}

/** The schema problems of a manifest, or undefined when there is no schema for it (it is not validated). */
export function schemaProblems(subject: SchemaSubject, target: KubernetesVersion): SchemaProblem[] | undefined {
  const { release, label } = dataReleaseFor(target);
  const root = schemaRootFor(release, subject.apiVersion, subject.kind);
  if (!root) return undefined;
  // Most manifests are valid: proven so in one walk, without loading the compiled validator.
  if (plainlyValid(root, subject.obj)) return [];
  const validate = validatorFor(root);
  const obj = asValidated(subject.obj);
  if (validate(obj)) return [];
  return explain(validate.errors ?? [], {
    obj,
    root,
    apiVersion: subject.apiVersion,
    kind: subject.kind,
    name: subject.name,
    release,
    releaseLabel: label,
    sourceOf: (path) => scalarSource(subject.manifest, path),
  });
}

/**
 * The data as the API server receives it. YAML 1.1 timestamps and binaries, which the `yaml`
 * package reads as Date and Buffer, reach the server as strings (kubectl's go-yaml keeps
 * timestamps as written); the data is copied only when it holds one.
 */
export function asValidated(value: unknown): unknown {
  return holdsNonJson(value, 0) ? toJsonLike(value, 0) : value;
}

const MAX_DEPTH = 200;

function holdsNonJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return false;
  if (value instanceof Date || value instanceof Uint8Array) return true;
  for (const child of Array.isArray(value) ? value : Object.values(value)) if (holdsNonJson(child, depth + 1)) return true;
  return false;
}

function toJsonLike(value: unknown, depth: number): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((v) => toJsonLike(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonLike(v, depth + 1)]));
}

/** The text of the scalar at `path` as written (`1.10`, `on`), when it sits on one line. */
function scalarSource(manifest: Locatable, path: Path): string | undefined {
  const loc = locate(manifest, path, 'value');
  if (loc.line !== loc.endLine) return undefined;
  // The location is in the file; the manifest's text may be one document of it (prescan.ts).
  const start = offsetAt(manifest.file, loc.line, loc.column);
  const end = offsetAt(manifest.file, loc.endLine, loc.endColumn);
  if (start === undefined || end === undefined) return undefined;
  const source = manifest.file.text.slice(start, end);
  return /^[^\s"'][^\n]*$/.test(source) ? source : undefined;
}
