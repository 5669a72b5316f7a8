// The pre-commit hook definition, run the way pre-commit runs it.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DB_SERVICE, DB_SET } from './support/manifests.js';
import { ROOT, stslint, tempDir } from './support/run.js';

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

  it('defines `stslint-change`, the same hook comparing the staged change with the last commit', () => {
    const hook = hooks.find((h) => h.id === 'stslint-change');
    expect(hook).toMatchObject({
      entry: 'stslint',
      language: 'node',
      types_or: ['yaml', 'json'],
      args: ['--context', '.', '--base', 'HEAD'],
      require_serial: true,
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
    // A source checkout builds when pre-commit installs it, which pre-commit before 4.4 cannot do.
    expect(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')).toContain("minimum_pre_commit_version: '4.4.0'");
  });

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
