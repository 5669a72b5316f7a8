// What a new user meets in the terminal, in pipes and in CI (issue 14): each test runs the
// package's bin as users do, with real pipes, real unwritable paths and real files.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CACHE_UNMOUNTED, DB_SERVICE, DB_SET, WEB_GOOD } from './support/manifests.js';
import { CLI, ROOT, stslint, tempDir, VERSION } from './support/run.js';

/** Runs a shell pipeline in which `$STSLINT` runs the bin. */
function shell(script: string, cwd: string, env: Record<string, string> = {}) {
  const result = spawnSync('sh', ['-c', script.replaceAll('$STSLINT', '"$NODE" "$CLI"')], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: '1', NODE: process.execPath, CLI, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, timedOut: result.error !== undefined };
}

const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k8s/db-${i}.yaml`, DB_SET.replace('name: db\n', `name: db-${i}\n`)]));

describe('output files that cannot be written (item 1)', () => {
  it.each([
    ['a path under /proc, where Node would spin creating directories', '/proc/nope/x.sarif', existsSync('/proc/self')],
    ['a path below a regular file', 'db.yaml/x.sarif', true],
  ])('%s: exit 2 with one line, at once', (_what, target, applicable) => {
    if (!applicable) return;
    const dir = tempDir({ 'db.yaml': DB_SET });
    const started = Date.now();
    const result = spawnSync(process.execPath, [CLI, '-f', `sarif=${target}`, 'db.yaml'], { cwd: dir, encoding: 'utf8', timeout: 15_000 });
    expect(result.error, 'the run must end by itself').toBeUndefined();
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^stslint: cannot write .*x\.sarif \((ENOENT|ENOTDIR|EACCES|EROFS)\)\n$/);
    // Checked before linting: no report was produced, and no long wait.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('creates missing directories for a file that can be written, and leaves no empty file when the run stops', () => {
    const dir = tempDir({ 'db.yaml': DB_SET });
    expect(stslint(['-f', 'sarif=a/b/c/x.sarif', 'db.yaml'], { cwd: dir }).code).toBe(1);
    expect(existsSync(path.join(dir, 'a/b/c/x.sarif'))).toBe(true);
    expect(stslint(['-f', 'sarif=out/y.sarif', '--namespace', 'Not_Valid', 'db.yaml'], { cwd: dir }).code).toBe(2);
    expect(existsSync(path.join(dir, 'out/y.sarif'))).toBe(false);
  });
});

describe('a closed pipe (item 2)', () => {
  it.each(['pretty', 'compact', 'sarif', 'github', 'junit', 'json'])('`stslint -f %s … | head -1` ends quietly', (format) => {
    const dir = tempDir(many(300));
    const { stdout, stderr, timedOut } = shell(`$STSLINT -f ${format} k8s | head -1`, dir);
    expect(timedOut).toBe(false);
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(stderr).toBe('');
  });

  it('keeps the exit code', () => {
    const dir = tempDir(many(300));
    const bash = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" -f compact k8s | head -1 >/dev/null; echo $?`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(bash.stdout.trim()).toBe('1');
    expect(bash.stderr).toBe('');
  });
});

