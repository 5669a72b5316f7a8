// No fast path may change a result. Each is compared with the full path on the same input, and
// the findings must be identical (rule, message, position, severity, and the run's counts):
//   - the fast YAML reader (src/yaml/fast-parse.ts), the split of large streams into documents
//     (src/yaml/prescan.ts, from SPLIT_MIN_SIZE) and locating by lines (src/yaml/fast-locate.ts),
//     against STSLINT_YAML_READER=yaml, which reads every file whole with `yaml`;
//   - worker threads (src/input/parallel.ts, from MIN_FILES files, or forced) against one thread.
// Inputs: generated streams at sizes on both sides of every threshold of src/input and src/yaml,
// the Helm and Kustomize renders of ../shared/charts (rendered here with the tools of
// test/support/render-tools.ts; nothing of ../shared is kept in the repository), and the corpus (test/fast-parse.test.ts
// compares the fixtures and every corpus file the same way).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LintOptions, LintRun } from '../src/engine/lint.js';
import { lintSources, type SourceInput } from '../src/engine/lint.js';
import { SPLIT_MIN_SIZE } from '../src/yaml/prescan.js';
import { renderTools } from './support/render-tools.js';
import { ROOT, SHARED, tempDir } from './support/run.js';

const OPTIONS: LintOptions = { preset: 'all' };

/** The run with every fast path of the YAML stage off. */
function fullPath(inputs: readonly SourceInput[], options: LintOptions = OPTIONS): LintRun {
  process.env.STSLINT_YAML_READER = 'yaml';
  try {
    return lintSources(inputs, options);
  } finally {
    delete process.env.STSLINT_YAML_READER;
  }
}

function expectSameRun(inputs: readonly SourceInput[], options: LintOptions = OPTIONS): LintRun {
  const fast = lintSources(inputs, options);
  const full = fullPath(inputs, options);
  expect(fast.results).toEqual(full.results);
  expect(fast.stats).toEqual(full.stats);
  return fast;
}

// ---------- generated streams ----------

/** A v1beta1 CustomResourceDefinition (removed in 1.22) with a schema long enough to matter. */
const crdV1beta1 = (i: number) => `apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
metadata:
  name: things${i}.example.com
spec:
  group: example.com
  names: {kind: Thing${i}, plural: things${i}}
  scope: Namespaced
  version: v1
  validation:
    openAPIV3Schema:
      type: object
      properties:
${Array.from({ length: 12 }, (_, k) => `        field${k}:\n          description: 'Field ${k} of thing ${i}: what it holds, and why it is there.'\n          type: string`).join('\n')}
`;

const webhookV1beta1 = (i: number) => `apiVersion: admissionregistration.k8s.io/v1beta1
kind: ValidatingWebhookConfiguration
metadata:
  name: hook-${i}
webhooks:
  - name: hook-${i}.example.com
    clientConfig:
      service: {name: hook, namespace: system, path: /validate}
    rules:
      - {apiGroups: [example.com], apiVersions: [v1], operations: [CREATE, UPDATE], resources: ["things${i}"]}
`;

const statefulSet = (i: number, serviceName = `db-${i}`) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db-${i}
  namespace: data
spec:
  serviceName: ${serviceName}
  replicas: 3
  selector:
    matchLabels: {app: db-${i}}
  template:
    metadata:
      labels: {app: db-${i}}
    spec:
      containers:
        - name: db
          image: "postgres:16.3"
          ports: [{containerPort: 5432, name: pg}]
          volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
`;

const headlessService = (i: number) => `apiVersion: v1
kind: Service
metadata:
  name: db-${i}
  namespace: data
spec:
  clusterIP: None
  selector: {app: db-${i}}
  ports: [{port: 5432, name: pg}]
`;

/** Read by `yaml` only (a multi-line quoted scalar), between documents the fast reader reads. */
const configMapFolded = (i: number) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings-${i}
  namespace: data
  annotations:
    note: "a note that goes on
      over two lines"
data:
  app.conf: |
    listen 5432
    max_connections ${100 + i}
`;

const customResource = (i: number) => `apiVersion: example.com/v1
kind: Thing${i}
metadata: {name: thing-${i}, namespace: data}
spec: {size: ${i}}
`;

const namespace = () => `apiVersion: v1
kind: Namespace
metadata:
  name: data
`;

const list = (i: number) => `apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: ServiceAccount, metadata: {name: sa-${i}, namespace: data}}
  - {apiVersion: policy/v1beta1, kind: PodSecurityPolicy, metadata: {name: psp-${i}}, spec: {}}
`;

