#!/usr/bin/env node
// `npm run gen:schemas`: turns the OpenAPI v3 documents that the API servers of Kubernetes
// 1.23–1.35 publish (../shared/kubernetes-openapi, beside the repository) into the JSON Schemas
// stslint validates manifests against, and the served-API table the `api-removed` rule reads.
//
// Writes (all committed; test/schemas.test.ts checks that a re-run gives the same bytes):
//   schemas/definitions.json        every definition of every release, structure only, shared:
//                                   a definition that did not change between releases is stored
//                                   once, under the name of the first release that has it
//                                   (`core.v1.PodSpec@1.27`)
//   schemas/index.json              release → `apiVersion/kind` → root definition
//   src/schema/catalog.generated.ts the same index, the releases and the served group-versions,
//                                   compiled in so that nothing reads ../shared at run time
//
// How the API server reads a manifest, and so how the schemas are made:
//   - objects are closed (unknown fields are rejected by strict field validation), except the
//     free maps the API declares (`additionalProperties`: labels, annotations, data, …) and the
//     objects it leaves open (`type: object` without properties, e.g. managedFields.fieldsV1);
//   - `null` is accepted for every field (Go's JSON decoding leaves the zero value);
//   - int-or-string is an integer or a string; a quantity is a number or a string in the
//     resource.Quantity grammar; int32 fields hold 32-bit integers; `format: byte` is base64;
//   - enums come from scripts/schema-enums.mjs (the documents carry none).
//
// Custom resources stslint checks (OpenKruise's Advanced StatefulSet) come from the CRD schemas
// in schemas/crds/ (structure only, with their source and licence), converted the same way with
// the release's ObjectMeta for `metadata`, and given to every release: a CRD does not change with
// the Kubernetes release.

import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENUMS } from './schema-enums.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OPENAPI_DIR = path.resolve(ROOT, '../shared/kubernetes-openapi');

/** The kinds stslint validates: API group and kind (every version the data holds). */
const KINDS = [
  ['', 'ConfigMap'],
  ['', 'Namespace'],
  ['', 'PersistentVolume'],
  ['', 'PersistentVolumeClaim'],
  ['', 'Secret'],
  ['', 'Service'],
  ['apps', 'StatefulSet'],
  ['autoscaling', 'HorizontalPodAutoscaler'],
  ['policy', 'PodDisruptionBudget'],
  ['storage.k8s.io', 'StorageClass'],
];

// resource.Quantity as ParseQuantity reads it (k8s.io/apimachinery/pkg/api/resource); the same
// grammar as src/api/quantity.ts. Quantity.UnmarshalJSON trims surrounding spaces first.
const QUANTITY_PATTERN = '^\\s*[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?\\s*$';
// []byte fields (`format: byte`) are decoded with encoding/base64's StdEncoding, which
// ignores line breaks.
const B64 = '[A-Za-z0-9+/][\\r\\n]*';
const BASE64_PATTERN = `^[\\r\\n]*(?:(?:${B64}){4})*(?:(?:${B64}){2}=[\\r\\n]*=|(?:${B64}){3}=)?[\\r\\n]*$`;

const NULLABLE = (type) => ({ type: [type, 'null'] });

/** Leaf definitions shared by every release. */
const PRIMITIVES = {
  'int-or-string': { type: ['integer', 'string', 'null'] },
  int32: { type: ['integer', 'null'], minimum: -2147483648, maximum: 2147483647 },
  quantity: { type: ['string', 'number', 'null'], pattern: QUANTITY_PATTERN },
  base64: { type: ['string', 'null'], pattern: BASE64_PATTERN },
};

/** The CRD schemas of schemas/crds/ (see the top of this file). */
const CRDS = readdirSync(path.join(ROOT, 'schemas/crds'))
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(path.join(ROOT, 'schemas/crds', file), 'utf8')));

const SPECIAL_REFS = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'int-or-string',
};

function compareReleases(a, b) {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

function shortName(name) {
  return name
    .replace(/^io\.k8s\.api\./, '')
    .replace(/^io\.k8s\.apimachinery\.pkg\.apis\./, '')
    .replace(/^io\.k8s\.apimachinery\.pkg\./, '');
}

function listJson(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listJson(full));
    else if (entry.name.endsWith('.json')) out.push(full);
  }
  return out;
}

/** All definitions a release publishes, merged over its documents (each repeats the shared ones). */
function loadRelease(release) {
  const schemas = new Map();
  for (const file of listJson(path.join(OPENAPI_DIR, release))) {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      const text = JSON.stringify(stripDocs(schema));
      const known = schemas.get(name);
      if (known && known.text !== text) throw new Error(`${release}: ${name} differs between documents (${file})`);
      schemas.set(name, { schema, text });
    }
  }
  return new Map([...schemas].map(([name, { schema }]) => [name, schema]));
}