describe('start-up: standard output without its stream, the build id', () => {
  // A pipe or a file is written with writeSync (src/cli/output.ts); a pipe another process left
  // non-blocking fills up (EAGAIN), and the rest then goes through process.stdout.
  it('writes the whole report into a full non-blocking pipe, and into a file, as the stream would', () => {
    if (spawnSync('python3', ['--version']).status !== 0) return;
    const dir = tempDir(many(150));
    const toFile = shell('$STSLINT -f json k8s > report.json; echo $?', dir);
    expect(toFile.stdout.trim()).toBe('1');
    const expected = readFileSync(path.join(dir, 'report.json'), 'utf8');
    expect(expected.length).toBeGreaterThan(200_000); // several pipe buffers
    const nonBlocking = `import os, sys; os.set_blocking(1, False); os.execv(sys.argv[1], sys.argv[1:])`;
    const piped = shell(`python3 -c '${nonBlocking}' "$NODE" "$CLI" -f json k8s | (sleep 3; cat)`, dir);
    expect(piped.timedOut).toBe(false);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toBe(expected);
  });

  // The bundle and the validators are written ASCII and inside the module wrapper (src/shared/
  // code-cache.ts reads them as Latin-1 and compiles them as they are), and their code caches must
  // be accepted by a plain `node`: a rejected cache costs every run ~40 % of its start-up.
  it('writes the bundle and the validators wrapped and ASCII, with code caches that a plain node accepts', () => {
    const files = [
      path.join(ROOT, 'dist/bundle/stslint.cjs'),
      ...readdirSync(path.join(ROOT, 'dist/validators'))
        .filter((f) => f.endsWith('.v8cache'))
        .map((f) => path.join(ROOT, 'dist/validators', f.slice(0, -'.v8cache'.length))),
    ];
    expect(files.length).toBeGreaterThan(5);
    const check = `const { isAscii } = require('node:buffer'); const { readFileSync } = require('node:fs'); const { Script } = require('node:vm');
      for (const file of JSON.parse(process.argv[1])) {
        const bytes = readFileSync(file);
        const script = new Script(bytes.toString('latin1'), { filename: file, cachedData: readFileSync(file + '.v8cache') });
        console.log(JSON.stringify({ file, ascii: isAscii(bytes), wrapped: bytes.toString('latin1', 0, 10) === '(function ', rejected: script.cachedDataRejected }));
      }`;
    const result = spawnSync(process.execPath, ['-e', check, JSON.stringify(files)], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const checked = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { file: string; ascii: boolean; wrapped: boolean; rejected: boolean });
    expect(checked.map((c) => c.file)).toEqual(files);
    for (const c of checked) expect(c, c.file).toMatchObject({ ascii: true, wrapped: true, rejected: false });
  });

  // The bin turns TurboFan inlining off (src/shared/jit.ts) before it loads anything; V8 rejects a
  // code cache consumed or written under other flags than the defaults the build writes and a
  // plain node reads them under, so validators (loaded later in a run, also in parse workers)
  // are loaded under the defaults, and the build's sample run does not tune.
  it('keeps code caches accepted and written under the defaults after the bin turned TurboFan inlining off', () => {
    const validators = readdirSync(path.join(ROOT, 'dist/validators'))
      .filter((f) => f.endsWith('.v8cache'))
      .map((f) => path.join(ROOT, 'dist/validators', f.slice(0, -'.v8cache'.length)));
    expect(validators.length).toBeGreaterThan(5);
    const dist = (file: string) => JSON.stringify(path.join(ROOT, 'dist/src/shared', file));
    const node = (body: string, env: Record<string, string> = {}) => {
      const script = `const { setFlagsFromString } = await import('node:v8');
        const { tuneForShortRun } = await import(${dist('jit.js')});
        const { loadWithCodeCache } = await import(${dist('code-cache.js')});
        const { setMeasuredFlag } = await import(${dist('v8-flags.js')});
        const validators = ${JSON.stringify(validators)};
        ${body}`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });
      expect(result.stderr).toBe('');
      return JSON.parse(result.stdout) as unknown;
    };
    const rejected = 'console.log(JSON.stringify(validators.map((file) => loadWithCodeCache(file).cacheRejected)));';
    const none = validators.map(() => false);
    expect(node(`tuneForShortRun(); ${rejected}`)).toEqual(none);
    // With the young generation's flag of a run over many files too (src/shared/young-generation.ts).
    expect(node(`tuneForShortRun(); setMeasuredFlag('--semi-space-growth-factor=1'); ${rejected}`)).toEqual(none);
    // What the flag alone would do (the premise of underDefaultFlags): every cache rejected.
    expect(node(`setFlagsFromString('--no-turbo-inlining'); ${rejected}`)).toEqual(validators.map(() => true));
    // A parse worker thread (src/input/parallel.ts) shares the flags and loads validators too.
    const inWorker = `const { Worker } = await import('node:worker_threads');
      tuneForShortRun();
      const worker = new Worker(
        'Promise.all([import("node:worker_threads"), import(' + JSON.stringify(${dist('code-cache.js')}) + ')]).then(([{ parentPort }, { loadWithCodeCache }]) => parentPort.postMessage(' +
          JSON.stringify(validators) + '.map((file) => loadWithCodeCache(file).cacheRejected)))',
        { eval: true },
      );
      console.log(JSON.stringify(await new Promise((resolve) => worker.once('message', resolve))));
      await worker.terminate();`;
    expect(node(inWorker)).toEqual(none);
    // The build's sample run (STSLINT_WRITE_CODE_CACHE=1) writes caches that a plain node accepts.
    const cache = path.join(tempDir({}), 'sample.v8cache');
    const source = 'function sample(n) { return n + 1; } sample(1);';
    const write = `const { Script } = await import('node:vm'); const { writeFileSync } = await import('node:fs');
      tuneForShortRun();
      const script = new Script(${JSON.stringify(source)});
      script.runInThisContext();
      writeFileSync(${JSON.stringify(cache)}, script.createCachedData());
      console.log('true');`;
    expect(node(write, { STSLINT_WRITE_CODE_CACHE: '1' })).toBe(true);
    const read = spawnSync(
      process.execPath,
      [
        '-e',
        `const { Script } = require('node:vm'); console.log(new Script(${JSON.stringify(source)}, { cachedData: require('node:fs').readFileSync(${JSON.stringify(cache)}) }).cachedDataRejected)`,
      ],
      { encoding: 'utf8' },
    );
    expect(read.stdout.trim()).toBe('false');
  });

  // A finished run that wrote with writeSync only ends at once (process.exit, src/cli/output.ts
  // mayEndAtOnce); one that made a stream waits for the event loop as before. Standard error on
  // /dev/null (a character device, so maybe a terminal) makes the progress line ask its stream.
  // A preloaded module records whether the loop ran dry ('beforeExit' fires only then).
  it('gives the same report and exit code whether the run ends at once or when the event loop is done', () => {
    const dir = tempDir({
      'k8s/db.yaml': DB_SET,
      'k8s/svc.yaml': DB_SERVICE,
      'k8s/web.yaml': WEB_GOOD,
      'preload.cjs': `process.on('beforeExit', () => require('node:fs').writeFileSync(process.env.LOOP_DONE, 'yes'));`,
    });
    const run = (format: string, stderr: 'pipe' | number) => {
      const marker = path.join(dir, 'loop-done');
      rmSync(marker, { force: true });
      const result = spawnSync(process.execPath, ['--require', './preload.cjs', CLI, '-f', format, 'k8s'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', stderr],
        env: { ...process.env, NO_COLOR: '1', LOOP_DONE: marker },
      });
      return { code: result.status, stdout: result.stdout, loopDone: existsSync(marker) };
    };
    const devNull = openSync('/dev/null', 'w');
    try {
      for (const format of ['json', 'sarif', 'pretty']) {
        const atOnce = run(format, 'pipe');
        const afterLoop = run(format, devNull);
        expect(atOnce.loopDone).toBe(false);
        expect(afterLoop.loopDone).toBe(true);
        expect([0, 1]).toContain(atOnce.code);
        expect(atOnce.stdout.length).toBeGreaterThan(100);
        expect(afterLoop).toEqual({ ...atOnce, loopDone: true });
      }
    } finally {
      closeSync(devNull);
    }
  });

  it('keys the cache by the bundle it runs: the build writes the SHA-1 of stslint.cjs beside it (no hashing at run time)', () => {
    const bundle = path.join(ROOT, 'dist/bundle/stslint.cjs');
    expect(readFileSync(`${bundle}.build`, 'utf8')).toBe(`${createHash('sha1').update(readFileSync(bundle)).digest('hex')}\n`);
  });
});

