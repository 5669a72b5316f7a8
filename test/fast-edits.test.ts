// Fixes built from the document's lines (src/fix/fast-edits.ts) must be exactly the fixes built
// through `yaml` (src/fix/text-edits.ts, STSLINT_FIX_READER=yaml):
//   - every fixture run gives the same results (fixes and suggestions included) both ways;
//   - on every object of every fixture and corpus file, generated edits (set each scalar, remove
//     each entry, add a key after each key of each map, add a document) give the same text edits
//     wherever the fast path makes one, and it makes most of them;
//   - what fast-edits.ts writes for new values equals `yaml`'s stringify (property, fixed seed).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lintSources, type LintOptions, type LintRun } from '../src/engine/lint.js';
import { emitBlock, fastTextEdits } from '../src/fix/fast-edits.js';
import { blockLayout, yamlTextEdits } from '../src/fix/text-edits.js';
import { processText } from '../src/input/pipeline.js';
import type { FixEdit, Path } from '../src/shared/finding.js';
import type { Manifest } from '../src/yaml/manifest.js';
import { FIXTURES_DIR, loadCases } from './support/fixtures.js';
import { propertyParameters } from './support/property.js';
import { manifestFiles, SHARED } from './support/run.js';

function withYamlFixes<T>(run: () => T): T {
  process.env.STSLINT_FIX_READER = 'yaml';
  try {
    return run();
  } finally {
    delete process.env.STSLINT_FIX_READER;
  }
}

describe('fixes without `yaml` are the fixes through `yaml`', () => {
  it('every fixture run: the same results, fixes and suggestions included', () => {
    let fixes = 0;
    for (const rule of readdirSync(FIXTURES_DIR)) {
      const dir = path.join(FIXTURES_DIR, rule);
      if (!statSync(dir).isDirectory()) continue;
      for (const c of loadCases(dir).filter((k) => !k.baseInputs)) {
        const options: LintOptions = { preset: 'all', reportUnusedDisables: true, ...c.options };
        const fast: LintRun = lintSources(c.inputs, options);
        const full = withYamlFixes(() => lintSources(c.inputs, options));
        expect(fast.results).toEqual(full.results);
        fixes += fast.findings.filter((f) => f.fix ?? f.suggestions).length;
      }
    }
    expect(fixes).toBeGreaterThan(30);
  });

  const corpus = [path.join(SHARED, 'corpus'), '/work/shared/corpus'].find((dir) => existsSync(dir));
  const files = [...manifestFiles(FIXTURES_DIR), ...(corpus ? manifestFiles(corpus) : [])];

  it('generated edits on every object of every fixture and corpus file', { timeout: 600_000 }, () => {
    let compared = 0;
    let fastMade = 0;
    // Every file as written, and the fixtures again with Windows line ends.
    const inputs = [
      ...files.map((file) => ({ file, text: readFileSync(file, 'utf8').replace(/^\uFEFF/, '') })),
      ...manifestFiles(FIXTURES_DIR).map((file) => ({ file, text: readFileSync(file, 'utf8').replace(/\r?\n/g, '\r\n') })),
    ];
    for (const { file, text } of inputs) {
      if (text.length > 200_000) continue;
      let manifests: Manifest[];
      try {
        manifests = processText(file, text).manifests;
      } catch {
        continue;
      }
      for (const manifest of manifests) {
        for (const edits of generatedEdits(manifest)) {
          const fast = fastTextEdits(manifest, edits, blockLayout(manifest.file.text));
          compared++;
          if (!fast) continue;
          fastMade++;
          expect({ file, edits, fast }).toEqual({ file, edits, fast: yamlTextEdits(manifest, edits) });
        }
      }
    }
    console.log(`fast-edits: ${fastMade} of ${compared} generated edits made without yaml`);
    expect(compared).toBeGreaterThan(5_000);
    // Most edits of real manifests take the fast path (the rest are JSON, flow maps, comments in what goes, block scalars).
    expect(fastMade / compared).toBeGreaterThan(0.5);
  });
});

const NEW_VALUES: unknown[] = [
  'None',
  'Retain',
  'a b',
  '10Gi',
  'yes',
  '0644',
  3,
  true,
  null,
  { matchLabels: { app: 'web', tier: 'db' } },
  ['ReadWriteOnce'],
  {},
];

