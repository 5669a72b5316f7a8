// The pre-commit hook definition, run the way pre-commit runs it.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DB_SERVICE, DB_SET, WEB_GOOD } from './support/manifests.js';
import { ROOT, stslint, tempDir } from './support/run.js';

/** WEB_GOOD deleting its claims with it: deleting the set is worth a warning (storage-deleted). */
const WEB_WITH_DELETE = WEB_GOOD.replace(
  '  serviceName: web\n',
  '  serviceName: web\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}\n',
);

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];

  it('defines the `stslint` node hook for YAML and JSON files, with --context . by default', () => {
    expect(hooks.map((h) => h.id)).toContain('stslint');
    expect(hooks[0]).toMatchObject({
      id: 'stslint',
      entry: 'stslint',
      language: 'node',
      types_or: ['yaml', 'json'],
      args: ['--context', '.'],
      require_serial: true,
    });
  });

  it('runs as the hook would: the bin of package.json, with the changed files appended', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin[hooks[0]!.entry as string]).toBe('dist/bundle/cli.cjs');
    const dir = tempDir({ 'apps/db.yaml': DB_SET, 'platform/db-service.yaml': DB_SERVICE });
    const { code, stdout } = stslint([...(hooks[0]!.args as string[]), 'apps/db.yaml'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).not.toContain('service-missing');
    expect(stdout).toContain('volume-mount-unresolved');
  });

  it('defines `stslint-change`, the same hook comparing the staged change with the last commit, run on every commit', () => {
    const hook = hooks.find((h) => h.id === 'stslint-change');
    expect(hook).toMatchObject({
      entry: 'stslint',
      language: 'node',
      types_or: ['yaml', 'json'],
      args: ['--context', '.', '--base', 'HEAD'],
      require_serial: true,
      // A commit that only deletes manifests has no file for pre-commit to pass.
      always_run: true,
    });
    // pass_filenames stays on: the staged files are named when there are some.
    expect(hook!.pass_filenames).toBeUndefined();
  });

  it('shows the output of a passing run: warnings and the plan are not hidden', () => {
    for (const hook of hooks) expect(hook, String(hook.id)).toMatchObject({ verbose: true });
  });

  describe('`stslint-change` given no files, as pre-commit runs it on a commit that only deletes manifests', () => {
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'pipe' });
    const hook = () => hooks.find((h) => h.id === 'stslint-change')!;
    const committed = () => {
      const dir = tempDir({ 'apps/web.yaml': WEB_WITH_DELETE, 'apps/db.yaml': DB_SET, 'platform/db-service.yaml': DB_SERVICE, 'README.md': 'x\n' });
      git(dir, 'init', '-q');
      git(dir, 'add', '.');
      git(dir, 'commit', '-qm', 'base');
      return dir;
    };

    it.skipIf(spawnSync('git', ['--version']).status !== 0)('finds the staged deletion through git, with standard input an empty pipe or /dev/null', () => {
      const dir = committed();
      git(dir, 'rm', '-q', 'apps/web.yaml');
      // pre-commit gives hooks an empty pipe on standard input (a terminal device under --color always).
      const piped = stslint(['-f', 'compact', ...(hook().args as string[])], { cwd: dir });
      expect(piped.stderr).toBe('');
      expect(piped.code).toBe(0);
      expect(piped.stdout).toMatch(/^apps\/web\.yaml:\d+:\d+: warning: StatefulSet `web` is gone since HEAD.*\[storage-deleted\]$/m);
      const devNull = spawnSync(process.execPath, [path.join(ROOT, 'dist/bundle/cli.cjs'), '-f', 'compact', ...(hook().args as string[])], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
      });
      expect(devNull.stdout).toBe(piped.stdout);
      expect(devNull.status).toBe(0);
    });

    it.skipIf(spawnSync('git', ['--version']).status !== 0)('lints the changed manifests and nothing else; nothing changed is a clean run', () => {
      const dir = committed();
      writeFileSync(path.join(dir, 'README.md'), 'y\n');
      git(dir, 'add', 'README.md');
      expect(stslint(['-f', 'compact', ...(hook().args as string[])], { cwd: dir })).toMatchObject({ code: 0, stdout: '', stderr: '' });
      // A changed manifest pre-commit did not pass (excluded in the hook's configuration) is still the change.
      writeFileSync(path.join(dir, 'platform/db-service.yaml'), DB_SERVICE.replace('name: db-headless', 'name: db-peers'));
      git(dir, 'add', 'platform/db-service.yaml');
      const renamed = stslint(['-f', 'compact', ...(hook().args as string[])], { cwd: dir });
      expect(renamed.code).toBe(1);
      expect(renamed.stdout).toMatch(/^apps\/db\.yaml:.*\(Caused by the change to platform\/db-service\.yaml\.\) \[service-missing\]$/m);
    });
  });
});