describe('YAML that is not Kubernetes objects (item 4)', () => {
  it('lints a repository of charts, overlays and cluster configs clean', () => {
    const dir = tempDir({
      'charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 1.2.3\nappVersion: "16"\n',
      'charts/db/Chart.lock': 'dependencies: []\ndigest: sha256:0\ngenerated: "2024-01-01T00:00:00Z"\n',
      'charts/db/values.yaml': 'replicas: 3\nimage: {repository: postgres}\n',
      'charts/legacy/Chart.yaml': 'apiVersion: v1\nname: legacy\nversion: 0.1.0\n',
      'overlays/prod/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../../base]\nnamespace: prod\n',
      'overlays/component/kustomization.yml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n',
      'overlays/patch.yaml': 'apiVersion: builtin\nkind: PatchTransformer\nmetadata: {name: fix}\n',
      'kind/cluster.yaml': 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n  - role: control-plane\n',
      'kubeconfig.yaml': 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\ncurrent-context: ""\n',
      'kubeadm.yaml':
        'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n',
      'audit.yaml': 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Metadata}]\n',
      'skaffold.yaml': 'apiVersion: skaffold/v4beta11\nkind: Config\nmetadata: {name: app}\n',
      'base/db.yaml': DB_SET,
      'base/db-service.yaml': DB_SERVICE,
    });
    // As files (--no-render): rendered, base/ (no kustomization of its own) would not build.
    const { code, stdout } = stslint(['-f', 'compact', '--no-render', '--rule', 'volume-mount-unresolved=off', '.'], { cwd: dir });
    expect(stdout).toBe('');
    expect(code).toBe(0);
    const pretty = stslint(['--no-render', '--rule', 'volume-mount-unresolved=off', '.'], { cwd: dir }).stdout;
    expect(pretty).toMatch(/in 13 files \(2 resources, \d+ documents skipped \(not Kubernetes objects\)\)/);
  });

  it('still reports a real object that lacks its name, next to them', () => {
    const dir = tempDir({ 'svc.yaml': 'apiVersion: v1\nkind: Service\nspec: {clusterIP: None}\n', 'Chart.yaml': 'apiVersion: v2\nname: x\nversion: 1.0.0\n' });
    // A folder with Chart.yaml is a chart (rendered: svc.yaml is outside its templates); as files, svc.yaml is reported.
    expect(stslint(['-f', 'compact', '--no-render', '.'], { cwd: dir }).stdout).toMatch(/^svc\.yaml:2:1: error: .*\[manifest-invalid\]\n$/);
  });
});