/** Edits of every shape on the object's paths (bounded per object). */
function generatedEdits(manifest: Manifest): FixEdit[][] {
  const out: FixEdit[][] = [];
  const maps: { path: Path; keys: string[] }[] = [];
  const visit = (value: unknown, at: Path, depth: number): void => {
    if (depth > 6 || maps.length > 40) return;
    if (Array.isArray(value)) value.slice(0, 2).forEach((v, i) => visit(v, [...at, i], depth + 1));
    else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value);
      maps.push({ path: at, keys });
      for (const key of keys) visit((value as Record<string, unknown>)[key], [...at, key], depth + 1);
    }
  };
  visit(manifest.obj, [], 0);
  let n = 0;
  for (const { path: at, keys } of maps) {
    for (const key of keys.slice(0, 8)) {
      const value = NEW_VALUES[n++ % NEW_VALUES.length];
      out.push([{ op: 'set', path: [...at, key], value }]);
      out.push([{ op: 'remove', path: [...at, key] }]);
      out.push([{ op: 'set', path: [...at, 'zz-added'], value, after: key }]);
    }
    out.push([{ op: 'set', path: [...at, 'new', 'deeper'], value: NEW_VALUES[n++ % NEW_VALUES.length] }]);
  }
  out.push([
    { op: 'addObject', value: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { clusterIP: 'None', selector: { app: 'web' } } } },
  ]);
  out.push([
    { op: 'set', path: ['apiVersion'], value: 'apps/v1' },
    { op: 'set', path: ['spec', 'selector'], value: { matchLabels: { app: 'x' } }, after: 'replicas' },
  ]);
  return out;
}

describe('new values are written as `yaml` writes them', () => {
  const word = fc.constantFrom(
    'a',
    'app',
    'web',
    'ReadWriteOnce',
    'x.y/z',
    'yes',
    'No',
    'null',
    '1',
    '0x1',
    '2001-12-14',
    'a b',
    '',
    '-a',
    '_x',
    'True',
    'on',
    'y',
  );
  const scalar = fc.oneof(
    { weight: 6, arbitrary: word },
    { weight: 2, arbitrary: fc.integer({ min: -5, max: 100_000 }) },
    fc.boolean(),
    fc.constant(null),
    fc.double({ noNaN: true }),
    fc.string({ maxLength: 4 }),
  );
  const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), fc.array(fc.oneof(scalar, tie('map')), { maxLength: 3 })),
    map: fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom('a', 'app', 'x.y/z', 'matchLabels') }, word), tie('node'), { maxKeys: 4 }),
  })).map;

  it('emitBlock equals stringify wherever it writes', () => {
    let written = 0;
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 8 }), fc.boolean(), (v, step, indentSeq) => {
        const mine = emitBlock(v, { step, indentSeq }, '');
        if (mine === undefined) return;
        written++;
        expect(mine).toBe(stringify(v, { version: '1.1', indent: step, indentSeq, lineWidth: 0 }));
      }),
      propertyParameters(2_000),
    );
    expect(written).toBeGreaterThan(50);
  });

  const plainWord = fc.constantFrom('a', 'app', 'web', 'ReadWriteOnce', 'x.y/z', '_x', 'matchLabels', 'None');
  const plainScalar = fc.oneof(plainWord, fc.integer({ min: -5, max: 100_000 }), fc.boolean(), fc.constant(null));
  const writable: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, plainScalar, tie('map'), fc.array(plainScalar, { minLength: 1, maxLength: 3 })),
    map: fc.dictionary(plainWord, tie('node'), { minKeys: 1, maxKeys: 4 }),
  })).map;

  it('on values of the shapes it writes, it writes every one', () => {
    fc.assert(
      fc.property(writable, fc.integer({ min: 1, max: 8 }), fc.boolean(), (v, step, indentSeq) => {
        expect(emitBlock(v, { step, indentSeq }, '')).toBe(stringify(v, { version: '1.1', indent: step, indentSeq, lineWidth: 0 }));
      }),
      propertyParameters(2_000),
    );
  });
});