function stripDocs(value) {
  if (Array.isArray(value)) return value.map(stripDocs);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== 'description')
      .map(([k, v]) => [k, stripDocs(v)]),
  );
}

function refName(ref) {
  const prefix = '#/components/schemas/';
  if (!ref.startsWith(prefix)) throw new Error(`unexpected $ref ${ref}`);
  return ref.slice(prefix.length);
}

/** Variants of every definition across releases: canonical text → name, and name → schema. */
class Registry {
  byText = new Map();
  definitions = new Map(Object.entries(PRIMITIVES));

  intern(short, release, schema) {
    // Keyed by name too: two kinds of the same shape (PodOS and ResourceClaim) stay apart.
    const text = `${short} ${JSON.stringify(schema)}`;
    const known = this.byText.get(text);
    if (known) return known;
    const name = `${short}@${release}`;
    if (this.definitions.has(name)) throw new Error(`${name} generated twice with different content`);
    this.byText.set(text, name);
    this.definitions.set(name, schema);
    return name;
  }
}

function enumFor(definition, property) {
  return ENUMS.find((e) => e.definition === shortName(definition) && e.property === property);
}

/** One release: structure-only schemas for its definitions, named by variant. */
function convertRelease(release, source, registry) {
  const variants = new Map();
  const inProgress = new Set();

  const variantOf = (name) => {
    const special = SPECIAL_REFS[name];
    if (special) return special;
    const known = variants.get(name);
    if (known) return known;
    if (inProgress.has(name)) throw new Error(`${release}: recursive definition ${name} is not supported`);
    const schema = source.get(name);
    if (!schema) throw new Error(`${release}: missing definition ${name}`);
    inProgress.add(name);
    const converted = convert(schema, name);
    inProgress.delete(name);
    const variant = registry.intern(shortName(name), release, converted);
    variants.set(name, variant);
    return variant;
  };

  const ref = (name) => ({ $ref: `#/definitions/${variantOf(name)}` });

  function convert(schema, definition) {
    if (schema.$ref) return ref(refName(schema.$ref));
    if (Array.isArray(schema.allOf)) {
      if (schema.allOf.length !== 1 || !schema.allOf[0].$ref) throw new Error(`${release}: ${definition}: unexpected allOf`);
      return ref(refName(schema.allOf[0].$ref));
    }
    switch (schema.type) {
      case 'object': {
        const out = NULLABLE('object');
        if (schema.properties) {
          out.properties = {};
          for (const key of Object.keys(schema.properties).sort()) {
            const property = convert(schema.properties[key], `${definition}.${key}`);
            const allowed = enumFor(definition, key);
            if (allowed) property.enum = [...allowed.values, ...(allowed.empty ? [''] : []), null];
            out.properties[key] = property;
          }
          if (schema.required?.length) out.required = [...schema.required];
          out.additionalProperties = false;
        } else if (schema.additionalProperties) {
          out.additionalProperties = convert(schema.additionalProperties, `${definition}.*`);
        }
        return out;
      }
      case 'array':
        return { ...NULLABLE('array'), items: convert(schema.items, `${definition}[]`) };
      case 'string':
        if (schema.format === 'byte') return { $ref: '#/definitions/base64' };
        if (schema.format === 'int-or-string') return { $ref: '#/definitions/int-or-string' };
        return NULLABLE('string');
      case 'integer':
        return schema.format === 'int32' ? { $ref: '#/definitions/int32' } : NULLABLE('integer');
      case 'number':
        return NULLABLE('number');
      case 'boolean':
        return NULLABLE('boolean');
      case undefined:
        if (schema.oneOf || schema['x-kubernetes-int-or-string']) return { $ref: '#/definitions/int-or-string' };
        return {};
      default:
        throw new Error(`${release}: ${definition}: unexpected type ${schema.type}`);
    }
  }

  const roots = {};
  for (const crd of CRDS) {
    for (const [version, schema] of Object.entries(crd.versions)) {
      // The API server validates a custom resource's metadata as ObjectMeta.
      const withMeta = {
        ...schema,
        properties: { ...schema.properties, metadata: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' } },
      };
      const short = `${crd.group.split('.').reverse().join('.')}.${version}.${crd.kind}`;
      roots[`${crd.group}/${version}/${crd.kind}`] = registry.intern(short, release, convert(withMeta, short));
    }
  }
  for (const [name, schema] of source) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      if (!KINDS.some(([group, kind]) => group === gvk.group && kind === gvk.kind)) continue;
      const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
      roots[`${apiVersion}/${gvk.kind}`] = variantOf(name);
    }
  }
  return Object.fromEntries(Object.entries(roots).sort(([a], [b]) => a.localeCompare(b)));
}