describe('manifest-invalid in the configuration, and --list-rules (item 5)', () => {
  const broken = { 'svc.yaml': 'apiVersion: v1\nkind: Service\nspec: {clusterIP: None}\n' };

  it('accepts `manifest-invalid: off` in .stslint.yaml, as --rule does', () => {
    const dir = tempDir({ ...broken, '.stslint.yaml': 'rules:\n  manifest-invalid: "off"\n' });
    expect(stslint(['-f', 'compact', 'svc.yaml'], { cwd: dir })).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const warned = tempDir({ ...broken, '.stslint.yaml': 'rules: {manifest-invalid: warning}\n' });
    expect(stslint(['-f', 'compact', 'svc.yaml'], { cwd: warned }).stdout).toMatch(/: warning: .*\[manifest-invalid\]/);
  });

  it('lists the rules and the built-ins with the levels the configuration gives them, as text or JSON', () => {
    const dir = tempDir({ '.stslint.yaml': 'rules: {manifest-invalid: warning, pdb-missing: off}\n' });
    const text = stslint(['--list-rules'], { cwd: dir }).stdout;
    expect(text).toMatch(/^manifest-invalid +warning \(default error\) +A document meant as .*\(built in\)$/m);
    expect(text).toMatch(/^internal-error +error +.*\(built in, always on\)$/m);
    expect(text).toMatch(/^pdb-missing +off \(default info\) /m);
    const json = JSON.parse(stslint(['--list-rules', '-f', 'json', '--rule', 'service-missing=warning'], { cwd: dir }).stdout) as {
      id: string;
      level: string;
      defaultLevel: string;
      kind: string;
      url: string;
    }[];
    expect(json.find((r) => r.id === 'service-missing')).toMatchObject({ level: 'warning', defaultLevel: 'error', kind: 'rule' });
    expect(json.find((r) => r.id === 'manifest-invalid')).toMatchObject({ level: 'warning', kind: 'built-in' });
    expect(json.find((r) => r.id === 'unused-disable')).toMatchObject({
      kind: 'built-in',
      url: `https://github.com/stslint/stslint/blob/v${VERSION}/docs/rules/unused-disable.md`,
    });
  });
});

describe('pretty output (item 8)', () => {
  const dir = () => tempDir({ 'db.yaml': DB_SET, 'cache.yaml': readFileSync(path.join(ROOT, 'fixtures/examples/kafka.yaml'), 'utf8') });

  it('prints each rule id with its docs link for the installed version as plain text, readable in pipes and logs', () => {
    const { stdout } = stslint(['db.yaml', 'cache.yaml'], { cwd: dir() });
    expect(stdout).toContain(`service-missing  https://github.com/stslint/stslint/blob/v${VERSION}/docs/rules/service-missing.md`);
    expect(stdout).not.toContain('\u001b]8;'); // no terminal hyperlinks
    expect(stdout).not.toContain('\u001b['); // no colours in a pipe
  });

  it('marks infos as infos, pads nothing, and counts as the summary does', () => {
    const { stdout } = stslint(['--preset', 'all', 'db.yaml', 'cache.yaml'], { cwd: dir() });
    const lines = stdout.split('\n');
    expect(lines.some((l) => /^ {2}\d+:\d+ +ℹ info +\S/.test(l))).toBe(true);
    expect(lines.some((l) => /^ {2}\d+:\d+ +✖ error +\S/.test(l))).toBe(true);
    expect(lines.some((l) => /ℹ (warning|error)|⚠ info/.test(l))).toBe(false);
    expect(lines.filter((l) => / {3,}$/.test(l))).toEqual([]);
    // One summary, ours: no second count that disagrees with it.
    expect(stdout.match(/\d+ (errors?|warnings?|infos?)\b/g)!.length).toBe(3);
    expect(stdout).toMatch(/stslint: 3 errors, 1 warning, \d+ infos in 2 files/);
  });

  it('wraps to the terminal width on a terminal, and colours there', () => {
    const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (script.status !== 0) return;
    const cwd = dir();
    const run = spawnSync('script', ['-qec', `stty cols 80; "${process.execPath}" "${CLI}" db.yaml cache.yaml`, '/dev/null'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', TERM: 'xterm' },
    });
    const plain = stripVTControlCharacters(run.stdout).replace(/\r/g, '');
    expect(run.stdout).toContain('\u001b[31m');
    // Messages wrap at the width; the rule's docs address is never broken (terminals link it whole).
    const lines = plain.split('\n').filter((l) => !l.includes('https://'));
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
    expect(lines.filter((l) => /^ {20,}\S/.test(l)).length).toBeGreaterThan(3);
  });
});

