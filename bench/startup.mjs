#!/usr/bin/env node
// Start-up cost of schema validation on one small file (a StatefulSet and its Service):
//   - the CLI end to end: schema-invalid on (two precompiled validators loaded) and off;
//   - in a fresh process, what validation costs before the first manifest is checked: loading the
//     two precompiled validators, against compiling the same two schemas with ajv at run time
//     (what start-up would pay without the ahead-of-time compilation).
// Not a test: timings are noisy. `npm run build` first.   node bench/startup.mjs [--runs N]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// What users run: the package's bin (the bundle).
const CLI = path.join(ROOT, JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin.stslint);
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt === -1 ? 21 : Number(process.argv[runsAt + 1]);
const ROOTS = ['apps.v1.StatefulSet@1.35', 'core.v1.Service@1.30'];

const dir = mkdtempSync(path.join(tmpdir(), 'stslint-startup-'));
const FILE = path.join(dir, 'web.yaml');
writeFileSync(
  FILE,
  `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{name: http, containerPort: 80}]
        volumeMounts: [{name: data, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`,
);

/** Median wall time of a command, in ms. */
function wall(args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0 && result.status !== 1) throw new Error(result.stderr);
  }
  return median(times);
}

/** Median of the time a fresh process reports for `code` (it prints its own ms), in ms. */
function inProcess(code) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(result.stderr);
    times.push(Number(result.stdout));
  }
  return median(times);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const precompiled = `
const start = performance.now();
const { createRequire } = await import('node:module');
const require = createRequire(${JSON.stringify(path.join(ROOT, 'package.json'))});
for (const root of ${JSON.stringify(ROOTS)}) require('./dist/validators/' + root + '.cjs');
process.stdout.write(String(performance.now() - start));`;

const runtimeCompiled = `
const start = performance.now();
const { default: Ajv } = await import('ajv');
const { readFileSync } = await import('node:fs');
const definitions = { ...JSON.parse(readFileSync('schemas/definitions.json', 'utf8')), $id: 'https://stslint.dev/schemas/definitions.json' };
const ajv = new Ajv({ allErrors: true, messages: false, allowUnionTypes: true, inlineRefs: false });
ajv.addSchema(definitions);
for (const root of ${JSON.stringify(ROOTS)}) ajv.compile({ $ref: 'https://stslint.dev/schemas/definitions.json#/definitions/' + root });
process.stdout.write(String(performance.now() - start));`;

const rows = [
  ['node -e 0', wall(['-e', '0'])],
  ['stslint web.yaml', wall([CLI, FILE])],
  ['stslint web.yaml --rule schema-invalid=off', wall([CLI, '--rule', 'schema-invalid=off', FILE])],
  ['load 2 precompiled validators (in process)', inProcess(precompiled)],
  ['compile the same 2 schemas with ajv at run time (in process)', inProcess(runtimeCompiled)],
];
process.stdout.write(`median of ${RUNS} runs, ${process.version}\n`);
for (const [label, ms] of rows) process.stdout.write(`${label.padEnd(62)} ${ms.toFixed(1).padStart(7)} ms\n`);
