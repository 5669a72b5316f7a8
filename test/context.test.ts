// --context: what the pre-commit hook runs.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_SERVICE, DB_SET, WEB_GOOD } from './support/manifests.js';
import { stslint, tempDir } from './support/run.js';

const BROKEN = 'apiVersion: v1\nkind: Service\nmetadata: {name: [\n';

describe('--context DIR', () => {
  const repo = () =>
    tempDir({
      'apps/db.yaml': DB_SET,
      'platform/db-service.yaml': DB_SERVICE.replace('clusterIP: None', 'clusterIP: 10.0.0.1'),
      'platform/broken.yaml': BROKEN,
      'apps/web.yaml': WEB_GOOD.replace('{name: data, mountPath: /data}', '{name: data, mountPath: /data}, {name: cache, mountPath: /c}'),
      'package-lock.json': '{"name": "x"}',
    });

  it('completes the graph from DIR but reports only on the files named', () => {
    const dir = repo();
    const alone = stslint(['-f', 'compact', 'apps/db.yaml'], { cwd: dir });
    expect(alone.stdout).toContain('[service-missing]');

    const { code, stdout, stderr } = stslint(['-f', 'compact', '--context', '.', 'apps/db.yaml'], { cwd: dir });
    expect(stderr).toBe('');
    expect(code).toBe(1);
    // The Service in platform/ is found, so no service-missing. It is not headless, which only
    // matters because the named StatefulSet governs it; outside git apps/db.yaml counts as new,
    // so that finding is the change's and is reported, naming the file that causes it. The
    // parse error of platform/broken.yaml is not the change's fault: dropped.
    expect(stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^apps\/db\.yaml:17:21: error: .*\[volume-mount-unresolved\]$/),
      expect.stringMatching(/^platform\/db-service\.yaml:\d+:\d+: error: .*\(Caused by the change to apps\/db\.yaml\.\) \[service-not-headless\]$/),
    ]);
  });

  it('reports each named file as a result, and the run as clean when they are', () => {
    const dir = repo();
    const { code, stdout } = stslint(['-f', 'json', '--context', '.', 'platform/db-service.yaml', 'apps/web.yaml'], { cwd: dir });
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    expect(results.map((r) => path.relative(dir, r.filePath))).toEqual(['apps/web.yaml', 'platform/db-service.yaml']);
    expect(results.flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual(['volume-mount-unresolved', 'service-not-headless']);
    expect(code).toBe(1);
    expect(stslint(['--context', '.', '-f', 'compact', 'package-lock.json'], { cwd: dir })).toMatchObject({ code: 0, stdout: '' });
  });

  it('still reports parse errors of the named files', () => {
    const dir = repo();
    expect(stslint(['-f', 'compact', '--context', '.', 'platform/broken.yaml'], { cwd: dir }).stdout).toMatch(
      /^platform\/broken\.yaml:\d+:\d+: error: Parsing error: .*\[parse-error\]\n$/,
    );
  });

  it('takes `context` and `ignore` from the configuration file', () => {
    const dir = tempDir({
      '.stslint.yaml': 'context: .\nignore: [legacy/**]\n',
      'apps/db.yaml': DB_SET,
      'platform/db-service.yaml': DB_SERVICE,
      'legacy/db-service.yaml': DB_SERVICE.replace('name: db-headless', 'name: legacy'),
    });
    const { stdout } = stslint(['-f', 'compact', 'apps/db.yaml'], { cwd: dir });
    expect(stdout).not.toContain('service-missing');
    expect(stdout).toContain('volume-mount-unresolved');
  });

  it('is a usage error when DIR does not exist', () => {
    const dir = repo();
    expect(stslint(['--context', 'nope', 'apps/db.yaml'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: 'stslint: the context directory nope does not exist\n',
    });
  });
});