describe('colours, -o and option errors (item 9)', () => {
  const db = () => tempDir({ 'db.yaml': DB_SET });

  it('honours NO_COLOR, --color and --no-color', () => {
    const env = (vars: Record<string, string>, args: string[]) =>
      spawnSync(process.execPath, [CLI, ...args, 'db.yaml'], { cwd: db(), encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...vars } })
        .stdout;
    expect(env({}, ['--color'])).toContain('\u001b[31m');
    expect(env({ NO_COLOR: '1' }, ['--color'])).toContain('\u001b[31m'); // the flag wins
    expect(env({ FORCE_COLOR: '1' }, [])).toContain('\u001b[');
    expect(env({ FORCE_COLOR: '1', NO_COLOR: '1' }, [])).not.toContain('\u001b[');
    expect(env({ FORCE_COLOR: '1' }, ['--no-color'])).not.toContain('\u001b[');
  });

  it('warns when -o names a format rather than a file', () => {
    const dir = db();
    const { stderr } = stslint(['-o', 'json', 'db.yaml'], { cwd: dir });
    expect(stderr).toBe('stslint: warning: -o (--output-file) names a file: writing to a file called `json`; to choose the format, use -f json\n');
    expect(existsSync(path.join(dir, 'json'))).toBe(true);
  });

  it('explains unknown options in one line, with the nearest option', () => {
    expect(stslint(['--formt', 'json', 'x.yaml'])).toMatchObject({
      code: 2,
      stderr: 'stslint: unknown option --formt; did you mean --format? (see `stslint --help`)\n',
    });
    expect(stslint(['--bogus']).stderr).toBe('stslint: unknown option --bogus (see `stslint --help`; a file whose name starts with `-` goes after `--`)\n');
    expect(stslint(['--namespace']).stderr).toBe('stslint: --namespace needs a value (see `stslint --help`)\n');
  });

  it('aligns --help: every description starts in one column', () => {
    const help = stslint(['--help']).stdout;
    const optionLines = help.split('\n').filter((l) => /^ {2}(-\w, )?--|^ {6}--/.test(l));
    expect(optionLines.length).toBeGreaterThan(20);
    const columns = new Set<number>();
    for (const line of help.split('\n')) {
      const match = /^( {2}(?:-\w, | {4})--\S+(?: \S+)?)( +)\S/.exec(line);
      if (match) columns.add(match[1]!.length + match[2]!.length);
    }
    expect([...columns]).toEqual([34]);
    // Continuation lines start there too.
    expect(help).toMatch(/\n {34}\(default: pretty\); repeatable: -f github/);
    for (const line of help.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });
});

