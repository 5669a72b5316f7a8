#!/usr/bin/env node
// `npm run bench:lsp`: how fast the language server answers an edit in a large workspace.
// Not a test: timings are noisy; the target is diagnostics within 300 ms of a keystroke in a
// 1,000-file workspace. Starts the package's `stslint-language-server --stdio` and drives it with
// the tests' own client (test/support/lsp-client.ts, bundled here with esbuild).
//
// The workspace: N/2 StatefulSets (with their ConfigMap and PodDisruptionBudget) and, in other
// files, their N/2 headless Services, in 50 namespaces. Measured:
//   - start: initialize → folder read (the server's log line) → first diagnostics;
//   - keystroke: an edit of one set's `serviceName` (alternately breaking and repairing it, so
//     that its diagnostics change) → that document's diagnostics for that version, one at a time;
//   - burst: 10 keystrokes 30 ms apart → diagnostics of the last one;
//   - cross-file: an edit of a Service → the diagnostics of its StatefulSet's file.
//
//   node bench/lsp.mjs [--files 1000] [--edits 40] [--cache]
//
// With --cache, `stslint --cache .` runs in the workspace first and the server starts with
// `stslint.cache` on: the start of a folder the CLI has linted (src/server/shared-cache.ts).

import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench/out');
const SERVER = path.join(ROOT, JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin['stslint-language-server']);

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const FILES = option('files', 1000);
const EDITS = option('edits', 40);
const CACHE = args.includes('--cache');

