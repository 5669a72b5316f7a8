// The quick "valid for sure" of src/schema/plainly-valid.ts must never say yes where the compiled
// ajv validator says no: a yes skips the validator, so a wrong yes would hide schema-invalid
// findings. Compared on every document with a schema in the fixtures, the shared corpus (Argo CD
// included) and the helm template output of the shared charts (when present), in every release,
// and on generated breakages of each of them (wrong types, unknown and missing fields, values
// out of range, timestamps, depth).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/yaml/parse.js';
import { createSourceFile } from '../src/yaml/source.js';
import { plainlyValid } from '../src/schema/plainly-valid.js';
import { asValidated } from '../src/schema/validate.js';
import { validatorFor } from '../src/schema/validators.js';
import { schemaRootFor } from '../src/schema/releases.js';
import { RELEASES } from '../src/schema/catalog.generated.js';
import { helmTemplate, SHARED_CHARTS } from './support/rendered-nodes.js';
import { seededRandom } from './support/property.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = [path.resolve(ROOT, '../shared/corpus'), '/work/shared/corpus'].find((dir) => existsSync(dir));

function manifestFiles(dir: string | undefined): string[] {
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => /\.(ya?ml|json)$/.test(f) && statSync(f).isFile())
    .sort();
}

function helmRenders(): { name: string; text: string }[] {
  if (!SHARED_CHARTS) return [];
  return readdirSync(SHARED_CHARTS)
    .filter((name) => existsSync(path.join(SHARED_CHARTS, name, 'Chart.yaml')))
    .sort()
    .map((name) => ({ name, text: helmTemplate(path.join(SHARED_CHARTS, name)) }));
}

interface Doc {
  where: string;
  obj: Record<string, unknown>;
}

function documents(): Doc[] {
  const texts = [
    ...manifestFiles(path.join(ROOT, 'fixtures')).map((f) => ({ name: path.relative(ROOT, f), text: readFileSync(f, 'utf8') })),
    ...manifestFiles(CORPUS).map((f) => ({ name: f, text: readFileSync(f, 'utf8') })),
    ...helmRenders(),
  ];
  const docs: Doc[] = [];
  for (const { name, text } of texts) {
    for (const manifest of parseSource(createSourceFile(name, text)).manifests) docs.push({ where: `${name}#${manifest.docIndex}`, obj: manifest.obj });
  }
  return docs;
}

/** ajv's answer as the full path of src/schema/validate.ts gets it. */
function ajvValid(root: string, obj: unknown): boolean {
  return validatorFor(root)(asValidated(obj));
}

/** Every place of a value: [parent, key] pairs. */
function places(value: unknown, out: [Record<string, unknown> | unknown[], string | number][] = []): typeof out {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push([value, i]);
      places(item, out);
    });
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      out.push([value as Record<string, unknown>, key]);
      places(item, out);
    }
  }
  return out;
}

const REPLACEMENTS: (() => unknown)[] = [
  () => 'text',
  () => '',
  () => 7,
  () => -1,
  () => 1.5,
  () => 2 ** 31,
  () => -(2 ** 31) - 1,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => true,
  () => null,
  () => [],
  () => ['a'],
  () => ({}),
  () => ({ unknownField: 1 }),
  () => new Date(0),
  () => new Uint8Array([1, 2]),
  () => '1Gi',
  () => 'not a quantity',
  () => 'aGVsbG8=',
  () => 'Parallel',
];

/** A breakage of a copy of `obj`: one value replaced, one key removed or one added. */
function broken(obj: Record<string, unknown>, next: () => number): Record<string, unknown> {
  const copy = structuredClone(obj);
  const all = places(copy);
  if (all.length === 0) return copy;
  const [parent, key] = all[Math.floor(next() * all.length)]!;
  const choice = next();
  if (choice < 0.15 && !Array.isArray(parent)) Reflect.deleteProperty(parent, key);
  else if (choice < 0.3) {
    const target = (parent as Record<string | number, unknown>)[key];
    if (target !== null && typeof target === 'object' && !Array.isArray(target) && !(target instanceof Date))
      (target as Record<string, unknown>).unknownField = 'x';
    else (parent as Record<string | number, unknown>)[key] = [target];
  } else (parent as Record<string | number, unknown>)[key] = REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)]!();
  return copy;
}

describe('plainlyValid (schema validation without the compiled validator)', () => {
  const docs = documents();

  it('says valid only where ajv does, for every document in every release', () => {
    let subjects = 0;
    let skipped = 0;
    let ajvYes = 0;
    const wrong: string[] = [];
    for (const release of RELEASES) {
      for (const { where, obj } of docs) {
        const root = schemaRootFor(release, String(obj.apiVersion), String(obj.kind));
        if (!root) continue;
        subjects++;
        const quick = plainlyValid(root, obj);
        const full = ajvValid(root, obj);
        if (full) ajvYes++;
        if (quick && !full) wrong.push(`${where} (${root})`);
        if (!quick && full) skipped++;
      }
    }
    expect(wrong).toEqual([]);
    expect(subjects).toBeGreaterThan(100);
    // The quick path must be the common one, or it only adds work.
    expect(skipped).toBeLessThan(ajvYes / 20);
  });

  it('says valid only where ajv does, on generated breakages', () => {
    const next = seededRandom(23); // the breakages are the same on every run
    const release = RELEASES[RELEASES.length - 1]!;
    const wrong: string[] = [];
    let quickYes = 0;
    let ajvNo = 0;
    for (const { where, obj } of docs) {
      const root = schemaRootFor(release, String(obj.apiVersion), String(obj.kind));
      if (!root) continue;
      for (let i = 0; i < 12; i++) {
        const mutant = broken(obj, next);
        const quick = plainlyValid(root, mutant);
        const full = ajvValid(root, mutant);
        if (quick) quickYes++;
        if (!full) ajvNo++;
        if (quick && !full) wrong.push(`${where} (${root}) breakage ${i}: ${JSON.stringify(mutant).slice(0, 300)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(quickYes).toBeGreaterThan(0);
    expect(ajvNo).toBeGreaterThan(0);
  });

  it('leaves YAML timestamps and anything not plainly valid to ajv', () => {
    const root = schemaRootFor('1.35', 'v1', 'ConfigMap')!;
    const valid = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { key: 'value' } };
    expect(plainlyValid(root, valid)).toBe(true);
    // Annotations hold strings: a timestamp is one after conversion (valid), but not a plain one.
    const stamped = { ...valid, metadata: { name: 'a', annotations: { at: new Date(0) } } };
    expect(plainlyValid(root, stamped)).toBe(false);
    expect(ajvValid(root, stamped)).toBe(true);
    expect(plainlyValid(root, { ...valid, data: { key: 1 } })).toBe(false);
    expect(plainlyValid(root, { ...valid, unknownField: true })).toBe(false);
    expect(plainlyValid(root, { ...valid, data: { key: Number.NaN } })).toBe(false);
  });
});