describe('silent no-ops (item 13)', () => {
  it('says so when a named file is ignored by the configuration', () => {
    const dir = tempDir({ 'gen/db.yaml': DB_SET, 'db.yaml': DB_SET, '.stslint.yaml': 'ignore: ["gen/**"]\n' });
    const { stdout, stderr } = stslint(['-f', 'compact', 'gen/db.yaml'], { cwd: dir });
    expect(stdout).toBe('');
    expect(stderr).toBe('stslint: warning: not linted, ignored by the configuration: gen/db.yaml (`gen/**`)\n');
    // Files found by walking a directory are skipped quietly, as before.
    expect(stslint(['-f', 'compact', '.'], { cwd: dir }).stderr).toBe('');
  });

  it('warns about a directory without manifests', () => {
    const dir = tempDir({ 'docs/readme.md': '# x\n', 'db.yaml': DB_SET });
    const { code, stderr } = stslint(['-f', 'compact', 'docs'], { cwd: dir });
    expect(code).toBe(0);
    expect(stderr).toBe('stslint: warning: no .yaml, .yml or .json files in docs; nothing there was linted\n');
  });

  it('reads piped input without `-`, as kubectl and kubeconform do', () => {
    const dir = tempDir({ 'db.yaml': DB_SET });
    const { code, stdout } = shell('cat db.yaml | $STSLINT -f compact', dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^<stdin>:6:16: error: .*\[service-missing\]$/m);
    expect(shell('$STSLINT -f compact < db.yaml', dir).stdout).toMatch(/^<stdin>:6:16: /m);
    // An empty pipe (a render that made nothing) is no objects, with `-` or without: exit 0.
    for (const command of ["printf '' | $STSLINT -f compact", "printf '' | $STSLINT -f compact -", "printf '\\n' | $STSLINT -f compact"]) {
      expect(shell(command, dir), command).toMatchObject({ code: 0, stdout: '', stderr: '' });
    }
    expect(shell("printf '' | $STSLINT", dir).stdout).toContain('stslint: no problems in 1 file (0 resources');
    // No standard input at all: the usual message.
    expect(shell('$STSLINT < /dev/null', dir)).toMatchObject({
      code: 2,
      stderr: 'stslint: no input given; pass files, directories, globs or `-` (see `stslint --help`)\n',
    });
  });

  it('supports a trailing `# stslint-disable-line` and reports directives in the wrong place', () => {
    const set = DB_SET.replace('serviceName: db-headless', 'serviceName: db-headless # stslint-disable-line service-missing -- owned by platform').replace(
      '- name: data',
      '- name: data # stslint-disable-next-line volume-mount-unresolved',
    );
    const dir = tempDir({ 'db.yaml': set });
    const [result] = JSON.parse(stslint(['-f', 'json', 'db.yaml'], { cwd: dir }).stdout) as {
      messages: { ruleId: string; message: string }[];
      suppressedMessages: { ruleId: string; suppressions: { justification: string }[] }[];
    }[];
    expect(result!.suppressedMessages).toMatchObject([{ ruleId: 'service-missing', suppressions: [{ justification: 'owned by platform' }] }]);
    expect(result!.messages.map((m) => m.ruleId)).toEqual(['volume-mount-unresolved', 'unused-disable']);
    expect(result!.messages[1]!.message).toContain('after a value suppresses nothing');
  });
});

describe('--quiet, --print-config, --init, progress (item 14)', () => {
  it('--quiet shows errors only, and warnings still count for --max-warnings', () => {
    const dir = tempDir({ 'cache.yaml': CACHE_UNMOUNTED, 'db.yaml': DB_SET });
    const quiet = stslint(['-f', 'compact', '--quiet', '.'], { cwd: dir });
    expect(
      quiet.stdout
        .split('\n')
        .filter(Boolean)
        .every((l) => l.includes(': error: ')),
    ).toBe(true);
    expect(quiet.stdout).toContain('[service-missing]');
    const onlyWarnings = tempDir({ 'cache.yaml': CACHE_UNMOUNTED });
    expect(stslint(['-f', 'compact', '--quiet', '--max-warnings', '0', '.'], { cwd: onlyWarnings })).toMatchObject({ code: 1, stdout: '' });
    // The summary says what --quiet left out: never "no problems" before failing the run.
    const pretty = stslint(['--quiet', '--max-warnings', '0', '.'], { cwd: onlyWarnings });
    expect(pretty.code).toBe(1);
    expect(pretty.stdout).not.toContain('no problems');
    expect(pretty.stdout).toMatch(/^stslint: no errors \(\d+ warnings? (and \d+ infos? )?not shown: --quiet\) in 1 file/m);
    expect(pretty.stderr).toMatch(/warnings? exceeds? --max-warnings 0/);
  });

  it('--print-config prints what applies to a file', () => {
    const dir = tempDir({ '.stslint.yaml': 'namespace: prod\nignore: ["gen/**"]\nrules: {pdb-missing: off}\n', 'gen/x.yaml': '', 'db.yaml': DB_SET });
    const printed = JSON.parse(stslint(['--print-config', 'gen/x.yaml', '--rule', 'service-missing=warning'], { cwd: dir }).stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({
      configFile: path.join(dir, '.stslint.yaml'),
      ignored: true,
      ignoredBy: 'gen/**',
      namespace: 'prod',
      clusterDomain: 'cluster.local',
      rules: expect.objectContaining({ 'pdb-missing': 'off', 'service-missing': 'warning', 'manifest-invalid': 'error' }) as object,
    });
    expect(JSON.parse(stslint(['--print-config', 'db.yaml'], { cwd: dir }).stdout)).toMatchObject({ ignored: false });
  });

  it('--init writes a commented configuration that loads, and never overwrites one', () => {
    const dir = tempDir({ 'db.yaml': DB_SET });
    expect(stslint(['--init'], { cwd: dir })).toMatchObject({ code: 0, stderr: 'stslint: wrote .stslint.yaml; edit it to your needs\n' });
    const text = readFileSync(path.join(dir, '.stslint.yaml'), 'utf8');
    expect(text).toMatch(/^# stslint configuration/);
    expect(text).toContain('# kubernetesVersion:');
    expect(stslint(['-f', 'compact', 'db.yaml'], { cwd: dir }).code).toBe(1); // it loads
    expect(stslint(['--init'], { cwd: dir })).toMatchObject({ code: 2, stderr: 'stslint: .stslint.yaml already exists here; edit it, or remove it first\n' });
  });

  it('shows a progress line on a terminal only, and erases it', () => {
    const dir = tempDir(many(50));
    // In a pipe (CI, pre-commit, editors): never.
    expect(stslint(['-f', 'compact', 'k8s'], { cwd: dir }).stderr).toBe('');
    const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (script.status !== 0) return;
    const run = spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" -f compact k8s >/dev/null`, '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: '', STSLINT_PROGRESS_AFTER_MS: '0' },
    });
    expect(run.stdout).toMatch(/stslint: \d+ of 50 files read…/);
    expect(run.stdout).toContain('\r\u001b[K');
    const ci = spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" -f compact k8s >/dev/null`, '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', STSLINT_PROGRESS_AFTER_MS: '0' },
    });
    expect(ci.stdout).not.toContain('files read');
  });
});

