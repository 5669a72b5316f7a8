// Property-based robustness: random and mutated manifests never make stslint throw, never make
// a rule crash (an internal-error finding), and every finding lies inside its file.
// `npm test` runs a bounded number of cases; `npm run fuzz` runs many more (FUZZ_RUNS).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lintSources } from '../src/engine/lint.js';
import { propertyParameters } from './support/property.js';
import type { Finding } from '../src/shared/finding.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const ROOT = path.resolve(import.meta.dirname, '..');

function manifestFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => /\.(ya?ml|json)$/.test(f) && statSync(f).isFile() && statSync(f).size < 300_000);
}

const SEEDS = [...manifestFiles(path.join(ROOT, 'fixtures')), ...manifestFiles(path.resolve(ROOT, '../shared/corpus'))].map((f) => readFileSync(f, 'utf8'));

/** Checks the invariants on one input and returns its findings. */
function lintChecked(text: string): Finding[] {
  const run = lintSources([{ path: '/fuzz.yaml', text }]);
  const crashes = run.findings.filter((f) => f.ruleId === 'internal-error');
  expect(crashes.map((f) => f.message)).toEqual([]);
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (const f of run.findings) {
    const where = `${f.ruleId}@${f.loc.line}:${f.loc.column}-${f.loc.endLine}:${f.loc.endColumn}`;
    expect(f.loc.line, where).toBeGreaterThanOrEqual(1);
    expect(f.loc.line, where).toBeLessThanOrEqual(lines.length);
    expect(f.loc.column, where).toBeGreaterThanOrEqual(1);
    expect(f.loc.column, where).toBeLessThanOrEqual((lines[f.loc.line - 1]?.length ?? 0) + 1);
    expect(f.loc.endLine * 1e6 + f.loc.endColumn, where).toBeGreaterThanOrEqual(f.loc.line * 1e6 + f.loc.column);
    expect(f.loc.endLine, where).toBeLessThanOrEqual(lines.length);
  }
  return run.findings;
}

const WRONG_VALUES = ['[]', '{}', 'null', '~', '"abc"', '123', '-1', '1.5', '[a, b]', '{a: 1}', 'true', '"0"', '""', '[[1]]', '{matchLabels: []}'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 8 }) }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value: fc.constantFrom(...WRONG_VALUES) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const i = m.at % Math.max(1, lines.length);
  switch (m.kind) {
    case 'delete':
      lines.splice(i, 1);
      return lines.join('\n');
    case 'duplicate':
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    case 'swap': {
      const j = m.with % Math.max(1, lines.length);
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'bytes': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'retype': {
      const candidates = lines.map((l, n) => [l, n] as const).filter(([l]) => /^\s*-?\s*[\w./-]+:\s*\S/.test(l));
      if (candidates.length === 0) return text;
      const [line, n] = candidates[m.at % candidates.length]!;
      lines[n] = line.replace(/:\s*\S.*$/, `: ${m.value}`);
      return lines.join('\n');
    }
  }
}

/** Every path to a value inside a plain object. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function setIn(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

const GOOD_SET = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' } },
  spec: {
    serviceName: 'web',
    replicas: 3,
    ordinals: { start: 1 },
    podManagementPolicy: 'Parallel',
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' },
    selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }] },
    template: {
      metadata: { labels: { app: 'web', tier: 'a' }, annotations: { x: 'z' } }, // not `y`: YAML 1.1, as kubectl reads it, makes an unquoted y the boolean true
      spec: {
        terminationGracePeriodSeconds: 30,
        setHostnameAsFQDN: true,
        initContainers: [{ name: 'init', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/d' }] }],
        containers: [
          {
            name: 'app',
            image: 'nginx',
            args: ['--peers=web-0.web.prod.svc.cluster.local,web-1.web'],
            env: [{ name: 'PEERS', value: 'web-2.web:80' }],
            ports: [{ name: 'http', containerPort: 80 }],
            readinessProbe: { httpGet: { path: '/', port: 80 } },
            volumeMounts: [
              { name: 'data', mountPath: '/data' },
              { name: 'config', mountPath: '/etc/c' },
            ],
            volumeDevices: [{ name: 'raw', devicePath: '/dev/x' }],
          },
        ],
        volumes: [{ name: 'config', configMap: { name: 'web' } }],
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } } }],
          },
        },
      },
    },
    volumeClaimTemplates: [
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } } },
      { metadata: { name: 'raw' }, spec: { accessModes: ['ReadWriteOncePod'], volumeMode: 'Block', resources: { requests: { storage: 1073741824 } } } },
    ],
  },
};

const NEIGHBOURS = [
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'prod' },
    spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] },
  },
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'web', namespace: 'prod' },
    spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
  },
  { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'fast' }, provisioner: 'x', reclaimPolicy: 'Delete' },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web', namespace: 'prod' }, data: { peers: 'web-0.web web-9.web' } },
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'prod' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web' }, maxReplicas: 5 },
  },
];

const randomValue = fc.oneof(
  fc.constantFrom(null, '', 'None', 'Delete', -1, 0, 2 ** 31, 1.5, true, [], {}, ['x'], { a: 'b' }, [{}], [null], '0%', '101%'),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('robustness properties', () => {
  it('survives mutated real manifests', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        lintChecked(mutations.reduce(mutate, seed));
      }),
      propertyParameters(RUNS),
    );
  });

  it('survives any field of a StatefulSet and its neighbours holding any type', () => {
    const targets = [GOOD_SET, ...NEIGHBOURS];
    fc.assert(
      fc.property(fc.nat(targets.length - 1), fc.nat(), randomValue, (which, at, value) => {
        const target = targets[which]!;
        const all = paths(target);
        const changed = setIn(target, all[at % all.length]!, value);
        const docs = targets.map((t, i) => (i === which ? changed : t));
        lintChecked(docs.map((d) => stringify(d)).join('---\n'));
        lintChecked(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: docs }, null, 2));
      }),
      propertyParameters(RUNS),
    );
  });

  it('survives random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        lintChecked(text);
        lintChecked(`apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: x}\nspec:\n  ${text}`);
      }),
      propertyParameters(RUNS),
    );
  });

  it('the good StatefulSet itself is valid for every rule that checks API validity', () => {
    const findings = lintChecked([GOOD_SET, ...NEIGHBOURS].map((d) => stringify(d)).join('---\n'));
    expect(findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });
});