/** Broken documents: the finding must be the same whichever reader met it. */
const broken = [
  (i: number) => `{\n*a  "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "alias-${i}"}}\n`,
  (i: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: bad-${i}\n  name: twice-${i}\n`,
  (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unclosed-${i}\ndata: {}\n`,
  (i: number) => `apiVersion: v1\nkind: Secret\nmetadata: {name: "s-${i}"}\nstringData:\n  key: value\n\tbad: tab\n`,
  () => `- just\n- a list\n`,
  (i: number) =>
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: dup-${i % 2}, namespace: data}\nspec: {serviceName: x, selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}}\n`,
];

/** Suppressions of every form, used and unused, so that placing them is compared too. */
const suppressed = (i: number) => `# stslint-disable volume-mount-unresolved -- webhook adds it
${statefulSet(i, `elsewhere-${i}`)
  .replace('  serviceName:', '  # stslint-disable-next-line service-missing -- in another repository\n  serviceName:')
  .replace('  replicas: 3', '  replicas: 3  # stslint-disable-line pdb-missing,no-such-rule')
  .replace('  namespace: data', '  namespace: data\n  annotations:\n    stslint.io/ignore: "anti-affinity-missing -- one node"')}`;

const KINDS = [
  suppressed,
  crdV1beta1,
  webhookV1beta1,
  statefulSet,
  headlessService,
  configMapFolded,
  customResource,
  list,
  (i: number) => statefulSet(i, `missing-${i}`),
];

/**
 * A stream of `size` characters exactly: documents of every sort in turn (and broken ones when
 * asked), then a comment that pads it to the size.
 */
function stream(size: number, withBroken: boolean): string {
  const docs = [namespace()];
  let length = docs[0]!.length;
  for (let i = 0; ; i++) {
    const make = withBroken && i % 5 === 4 ? broken[Math.floor(i / 5) % broken.length]! : KINDS[i % KINDS.length]!;
    const doc = `---\n${make(i)}`;
    if (length + doc.length + 8 > size) break;
    docs.push(doc);
    length += doc.length;
  }
  const text = docs.join('');
  const pad = size - text.length;
  return pad >= 3 ? `${text}#${'x'.repeat(pad - 2)}\n` : text + '\n'.repeat(pad);
}

describe('generated streams on both sides of each threshold', () => {
  // The split of large files (SPLIT_MIN_SIZE, 64 KiB): one below, at, one above, and far above.
  const sizes = [SPLIT_MIN_SIZE - 1, SPLIT_MIN_SIZE, SPLIT_MIN_SIZE + 1, 16 * 1024, 3 * SPLIT_MIN_SIZE];
  for (const size of sizes) {
    for (const withBroken of [false, true]) {
      it(`${size} characters${withBroken ? ', with broken documents' : ''}: the same findings`, () => {
        const text = stream(size, withBroken);
        expect(text.length).toBe(size);
        const run = expectSameRun([{ path: 'stream.yaml', text }]);
        expect(run.findings.some((f) => f.ruleId === 'api-removed')).toBe(true);
      });
    }
  }

  it('a key on both sides of the fast reader’s key length limit', () => {
    for (const length of [999, 1000, 1001, 1023, 1024, 1025]) {
      const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: long-${length}}\ndata:\n  ${'k'.repeat(length)}: v\n  {${'f'.repeat(length)}: v}: x\n`;
      expectSameRun([{ path: `key-${length}.yaml`, text }]);
      expectSameRun([{ path: `key-${length}.yaml`, text: text.replace(/\n {2}\{.*\n$/, '\n') }]);
    }
  });

  it('nesting on both sides of the fast reader’s depth limit, block and flow', () => {
    for (const depth of [199, 200, 201]) {
      const block = Array.from({ length: depth }, (_, d) => `${'  '.repeat(d + 1)}k${d}:`).join('\n');
      const flow = `${'['.repeat(depth)}x${']'.repeat(depth)}`;
      const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n${block} leaf\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: flow}\nbinaryData: ${flow}\n`;
      expectSameRun([{ path: `deep-${depth}.yaml`, text }]);
    }
  });

  it('more distinct scalars than the fast reader remembers (its cache is emptied on the way)', () => {
    // In maps of 100 keys (`yaml` checks a map's keys for repeats pairwise), in objects without
    // a schema (20,000 schema findings would measure the reporting instead), and one ConfigMap
    // whose numbers are findings: their messages quote the scalars as written.
    const maps = Array.from({ length: 201 }, (_, m) => {
      const values = Array.from({ length: 100 }, (_, k) => m * 100 + k).map((i) => `  k${i}: ${i % 3 === 0 ? i : i % 3 === 1 ? `0${i}` : `t${i}`}`);
      return `apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: many-${m}}\nspec:\n${values.join('\n')}\n`;
    });
    maps.push('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: numbers}\ndata: {a: 0100, b: 1.10, c: yes, d: 1e3}\n');
    const text = maps.join('---\n');
    expect(text.length).toBeGreaterThan(SPLIT_MIN_SIZE);
    const run = expectSameRun([{ path: 'many.yaml', text }]);
    expect(run.findings.map((f) => f.message)).toContainEqual(expect.stringContaining('(YAML reads the unquoted `0100` as 64)'));
  });
});