describe('helm template … | stslint - (item 14)', () => {
  const chart = {
    'charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 0.1.0\n',
    'charts/db/templates/statefulset.yaml': [
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata:',
      '  name: {{ .Release.Name }}',
      'spec:',
      '  serviceName: {{ .Release.Name }}-headless',
      '  selector:',
      '    matchLabels: {app: db}',
      '  template:',
      '    metadata:',
      '      labels: {app: db}',
      '    spec:',
      '      containers:',
      '        - name: postgres',
      '          image: "{{ .Values.image }}"',
      '          volumeMounts:',
      '            - name: data',
      '              mountPath: /var/lib/postgresql/data',
      '',
    ].join('\n'),
  };
  const rendered = [
    '---',
    '# Source: db/templates/statefulset.yaml',
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata:',
    '  name: rel',
    'spec:',
    '  serviceName: rel-headless',
    '  selector:',
    '    matchLabels: {app: db}',
    '  template:',
    '    metadata:',
    '      labels: {app: db}',
    '    spec:',
    '      containers:',
    '        - name: postgres',
    '          image: "postgres:16"',
    '          volumeMounts:',
    '            - name: data',
    '              mountPath: /var/lib/postgresql/data',
    '',
  ].join('\n');

  it('maps findings back to the chart file and its line', () => {
    const dir = tempDir(chart);
    const { stdout } = stslint(['-f', 'compact', '-'], { cwd: dir, input: rendered });
    // A line that reads the same in the template: its place there.
    expect(stdout).toMatch(/^charts\/db\/templates\/statefulset\.yaml:17:21: error: .*\[volume-mount-unresolved\]$/m);
    // A templated line: the template line that writes the key (since the map follows keys by path;
    // before, a line that templating changed went to the template's first line).
    expect(stdout).toMatch(/^charts\/db\/templates\/statefulset\.yaml:6:3: error: StatefulSet `rel` names Service `rel-headless`.*\[service-missing\]$/m);
    expect(stdout).not.toContain('Rendered line');
    expect(stdout).not.toContain('<stdin>');
  });

  it('puts a value from values.yaml at its values line, the template line related in JSON and SARIF', () => {
    const dir = tempDir({
      ...chart,
      'charts/db/values.yaml': '# the database\nimage: postgres:16\nserviceName: db-headless\n',
      'charts/db/templates/statefulset.yaml': chart['charts/db/templates/statefulset.yaml'].replace(
        '{{ .Release.Name }}-headless',
        '{{ .Values.serviceName }}',
      ),
    });
    const input = rendered.replace('serviceName: rel-headless', 'serviceName: db-headless');
    expect(stslint(['-f', 'compact', '-'], { cwd: dir, input }).stdout).toMatch(
      /^charts\/db\/values\.yaml:3:14: error: StatefulSet `rel` names Service `db-headless`/m,
    );
    const [result] = (
      JSON.parse(stslint(['-f', 'json', '-'], { cwd: dir, input }).stdout) as { filePath: string; messages: Record<string, unknown>[] }[]
    ).filter((r) => r.filePath.endsWith('values.yaml'));
    expect(result!.messages[0]).toMatchObject({
      ruleId: 'service-missing',
      line: 3,
      relatedLocations: [
        {
          filePath: path.join(dir, 'charts/db/templates/statefulset.yaml'),
          line: 6,
          column: 3,
          message: 'The template line that writes it (statefulset.yaml)',
        },
      ],
    });
    const sarif = JSON.parse(stslint(['-f', 'sarif', '-'], { cwd: dir, input }).stdout) as { runs: { results: Record<string, unknown>[] }[] };
    const missing = sarif.runs[0]!.results.find((r) => r.ruleId === 'service-missing') as { relatedLocations: { physicalLocation: { region: unknown } }[] };
    expect(missing.relatedLocations).toHaveLength(1);
    expect(missing.relatedLocations[0]!.physicalLocation.region).toEqual({ startLine: 6, startColumn: 3, endLine: 6, endColumn: 41 });
  });

  it('works from inside the chart, and keeps <stdin> (naming the template) for a chart not on disk', () => {
    const dir = tempDir(chart);
    expect(stslint(['-f', 'compact', '-'], { cwd: path.join(dir, 'charts/db'), input: rendered }).stdout).toMatch(/^templates\/statefulset\.yaml:17:21: /m);
    const elsewhere = tempDir({});
    expect(stslint(['-f', 'compact', '-'], { cwd: elsewhere, input: rendered }).stdout).toMatch(
      /^<stdin>:19:21: error: .*\(rendered from db\/templates\/statefulset\.yaml\) \[volume-mount-unresolved\]$/m,
    );
  });
});