mkdirSync(OUT, { recursive: true });
await build({
  entryPoints: [path.join(ROOT, 'test/support/lsp-client.ts')],
  outfile: path.join(OUT, 'lsp-client.mjs'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const { LspClient } = await import(pathToFileURL(path.join(OUT, 'lsp-client.mjs')).href);

// ---------- workspace ----------

function statefulSet(i) {
  const name = `db${String(i).padStart(5, '0')}`;
  const ns = `team-${i % 50}`;
  return `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}-config, namespace: ${ns}}
data:
  server.conf: |
    cluster.peers=${name}-0.${name}.${ns}.svc.cluster.local:7000
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}, namespace: ${ns}}
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app.kubernetes.io/name: ${name}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app.kubernetes.io/name: ${name}}
spec:
  serviceName: ${name}
  replicas: 3
  selector:
    matchLabels: {app.kubernetes.io/name: ${name}}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ${name}}
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              topologyKey: kubernetes.io/hostname
              labelSelector:
                matchLabels: {app.kubernetes.io/name: ${name}}
      containers:
      - name: db
        image: example/db:1.${i % 9}
        ports:
        - {name: peer, containerPort: 7000}
        readinessProbe:
          tcpSocket: {port: peer}
        volumeMounts:
        - {name: data, mountPath: /var/lib/db}
        - {name: config, mountPath: /etc/db}
      volumes:
      - name: config
        configMap: {name: ${name}-config}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOncePod]
      resources: {requests: {storage: ${10 + (i % 90)}Gi}}
`;
}

function service(i) {
  const name = `db${String(i).padStart(5, '0')}`;
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: team-${i % 50}
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector: {app.kubernetes.io/name: ${name}}
  ports:
  - {name: peer, port: 7000}
`;
}

const dir = path.join(os.tmpdir(), `stslint-lsp-bench-${FILES}`);
if (!existsSync(path.join(dir, '.complete'))) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'sets'), { recursive: true });
  mkdirSync(path.join(dir, 'services'), { recursive: true });
  for (let i = 0; i < FILES / 2; i++) {
    writeFileSync(path.join(dir, 'sets', `db${String(i).padStart(5, '0')}.yaml`), statefulSet(i));
    writeFileSync(path.join(dir, 'services', `db${String(i).padStart(5, '0')}.yaml`), service(i));
  }
  writeFileSync(path.join(dir, '.complete'), '');
}

// ---------- measurement ----------

const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, median: round(at(0.5)), p95: round(at(0.95)), max: round(sorted[sorted.length - 1]) };
};
const round = (ms) => Math.round(ms * 10) / 10;
const isPublish = (uri, version) => (m) =>
  m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && (version === undefined || m.params.version === version);

if (CACHE) {
  const cli = path.join(ROOT, JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin.stslint);
  spawnSync(process.execPath, [cli, '.', '--cache', '--format', 'compact', '--output-file', os.devNull], { cwd: dir, stdio: 'ignore' });
}

const client = new LspClient(process.execPath, [SERVER, '--stdio']);
const t0 = performance.now();
await client.initialize(pathToFileURL(dir).href, CACHE ? { cache: true } : undefined);
const initialized = performance.now() - t0;
const log = await client.waitFor((m) => m.method === 'window/logMessage' && m.params.message.includes('manifest files of'), 120_000);
const folderRead = performance.now() - t0;

const pick = Math.floor(FILES / 4);
const setName = `db${String(pick).padStart(5, '0')}`;
const setUri = pathToFileURL(path.join(dir, 'sets', `${setName}.yaml`)).href;
const serviceUri = pathToFileURL(path.join(dir, 'services', `${setName}.yaml`)).href;
const setText = statefulSet(pick);
const serviceText = service(pick);
const lines = setText.split('\n');
const line = lines.findIndex((l) => l.includes('serviceName:'));
const character = lines[line].indexOf(setName) + setName.length - 1;

let version = 1;
let from = client.received.length;
const opened = performance.now();
client.notify('textDocument/didOpen', { textDocument: { uri: setUri, languageId: 'yaml', version, text: setText } });
await client.waitFor(isPublish(setUri, version), 20_000, from);
const firstDiagnostics = performance.now() - opened;

// The server's CPU time (Linux: utime + stime of /proc/<pid>/stat, in clock ticks of 10 ms): on a
// shared machine wall times follow the load, CPU time much less.
const serverCpuSeconds = () => {
  const file = `/proc/${client.process.pid}/stat`;
  if (!existsSync(file)) return undefined;
  const [utime, stime] = readFileSync(file, 'utf8').split(') ')[1].split(' ').slice(11, 13);
  return (Number(utime) + Number(stime)) / 100;
};

const cpuAtFirstDiagnostics = serverCpuSeconds();
const cpuBeforeKeystrokes = serverCpuSeconds();
// One keystroke at a time: replace the last character of the Service name.
const keystroke = [];
for (let k = 0; k < EDITS; k++) {
  version++;
  from = client.received.length;
  const start = performance.now();
  const text = k % 2 === 0 ? 'x' : setName.at(-1);
  client.notify('textDocument/didChange', {
    textDocument: { uri: setUri, version },
    contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text }],
  });
  await client.waitFor(isPublish(setUri, version), 20_000, from);
  keystroke.push(performance.now() - start);
}

const cpuAfterKeystrokes = serverCpuSeconds();

// Bursts of typing: diagnostics after the last keystroke of each burst.
const burst = [];
for (let b = 0; b < 10; b++) {
  for (let k = 0; k < 10; k++) {
    version++;
    client.notify('textDocument/didChange', {
      textDocument: { uri: setUri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: k % 2 === 0 ? 'x' : setName.at(-1) }],
    });
    if (k < 9) await new Promise((resolve) => setTimeout(resolve, 30));
  }
  from = client.received.length;
  const start = performance.now();
  await client.waitFor(isPublish(setUri, version), 20_000, from);
  burst.push(performance.now() - start);
}

// Cross-file: the Service is renamed and back, in an unsaved buffer; the set's file follows.
let serviceVersion = 1;
client.notify('textDocument/didOpen', { textDocument: { uri: serviceUri, languageId: 'yaml', version: serviceVersion, text: serviceText } });
await client.waitFor(isPublish(serviceUri, serviceVersion), 20_000, 0);
const crossFile = [];
for (let k = 0; k < Math.min(EDITS, 20); k++) {
  serviceVersion++;
  from = client.received.length;
  const start = performance.now();
  client.notify('textDocument/didChange', {
    textDocument: { uri: serviceUri, version: serviceVersion },
    contentChanges: [{ text: k % 2 === 0 ? serviceText.replace(`name: ${setName}`, `name: ${setName}x`) : serviceText }],
  });
  await client.waitFor(isPublish(setUri), 20_000, from);
  crossFile.push(performance.now() - start);
}

// Peak memory of the server process (Linux: VmHWM), with the whole workspace parsed and kept.
const status = `/proc/${client.process.pid}/status`;
const peakRssMb = existsSync(status) ? Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(status, 'utf8'))?.[1]) / 1024) : undefined;
const cpuAtEnd = serverCpuSeconds();
const exitCode = await client.shutdown();
const results = {
  files: FILES,
  node: process.version,
  cpus: os.cpus().length,
  start: {
    initializeMs: round(initialized),
    folderReadMs: round(folderRead),
    serverLog: log.params.message,
    openToFirstDiagnosticsMs: round(firstDiagnostics),
    cache: CACHE,
    serverCpuSecondsToFirstDiagnostics: cpuAtFirstDiagnostics,
  },
  keystrokeToDiagnosticsMs: stats(keystroke),
  burstLastKeystrokeToDiagnosticsMs: stats(burst),
  crossFileEditToOtherFileMs: stats(crossFile),
  peakRssMb,
  serverCpu:
    cpuAtEnd === undefined ? undefined : { totalSeconds: cpuAtEnd, perKeystrokeMs: round(((cpuAfterKeystrokes - cpuBeforeKeystrokes) * 1000) / EDITS) },
  loadAverage: os.loadavg()[0],
  exitCode,
};
writeFileSync(path.join(OUT, 'lsp.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