// The hook installed and run by real pre-commit, from a release made by scripts/release.mjs,
// with npm pointed at an unreachable registry: the install needs no network. pre-commit comes
// from the PATH and from STSLINT_TEST_PRE_COMMIT (more binaries, separated by `:`), one run per
// version; none installed: skipped.
const preCommits = (() => {
  const candidates = [...(process.env.STSLINT_TEST_PRE_COMMIT ?? '').split(':').filter(Boolean), 'pre-commit'];
  const byVersion = new Map<string, string>();
  for (const bin of candidates) {
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    const match = /pre-commit (\d+\.\d+\.\d+)/.exec(version.stdout ?? '');
    if (version.status === 0 && match && !byVersion.has(match[1]!)) byVersion.set(match[1]!, bin);
  }
  return [...byVersion.entries()];
})();

describe.skipIf(preCommits.length === 0 || spawnSync('git', ['--version']).status !== 0)('the hook under pre-commit', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      stdio: 'pipe',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
    });
  let release = '';

  beforeAll(() => {
    release = path.join(tempDir({}), 'release');
    const made = spawnSync(process.execPath, [path.join(ROOT, 'scripts/release.mjs'), '--no-build', '--into', release, '--tag', 'v0.0.0-test'], {
      encoding: 'utf8',
    });
    expect(made.status, made.stderr).toBe(0);
  }, 60_000);

  it('releases carry the bundle and no install step, and declare pre-commit 3.0 enough', () => {
    expect(existsSync(path.join(release, 'dist/bundle/cli.cjs'))).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(release, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.scripts).toBeUndefined();
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.devDependencies).toBeUndefined();
    expect(readFileSync(path.join(release, '.pre-commit-hooks.yaml'), 'utf8')).toContain("minimum_pre_commit_version: '3.0.0'");
    // A source checkout builds when pre-commit installs it: `npm pack` prints only the tarball's
    // name (test/installed.test.ts), which pre-commit before 4.4 reads, so 3.0 is enough there too.
    expect(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')).not.toMatch(/minimum_pre_commit_version: '(?!3\.0\.0')/);
  });

  it.each(preCommits)(
    'on pre-commit %s, `stslint-change` runs on a commit that only deletes a manifest, and shows its warning on a pass',
    (_version, bin) => {
      const repo = tempDir({
        '.pre-commit-config.yaml': `repos:\n  - repo: ${release}\n    rev: v0.0.0-test\n    hooks:\n      - id: stslint-change\n`,
        'apps/web.yaml': WEB_WITH_DELETE,
        'apps/other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n',
      });
      git(repo, 'init', '-q');
      git(repo, 'add', '.');
      git(repo, 'commit', '-qm', 'base');
      git(repo, 'rm', '-q', 'apps/web.yaml');
      const env = { ...process.env, PRE_COMMIT_HOME: path.join(repo, '.cache-pre-commit'), npm_config_registry: 'http://127.0.0.1:9/', NO_COLOR: '1' };
      // What `git commit` runs: the staged files, here none that pre-commit would pass.
      const run = spawnSync(bin, ['run', '--color', 'never'], { cwd: repo, env, encoding: 'utf8', timeout: 240_000 });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/stslint \(change-time checks\)\.+Passed/);
      expect(run.stdout).not.toContain('no files to check');
      expect(run.stdout).toMatch(/apps\/web\.yaml[\s\S]*StatefulSet `web` is gone since HEAD[\s\S]*storage-deleted/);
      expect(run.stdout).toMatch(/web \(default\): deleted/);
    },
    300_000,
  );

  it.each(preCommits)(
    'installs offline and runs on pre-commit %s: clean commit passes, a breaking one fails naming both files',
    (_version, bin) => {
      const repo = tempDir({
        '.pre-commit-config.yaml': `repos:\n  - repo: ${release}\n    rev: v0.0.0-test\n    hooks:\n      - id: stslint\n        args: [--context, ., --rule, volume-mount-unresolved=off]\n`,
        'apps/statefulset.yaml': DB_SET,
        'platform/service.yaml': DB_SERVICE,
      });
      git(repo, 'init', '-q');
      git(repo, 'add', '.');
      git(repo, 'commit', '-qm', 'base');
      const env = { ...process.env, PRE_COMMIT_HOME: path.join(repo, '.cache-pre-commit'), npm_config_registry: 'http://127.0.0.1:9/', NO_COLOR: '1' };
      const run = (...files: string[]) =>
        spawnSync(bin, ['run', '--color', 'never', '--files', ...files], { cwd: repo, env, encoding: 'utf8', timeout: 240_000 });

      const clean = run('platform/service.yaml');
      expect(clean.status, clean.stdout + clean.stderr).toBe(0);
      expect(clean.stdout).toMatch(/stslint\.+Passed/);

      writeFileSync(path.join(repo, 'platform/service.yaml'), DB_SERVICE.replace('name: db-headless', 'name: db-peers'));
      git(repo, 'add', 'platform/service.yaml');
      const broken = run('platform/service.yaml');
      expect(broken.status).toBe(1);
      expect(broken.stdout).toMatch(/stslint\.+Failed/);
      expect(broken.stdout).toContain('apps/statefulset.yaml');
      expect(broken.stdout).toMatch(/names Service `db-headless`.*Caused by the change to platform\/service\.yaml/);
      expect(broken.stdout).toContain('service-missing');
    },
    300_000,
  );
});