describe('--context DIR in a git repository (the pre-commit case)', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      stdio: 'pipe',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
    });
  const hasGit = spawnSync('git', ['--version']).status === 0;

  /** A repository whose last commit is clean: a StatefulSet and its headless Service, apart. */
  const committed = () => {
    const dir = tempDir({ 'statefulset.yaml': DB_SET, 'service.yaml': DB_SERVICE });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base');
    return dir;
  };

  it.skipIf(!hasGit)('reports a finding the staged file causes in a file that is not staged, and names the staged file', () => {
    const dir = committed();
    const before = stslint(['-f', 'compact', '--rule', 'volume-mount-unresolved=off', '--context', '.', 'service.yaml'], { cwd: dir });
    expect(before.stdout).not.toContain('service-missing');
    // Rename the governing Service and stage only service.yaml, as a commit would.
    writeFileSync(path.join(dir, 'service.yaml'), DB_SERVICE.replace('name: db-headless', 'name: db-peers'));
    git(dir, 'add', 'service.yaml');
    const { code, stdout } = stslint(['-f', 'compact', '--rule', 'volume-mount-unresolved=off', '--context', '.', 'service.yaml'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^statefulset\.yaml:6:16: error: StatefulSet `db` names Service `db-headless`.*\(Caused by the change to service\.yaml\.\) \[service-missing\]$/m,
    );
  });

  it.skipIf(!hasGit)('keeps findings that were already in the context files out, when the staged file did not cause them', () => {
    const dir = committed();
    // A problem already committed in statefulset.yaml (its mount names no volume) …
    expect(stslint(['-f', 'compact', 'statefulset.yaml', 'service.yaml'], { cwd: dir }).stdout).toContain('[volume-mount-unresolved]');
    // … is not reported when only service.yaml is staged with an unrelated edit.
    writeFileSync(path.join(dir, 'service.yaml'), DB_SERVICE.replace('clusterIP: None', 'clusterIP: None\n  publishNotReadyAddresses: true'));
    git(dir, 'add', 'service.yaml');
    const { code, stdout } = stslint(['-f', 'compact', '--context', '.', 'service.yaml'], { cwd: dir });
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });

  it.skipIf(!hasGit)('does not blame the staged file for a schema error already committed in a context file of its namespace', () => {
    const dir = tempDir({ 'statefulset.yaml': DB_SET.replace(/^spec:\n/m, 'spec:\n  bogusField: 1\n'), 'service.yaml': DB_SERVICE });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base');
    expect(stslint(['-f', 'compact', 'statefulset.yaml'], { cwd: dir }).stdout).toContain('[schema-invalid]');
    writeFileSync(path.join(dir, 'service.yaml'), DB_SERVICE.replace('clusterIP: None', 'clusterIP: None\n  publishNotReadyAddresses: true'));
    git(dir, 'add', 'service.yaml');
    for (const cache of [[], ['--cache', '--cache-location', path.join(dir, '.git', 'other-cache')]]) {
      // Twice each: the cache, cold and warm, keeps what a context file's reading recorded.
      for (let i = 0; i < 2; i++) {
        const { code, stdout } = stslint(['-f', 'compact', '--rule', 'volume-mount-unresolved=off', '--context', '.', ...cache, 'service.yaml'], { cwd: dir });
        expect(stdout).toBe('');
        expect(code).toBe(0);
      }
    }
    // Named, the file is still validated.
    expect(stslint(['-f', 'compact', '--context', '.', 'statefulset.yaml'], { cwd: dir }).stdout).toContain('[schema-invalid]');
  });

  it.skipIf(!hasGit)('keeps its cache in the git directory without --cache, and reports the same with it warm', () => {
    const dir = committed();
    writeFileSync(path.join(dir, 'service.yaml'), DB_SERVICE.replace('name: db-headless', 'name: db-peers'));
    git(dir, 'add', 'service.yaml');
    const args = ['-f', 'json', '--context', '.', 'service.yaml'];
    const cold = stslint(args, { cwd: dir });
    expect(existsSync(path.join(dir, '.git', 'stslintcache'))).toBe(true);
    expect(existsSync(path.join(dir, '.stslintcache'))).toBe(false);
    expect(git(dir, 'status', '--porcelain').toString()).toBe('M  service.yaml\n');
    const warm = stslint(args, { cwd: dir });
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.code).toBe(cold.code);
    expect(cold.stdout).toContain('service-missing');
  });
});

describe('--context DIR outside a git repository', () => {
  it('writes no cache unless asked', () => {
    const dir = tempDir({ 'statefulset.yaml': DB_SET, 'service.yaml': DB_SERVICE });
    stslint(['-f', 'json', '--context', '.', 'service.yaml'], { cwd: dir });
    expect(existsSync(path.join(dir, '.stslintcache'))).toBe(false);
  });

  it('follows a `.git` file (a worktree or submodule) to its git directory', () => {
    const dir = tempDir({ 'repo/statefulset.yaml': DB_SET, 'repo/service.yaml': DB_SERVICE });
    mkdirSync(path.join(dir, 'state', 'worktrees', 'repo'), { recursive: true });
    writeFileSync(path.join(dir, 'repo', '.git'), 'gitdir: ../state/worktrees/repo\n');
    const first = stslint(['-f', 'json', '--context', '.', 'service.yaml'], { cwd: path.join(dir, 'repo') });
    expect(existsSync(path.join(dir, 'state', 'worktrees', 'repo', 'stslintcache'))).toBe(true);
    expect(stslint(['-f', 'json', '--context', '.', 'service.yaml'], { cwd: path.join(dir, 'repo') }).stdout).toBe(first.stdout);
  });
});