function readServed() {
  const served = new Map();
  const text = readFileSync(path.join(OPENAPI_DIR, 'served-group-versions.tsv'), 'utf8');
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [release, groupVersion] = line.split('\t');
    if (!served.has(groupVersion)) served.set(groupVersion, []);
    served.get(groupVersion).push(release);
  }
  return served;
}

/** Only the definitions the roots reach, in name order. */
function reachable(registry, roots) {
  const seen = new Set();
  const visit = (value) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    if (typeof value.$ref === 'string') {
      const name = value.$ref.slice('#/definitions/'.length);
      if (!seen.has(name)) {
        seen.add(name);
        visit(registry.definitions.get(name));
      }
    }
    for (const v of Object.values(value)) visit(v);
  };
  for (const root of roots) visit({ $ref: `#/definitions/${root}` });
  return [...seen].sort();
}

function definitionsJson(registry, names) {
  const lines = names.map((name) => `    ${JSON.stringify(name)}: ${JSON.stringify(registry.definitions.get(name))}`);
  return [
    '{',
    '  "$schema": "http://json-schema.org/draft-07/schema#",',
    '  "$comment": "Generated by scripts/gen-schemas.mjs from the OpenAPI v3 documents of Kubernetes 1.23-1.35 (kubernetes-sigs/kubectl-validate builtins); do not edit. Structure only: descriptions, defaults and patch hints are stripped. See schemas/index.json for the root definition of each kind in each release.",',
    '  "definitions": {',
    lines.join(',\n'),
    '  }',
    '}',
    '',
  ].join('\n');
}

function catalogModule(releases, rootsByRelease, served) {
  // apiVersion/kind → [first release, last release, root] runs, so that the table stays small.
  const runs = {};
  for (const release of releases) {
    for (const [key, root] of Object.entries(rootsByRelease[release])) {
      const list = (runs[key] ??= []);
      const last = list[list.length - 1];
      const previous = releases[releases.indexOf(release) - 1];
      if (last && last[2] === root && last[1] === previous) last[1] = release;
      else list.push([release, release, root]);
    }
  }
  const servedRuns = {};
  for (const [groupVersion, list] of [...served].sort(([a], [b]) => a.localeCompare(b))) {
    servedRuns[groupVersion] = list.sort(compareReleases).join(' ');
  }
  const rows = Object.entries(runs)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, list]) => `  ${JSON.stringify(key)}: ${JSON.stringify(list)},`);
  return `// Generated by scripts/gen-schemas.mjs (\`npm run gen:schemas\`) from ../shared/kubernetes-openapi; do not edit.

/** The Kubernetes releases stslint has API data for, oldest first. */
export const RELEASES = ${JSON.stringify(releases)} as const;

/** \`apiVersion/kind\` → runs of releases [first, last] that share one root schema definition. */
export const SCHEMA_ROOTS: Readonly<Record<string, readonly (readonly [string, string, string])[]>> = {\n${rows.join('\n')}\n};

/** Group-version → the releases (space-separated) whose API server serves it (served-group-versions.tsv). */
export const SERVED_GROUP_VERSIONS: Readonly<Record<string, string>> = ${JSON.stringify(servedRuns, null, 2)};
`;
}

export function generate() {
  const releases = readdirSync(OPENAPI_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d+\.\d+$/.test(d.name))
    .map((d) => d.name)
    .sort(compareReleases);
  const registry = new Registry();
  const rootsByRelease = {};
  for (const release of releases) rootsByRelease[release] = convertRelease(release, loadRelease(release), registry);
  const allRoots = Object.values(rootsByRelease).flatMap((r) => Object.values(r));
  const names = reachable(registry, allRoots);
  const index = {
    $comment: 'Generated by scripts/gen-schemas.mjs; do not edit. Release → apiVersion/kind → root definition in definitions.json.',
    releases: rootsByRelease,
  };
  return {
    'schemas/definitions.json': definitionsJson(registry, names),
    'schemas/index.json': `${JSON.stringify(index, null, 2)}\n`,
    'src/schema/catalog.generated.ts': catalogModule(releases, rootsByRelease, readServed()),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!existsSync(OPENAPI_DIR)) {
    process.stderr.write(`gen-schemas: ${OPENAPI_DIR} not found (the OpenAPI documents live in ../shared beside the repository)\n`);
    process.exit(2);
  }
  for (const [file, text] of Object.entries(generate())) {
    const target = path.join(ROOT, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    process.stdout.write(`wrote ${file} (${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB)\n`);
  }
}
