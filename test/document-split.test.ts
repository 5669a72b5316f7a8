// Files of 64 KiB or more are cut into documents before parsing (src/yaml/prescan.ts). That fast
// path must not change a single finding: every document of every size is read, and the results
// are those of the plain `yaml` path on the whole file (STSLINT_YAML_READER=yaml), compared on
// streams just below and just above the threshold, built from the fixtures and the shared corpus.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSources, type SourceInput } from '../src/engine/lint.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const THRESHOLD = 64 * 1024;

function manifestFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ya?ml)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

/** Documents removed from the API in 1.22, which api-removed reports for any target from 1.22 on. */
const REMOVED = [
  (i: number) => `apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
metadata:
  name: things${i}.example.com
spec:
  group: example.com
  names: {kind: Thing${i}, plural: things${i}}
  scope: Namespaced
  version: v1
`,
  (i: number) => `apiVersion: admissionregistration.k8s.io/v1beta1
kind: ValidatingWebhookConfiguration
metadata:
  name: hook-${i}
webhooks: []
`,
];

/** Padding documents of a kind no StatefulSet rule reads (a ClusterRole), each about 1 KiB. */
function clusterRole(i: number): string {
  const rules = Array.from({ length: 12 }, (_, j) => `  - apiGroups: [""]\n    resources: ["pods${j}"]\n    verbs: ["get"]\n`).join('');
  return `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: role-${i}\nrules:\n${rules}`;
}

/** A stream of `size` bytes or a little more: removed kinds first and last, ClusterRoles between. */
function stream(size: number): string {
  const docs = [REMOVED[0]!(0), REMOVED[1]!(0)];
  let length = docs.join('---\n').length;
  for (let i = 0; length < size - 400; i++) {
    const doc = clusterRole(i);
    docs.push(doc);
    length += doc.length + 4;
  }
  docs.push(REMOVED[0]!(1));
  return docs.join('---\n');
}

function slowPath(inputs: readonly SourceInput[], options: Parameters<typeof lintSources>[1]): ReturnType<typeof lintSources> {
  process.env.STSLINT_YAML_READER = 'yaml';
  try {
    return lintSources(inputs, options);
  } finally {
    delete process.env.STSLINT_YAML_READER;
  }
}

/**
 * Results without the fixes and suggestions they offer. The plain path refuses every fix in a
 * file that lenient parsing (src/yaml/lenient.ts) repaired anywhere, because the repaired text's
 * offsets are not the file's; the split path repairs only the document that needs it, so it can
 * still offer fixes on the file's other documents. Findings, positions and messages must agree.
 */
function withoutFixes(results: ReturnType<typeof lintSources>['results']): unknown {
  return results.map((r) => ({
    ...r,
    messages: r.messages.map(({ fix: _fix, suggestions: _suggestions, ...m }) => m),
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  }));
}

function expectSameAsSlowPath(inputs: readonly SourceInput[], options = { preset: 'all' as const, kubernetesVersion: '1.33' }): ReturnType<typeof lintSources> {
  const fast = lintSources(inputs, options);
  const slow = slowPath(inputs, options);
  expect(withoutFixes(fast.results)).toEqual(withoutFixes(slow.results));
  expect(fast.stats).toEqual(slow.stats);
  return fast;
}

describe('large files are cut into documents without losing any', () => {
  for (const size of [THRESHOLD - 2048, THRESHOLD + 2048, 4 * THRESHOLD]) {
    it(`reports every removed API in a ${size}-byte stream of other kinds`, () => {
      const text = stream(size);
      expect(text.length < THRESHOLD).toBe(size < THRESHOLD);
      const run = expectSameAsSlowPath([{ path: '/bundle.yaml', text }]);
      const removed = run.findings.filter((f) => f.ruleId === 'api-removed');
      // Two CRDs and one webhook configuration, wherever they stand in the file.
      expect(removed.map((f) => f.loc.line).length).toBe(3);
      expect(removed.at(-1)!.loc.line).toBeGreaterThan(text.split('\n').length - 12);
    });
  }

  it('gives the plain path its findings on streams of the fixtures and corpus files, on both sides of 64 KiB', () => {
    const texts = [...manifestFiles(path.join(ROOT, 'fixtures')), ...manifestFiles(CORPUS)].map((f) => readFileSync(f, 'utf8').replace(/^\uFEFF/, ''));
    // Streams of whole files, cut where they pass the threshold, then the same streams one file shorter.
    const streams: string[] = [];
    let current: string[] = [];
    for (const text of texts) {
      current.push(text.endsWith('\n') ? text : `${text}\n`);
      if (current.join('---\n').length >= THRESHOLD) {
        streams.push(current.join('---\n'));
        if (current.length > 1) streams.push(current.slice(0, -1).join('---\n'));
        current = [];
      }
    }
    expect(streams.some((s) => s.length >= THRESHOLD)).toBe(true);
    expectSameAsSlowPath(streams.map((text, i) => ({ path: `/stream-${i}.yaml`, text })));
    // Lints every fixture and corpus file twice over: ~20 s on a quiet machine, near the suite's 60 s hang limit under load.
  }, 300_000);
});