describe('the package (item 15)', () => {
  it('has no runtime dependencies: the bundles load only Node built-ins and their own chunks', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.dependencies).toBeUndefined();
    for (const file of readdirSync(path.join(ROOT, 'dist/bundle')).filter((f) => /\.(c|m)?js$/.test(f))) {
      const text = readFileSync(path.join(ROOT, 'dist/bundle', file), 'utf8');
      const loaded = [...text.matchAll(/\b(?:require|import)\(\s*["']([@\w./:-]+)["']\s*\)|\bfrom\s*["']([@\w./:-]+)["']/g)].map((m) => m[1] ?? m[2]!);
      for (const name of loaded) expect(name.startsWith('node:') || name.startsWith('./') || builtinModules.includes(name), `${file} loads ${name}`).toBe(true);
    }
  });

  it('runs from a copy with no node_modules at all', () => {
    const dir = tempDir({ 'k8s/db.yaml': DB_SET, 'k8s/web.yaml': WEB_GOOD });
    const pkg = tempDir({ 'package.json': readFileSync(path.join(ROOT, 'package.json'), 'utf8') });
    mkdirSync(path.join(pkg, 'dist'));
    for (const part of ['bundle', 'validators']) {
      spawnSync('cp', ['-r', path.join(ROOT, 'dist', part), path.join(pkg, 'dist', part)]);
    }
    const bin = path.join(pkg, 'dist/bundle/cli.cjs');
    const run = spawnSync(process.execPath, [bin, '-f', 'compact', 'k8s/*.yaml', '--format', 'sarif=out.sarif'], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('[service-missing]');
    expect(existsSync(path.join(dir, 'out.sarif'))).toBe(true);
    writeFileSync(
      path.join(pkg, 'x.mjs'),
      `import { lintSources } from './dist/bundle/index.mjs';\nconsole.log(lintSources([{ path: 'a.yaml', text: ${JSON.stringify(DB_SET)} }]).results[0].errorCount);\n`,
    );
    expect(spawnSync(process.execPath, [path.join(pkg, 'x.mjs')], { encoding: 'utf8' }).stdout).toBe('2\n');
  });

  it('ships the Apache-2.0 LICENSE and what runs', () => {
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toContain('Apache License');
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const files = (JSON.parse(pack.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/bundle/cli.cjs', 'dist/bundle/index.mjs', 'dist/bundle/fast-glob.cjs']),
    );
    expect(files.some((f) => f.startsWith('dist/validators/'))).toBe(true);
    expect(files.filter((f) => f.startsWith('dist/src/') && !f.endsWith('.d.ts'))).toEqual([]);
  });
});
