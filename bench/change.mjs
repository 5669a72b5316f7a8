#!/usr/bin/env node
// The cost of change-time checks: the same run with and without a base version, side by side.
// The bound is 2×. Run by `npm run bench` after the main workloads, or on its own:
//
//   node bench/change.mjs [--runs N] [--files N]
//
// Workloads (a generated repository of N manifest files, 5 % of them changed since HEAD: scaled,
// upgraded, one in ten of those renamed):
//   --base HEAD on the directory   git diff + cat-file of the changed files only
//   pre-commit                     one staged file with --context . --base HEAD
//   --base-path                    a base given as files: every base file is parsed and compared

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).bin.stslint);
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const RUNS = Number(option('runs', 5));
const FILES = Number(option('files', 1000));
const OUT = path.join(ROOT, 'bench/out', `change-${FILES}`);

function app(i, replicas = 3, image = 'postgres:16.4') {
  const name = `db${String(i).padStart(5, '0')}`;
  const ns = `team-${i % 20}`;
  return `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  clusterIP: None
  selector: {app: ${name}}
  ports: [{name: pg, port: 5432}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}, namespace: ${ns}}
spec:
  serviceName: ${name}
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
      - name: postgres
        image: ${image}
        ports: [{name: pg, containerPort: 5432}]
        readinessProbe: {exec: {command: [pg_isready]}}
        resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {memory: 1Gi}}
        volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOncePod]
      resources: {requests: {storage: 20Gi}}
`;
}

function git(cwd, ...gitArgs) {
  const result = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...gitArgs], {
    cwd,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`git ${gitArgs.join(' ')}: ${result.stderr}`);
}

/** The repository: N files committed, then 5 % changed in the work tree (and staged). */
function prepare() {
  const marker = path.join(OUT, '.complete');
  if (existsSync(marker)) return;
  rmSync(OUT, { recursive: true, force: true });
  const repo = path.join(OUT, 'repo');
  mkdirSync(path.join(repo, 'deploy'), { recursive: true });
  const file = (i) => path.join(repo, 'deploy', `db-${String(i).padStart(5, '0')}.yaml`);
  for (let i = 0; i < FILES; i++) writeFileSync(file(i), app(i));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  cpSync(path.join(repo, 'deploy'), path.join(OUT, 'base'), { recursive: true });
  const step = 20;
  for (let i = 0; i < FILES; i += step) {
    let text = app(i, 5, 'postgres:16.6');
    if ((i / step) % 10 === 0)
      text = text.replaceAll(`name: db${String(i).padStart(5, '0')}, namespace`, `name: db${String(i).padStart(5, '0')}-v2, namespace`);
    writeFileSync(file(i), text);
  }
  git(repo, 'add', '-A');
  writeFileSync(marker, '');
}

function runOnce(cwd, cliArgs) {
  const start = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...cliArgs], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.error) throw result.error;
  if (result.status === 2) throw new Error(`stslint ${cliArgs.join(' ')}: ${result.stderr}`);
  return (performance.now() - start) / 1000;
}

function median(cwd, cliArgs) {
  runOnce(cwd, cliArgs);
  const times = Array.from({ length: RUNS }, () => runOnce(cwd, cliArgs)).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

prepare();
const repo = path.join(OUT, 'repo');
const workloads = [
  ['--base HEAD, directory', ['--format', 'json', 'deploy'], ['--format', 'json', '--base', 'HEAD', 'deploy']],
  [
    'pre-commit, 1 staged file',
    ['--format', 'json', '--context', '.', 'deploy/db-00020.yaml'],
    ['--format', 'json', '--context', '.', '--base', 'HEAD', 'deploy/db-00020.yaml'],
  ],
  ['--base-path, directory', ['--format', 'json', 'deploy'], ['--format', 'json', '--base-path', path.join(OUT, 'base'), 'deploy']],
];
const pad = (s, n) => String(s).padEnd(n);
console.log(`\nchange-time checks — ${FILES} files, ${FILES / 20} changed since the base, median of ${RUNS} runs\n`);
console.log(`${pad('workload', 30)}${pad('without s', 12)}${pad('with s', 10)}ratio (bound: 2.0)`);
const rows = [];
for (const [name, without, withBase] of workloads) {
  const a = median(repo, without);
  const b = median(repo, withBase);
  rows.push({ workload: name, without: a, with: b, ratio: b / a });
  console.log(`${pad(name, 30)}${pad(a.toFixed(3), 12)}${pad(b.toFixed(3), 10)}${(b / a).toFixed(2)}`);
}
mkdirSync(path.join(ROOT, 'bench/out'), { recursive: true });
writeFileSync(
  path.join(ROOT, 'bench/out/change-results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), files: FILES, runs: RUNS, rows }, null, 2)}\n`,
);
