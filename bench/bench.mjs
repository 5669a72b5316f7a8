#!/usr/bin/env node
// `npm run bench`: generates reproducible corpora and measures stslint on them, beside
// `node -e 0` and, when they are on the PATH, kubeconform and kube-score.
// Prints a table and writes it to bench/out/results.json. Not a test: timings are noisy.
//
//   node bench/bench.mjs [--runs N] [--only name,name] [--skip-large]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench/out');
// What users run: the package's bin (the bundle), not the unbundled tsc output.
const CLI = path.join(ROOT, JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin.stslint);
const SHARED_BENCH = path.resolve(ROOT, '../shared/bench/gen_scale.py');
const ARGO = path.resolve(ROOT, '../shared/corpus/argo-cd/install.yaml');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const RUNS = Number(option('runs', 5));
const ONLY = option('only', '')?.split(',').filter(Boolean) ?? [];

// ---------- corpora ----------

/** Deterministic PRNG (mulberry32) so every run writes the same bytes. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function app(i, rand) {
  const name = `db${String(i).padStart(5, '0')}`;
  const ns = `team-${i % 50}`;
  const replicas = 3 + (i % 3);
  const peers = Array.from({ length: replicas }, (_, k) => `${name}-${k}.${name}.${ns}.svc.cluster.local:7000`).join(',');
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${ns}
  labels: {app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: shop}
data:
  server.conf: |
    cluster.peers=${peers}
    log.level=${rand() < 0.5 ? 'info' : 'warn'}
    cache.size=${Math.floor(rand() * 900) + 100}m
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app.kubernetes.io/name: ${name}}
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    app.kubernetes.io/name: ${name}
  ports:
  - name: peer
    port: 7000
  - name: client
    port: 9042
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: shop}
spec:
  serviceName: ${name}
  replicas: ${replicas}
  podManagementPolicy: ${rand() < 0.5 ? 'Parallel' : 'OrderedReady'}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${name}
        app.kubernetes.io/part-of: shop
    spec:
      terminationGracePeriodSeconds: 60
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              topologyKey: kubernetes.io/hostname
              labelSelector:
                matchLabels:
                  app.kubernetes.io/name: ${name}
      containers:
      - name: db
        image: example/db:1.${i % 9}.${i % 7}
        args: ["--seeds", "${name}-0.${name}.${ns}.svc.cluster.local", "--config", "/etc/db/server.conf"]
        env:
        - name: POD_NAME
          valueFrom: {fieldRef: {fieldPath: metadata.name}}
        ports:
        - {name: peer, containerPort: 7000}
        - {name: client, containerPort: 9042}
        readinessProbe:
          tcpSocket: {port: client}
          periodSeconds: 10
        resources:
          requests: {cpu: ${100 * (1 + (i % 8))}m, memory: ${1 + (i % 4)}Gi}
          limits: {memory: ${1 + (i % 4)}Gi}
        volumeMounts:
        - {name: data, mountPath: /var/lib/db}
        - {name: config, mountPath: /etc/db}
      volumes:
      - name: config
        configMap:
          name: ${name}-config
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: ${10 + (i % 90)}Gi
`;
}

function writeCorpus(dir, files) {
  const marker = path.join(dir, '.complete');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === String(files)) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rand = random(files);
  for (let i = 0; i < files; i++) writeFileSync(path.join(dir, `app-${String(i).padStart(5, '0')}.yaml`), app(i, rand));
  writeFileSync(marker, String(files));
}

/** A CRD-heavy bundle in the shape of Argo CD's install.yaml: a few huge CRDs and some workloads. */
function writeBundle(file) {
  if (existsSync(file)) return;
  const rand = random(7);
  const docs = [];
  for (let c = 0; c < 3; c++) {
    const props = [];
    for (let p = 0; p < 2500; p++) {
      props.push(
        `              field${p}:\n                description: ${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(2 + Math.floor(rand() * 3)).trim()}\n                type: ${rand() < 0.5 ? 'string' : 'integer'}`,
      );
    }
    docs.push(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: things${c}.example.io
spec:
  group: example.io
  names: {kind: Thing${c}, plural: things${c}}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
${props.join('\n')}`);
  }
  for (let i = 0; i < 14; i++) docs.push(app(i, rand).trimEnd());
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${docs.join('\n---\n')}\n`);
}

function sizeOf(target) {
  const info = statSync(target);
  if (info.isFile()) return { files: 1, bytes: info.size };
  let files = 0;
  let bytes = 0;
  for (const f of readdirSync(target)) {
    if (!/\.ya?ml$/.test(f)) continue;
    files++;
    bytes += statSync(path.join(target, f)).size;
  }
  return { files, bytes };
}

// ---------- measurement ----------

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command once; returns wall seconds and peak RSS in MB (when /usr/bin/time exists). */
function runOnce(command, commandArgs) {
  const start = performance.now();
  const result = TIME
    ? spawnSync(TIME, ['-f', '%M', command, ...commandArgs], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(command, commandArgs, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - start) / 1000;
  if (result.error) throw result.error;
  const rssKb = TIME ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return { seconds, rssMb: rssKb / 1024, status: result.status };
}

function measure(label, command, commandArgs, runs) {
  runOnce(command, commandArgs); // warm the file cache
  const samples = Array.from({ length: runs }, () => runOnce(command, commandArgs));
  const times = samples.map((s) => s.seconds).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  return { tool: label, median, min: times[0], rssMb: Math.max(...samples.map((s) => s.rssMb)), status: samples[0].status };
}

function onPath(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

// ---------- workloads ----------

mkdirSync(OUT, { recursive: true });
const workloads = [];
const add = (name, target, note) => workloads.push({ name, target, note });

writeCorpus(path.join(OUT, 'corpus-1'), 1);
add('1 file', path.join(OUT, 'corpus-1/app-00000.yaml'), 'generated');
for (const n of [100, 1000, 10000]) {
  writeCorpus(path.join(OUT, `corpus-${n}`), n);
  add(`${n} files`, path.join(OUT, `corpus-${n}`), 'generated');
}
if (existsSync(SHARED_BENCH) && onPath('python3')) {
  const dir = path.join(OUT, 'reference-5000');
  if (!existsSync(path.join(dir, 'app-04999.yaml'))) spawnSync('python3', [SHARED_BENCH, dir, '5000'], { stdio: 'inherit' });
  add('5000 files (reference)', dir, 'shared/bench/gen_scale.py');
}
const bundle = path.join(OUT, 'bundle/crd-bundle.yaml');
writeBundle(bundle);
add('CRD bundle', bundle, 'generated: 3 big CRDs + 14 apps');
if (existsSync(ARGO)) add('Argo CD install.yaml', ARGO, 'shared corpus');

const kubeconform = onPath('kubeconform');
const kubeScore = onPath('kube-score');
const selected = ONLY.length ? workloads.filter((w) => ONLY.some((o) => w.name.includes(o))) : workloads;

const rows = [];
rows.push({ workload: 'node -e 0', ...measure('node -e 0', process.execPath, ['-e', '0'], RUNS), files: 0, bytes: 0 });
for (const w of selected) {
  const { files, bytes } = sizeOf(w.target);
  const runs = files >= 5000 ? Math.min(RUNS, 3) : RUNS;
  const tools = [['stslint', process.execPath, [CLI, '--format', 'json', w.target]]];
  if (kubeconform) tools.push(['kubeconform -n 2 -strict', kubeconform, ['-n', '2', '-strict', '-ignore-missing-schemas', '-summary', w.target]]);
  if (kubeScore && statSync(w.target).isFile()) tools.push(['kube-score', kubeScore, ['score', w.target]]);
  for (const [label, command, commandArgs] of tools) {
    const m = measure(label, command, commandArgs, runs);
    rows.push({ workload: w.name, ...m, files, bytes, filesPerSecond: files / m.median, mbPerSecond: bytes / 1e6 / m.median });
  }
}

const pad = (s, n) => String(s).padEnd(n);
console.log(`\nstslint benchmark — ${os.cpus().length} cores, node ${process.version}, median of ${RUNS} runs (3 for 5,000+ files)\n`);
console.log(`${pad('workload', 24)}${pad('tool', 26)}${pad('median s', 10)}${pad('files/s', 10)}${pad('MB/s', 8)}${pad('peak RSS MB', 12)}exit`);
for (const r of rows) {
  console.log(
    `${pad(r.workload, 24)}${pad(r.tool, 26)}${pad(r.median.toFixed(3), 10)}${pad(r.filesPerSecond ? Math.round(r.filesPerSecond) : '', 10)}` +
      `${pad(r.mbPerSecond ? r.mbPerSecond.toFixed(1) : '', 8)}${pad(Number.isFinite(r.rssMb) ? r.rssMb.toFixed(0) : 'n/a', 12)}${r.status}`,
  );
}
if (!kubeconform) console.log('\nkubeconform is not on the PATH: its rows are skipped.');
if (!kubeScore) console.log('kube-score is not on the PATH: its rows are skipped.');
writeFileSync(
  path.join(OUT, 'results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, rows }, null, 2)}\n`,
);
console.log(`\nWritten to ${path.relative(process.cwd(), path.join(OUT, 'results.json'))}`);

// Change-time checks (--base, --base-path): the same runs with and without a base (bench/change.mjs).
if (!ONLY.length || ONLY.includes('base')) spawnSync(process.execPath, [path.join(ROOT, 'bench/change.mjs'), '--runs', String(RUNS)], { stdio: 'inherit' });