describe('documents of any kind in large files', () => {
  // The ECK all-in-one operator manifest (93 KB): three apiextensions.k8s.io/v1beta1 CRDs and an
  // admissionregistration.k8s.io/v1beta1 webhook, all removed in 1.22, were never reported
  // because the split dropped documents of kinds stslint does not model.
  it('reports removed APIs of every document, whatever the file size', () => {
    const filler = Array.from({ length: 100 }, (_, i) => `---\n${statefulSet(i)}---\n${headlessService(i)}`).join('');
    const removed = `---\n${crdV1beta1(1)}---\n${crdV1beta1(2)}---\n${crdV1beta1(3)}---\n${webhookV1beta1(1)}`;
    const large = `${namespace()}${filler}${removed}`;
    expect(large.length).toBeGreaterThan(SPLIT_MIN_SIZE);
    const small = `${namespace()}${removed}`;
    const apiRemoved = (text: string) =>
      lintSources([{ path: 'operator.yaml', text }], OPTIONS)
        .findings.filter((f) => f.ruleId === 'api-removed')
        .map((f) => f.message);
    expect(apiRemoved(large)).toHaveLength(4);
    expect(apiRemoved(large)).toEqual(apiRemoved(small));
  });
});

// ---------- worker threads ----------

describe('worker threads', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** `count` small files (pairs of a StatefulSet and its Service, some broken), plus one large stream. */
  function files(count: number): string {
    const dir = tempDir({});
    dirs.push(dir);
    for (let i = 0; i < count; i++) {
      const make = i % 7 === 6 ? broken[i % broken.length]! : KINDS[i % KINDS.length]!;
      const sub = path.join(dir, `d${Math.floor(i / 1000)}`);
      if (i % 1000 === 0) mkdirSync(sub, { recursive: true });
      writeFileSync(path.join(sub, `f${i}.yaml`), make(i));
    }
    writeFileSync(path.join(dir, 'stream.yaml'), stream(SPLIT_MIN_SIZE + 1, true));
    return dir;
  }

  async function lintFilesOf(dir: string, parallel: boolean | undefined): Promise<LintRun> {
    // Worker threads load compiled JavaScript: the built modules, as test/parallel.test.ts does.
    const { lintFiles } = (await import(path.join(ROOT, 'dist/src/engine/lint.js'))) as typeof import('../src/engine/lint.js');
    return lintFiles([dir], parallel === undefined ? OPTIONS : { ...OPTIONS, parallel });
  }

  // From MIN_FILES (20,000) files they start by themselves; forcing them on fewer takes the same
  // path (a run of 20,000 files twice would cost minutes).
  it('give the findings of one thread, forced on a few hundred files', async () => {
    const dir = files(300);
    const one = await lintFilesOf(dir, false);
    const threads = await lintFilesOf(dir, true);
    expect(one.findings.length).toBeGreaterThan(100);
    expect(threads.results).toEqual(one.results);
    expect(threads.stats).toEqual(one.stats);
  }, 60_000);
});

// ---------- renders of ../shared/charts ----------

const CHARTS = path.join(SHARED, 'charts');
// The tools the render tests use (test/support/render-tools.ts: helm and kubectl from a
// devDependency, so these run in CI), or others named by STSLINT_TEST_HELM / STSLINT_TEST_KUBECTL;
// without ../shared there is nothing to render: skipped.
const tools = existsSync(CHARTS) ? renderTools() : undefined;
const helm = tools ? (process.env.STSLINT_TEST_HELM ?? tools.helm) : undefined;
const kubectl = tools ? (process.env.STSLINT_TEST_KUBECTL ?? tools.kubectl) : undefined;

/** Values that make the Bitnami charts render the same text every time (see shared/charts/README.md). */
const PINNED = ['--set', 'auth.password=x', '--set', 'auth.postgresPassword=x', '--set', 'auth.rootPassword=x', '--set', 'kraft.clusterId=x'];

describe.skipIf(helm === undefined)('helm template renders of the shared charts', () => {
  const charts = helm ? readdirSync(CHARTS).filter((c) => existsSync(path.join(CHARTS, c, 'Chart.yaml'))) : [];
  for (const chart of charts) {
    it(`${chart}: the same findings`, () => {
      const text = execFileSync(helm!, ['template', 'r', path.join(CHARTS, chart), ...PINNED], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expectSameRun([{ path: `${chart}.yaml`, text }]);
    });
  }
});

describe.skipIf(kubectl === undefined)('kubectl kustomize renders of the shared layouts', () => {
  const layouts = kubectl
    ? readdirSync(CHARTS, { recursive: true, encoding: 'utf8' })
        .filter((f) => /(^|\/)kustomization\.ya?ml$/.test(f))
        .map((f) => path.dirname(path.join(CHARTS, f)))
    : [];
  for (const layout of layouts) {
    const rendered = spawnSync(kubectl!, ['kustomize', layout], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    // Components and bases that only build as part of an overlay do not render alone.
    it.skipIf(rendered.status !== 0)(`${path.relative(CHARTS, layout)}: the same findings`, () => {
      expectSameRun([{ path: 'kustomize.yaml', text: rendered.stdout }]);
    });
  }
});
