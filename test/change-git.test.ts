// `--base <rev>` against real, temporary git repositories: renames, deletions, the staged
// change of a pre-commit hook, shallow clones, worktrees and the errors a user can hit.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stslint, tempDir } from './support/run.js';
import { WEB_GOOD } from './support/manifests.js';

const hasGit = spawnSync('git', ['--version']).status === 0;
const made: string[] = [];

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=stslint', '-c', 'user.email=stslint@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** A repository with `files` committed on `main`. */
function repository(files: Record<string, string>): string {
  const dir = tempDir(files);
  made.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

const WITH_RETENTION = WEB_GOOD.replace(
  '  serviceName: web\n',
  '  serviceName: web\n  replicas: 3\n  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Retain}\n',
);

function json(stdout: string): { filePath: string; messages: { ruleId: string; line: number; inBase?: boolean; message: string }[] }[] {
  return JSON.parse(stdout) as never;
}

describe.skipIf(!hasGit)('--base against a git repository', () => {
  it('follows a renamed file and reports a renamed StatefulSet on the new name', () => {
    const dir = repository({ 'k8s/web.yaml': WEB_GOOD });
    git(dir, 'mv', 'k8s/web.yaml', 'k8s/frontend.yaml');
    writeFileSync(
      path.join(dir, 'k8s/frontend.yaml'),
      WEB_GOOD.replace('kind: StatefulSet\nmetadata: {name: web}', 'kind: StatefulSet\nmetadata: {name: frontend}'),
    );
    const run = stslint(['--base', 'HEAD', '-f', 'json', 'k8s'], { cwd: dir });
    expect(run.stderr).toBe('');
    const results = json(run.stdout);
    const orphaned = results.flatMap((r) => r.messages.map((m) => ({ ...m, file: r.filePath }))).filter((m) => m.ruleId === 'storage-orphaned');
    expect(orphaned).toHaveLength(1);
    expect(orphaned[0]!.file).toBe(path.join(dir, 'k8s/frontend.yaml'));
    expect(orphaned[0]!.message).toContain('`data-web-0`');
    expect(orphaned[0]!.message).toContain('`data-frontend-0`');
  });

  it('follows files moved into the linted folder from outside it: nothing is created or deleted', () => {
    const dir = repository({ 'old/web.yaml': WITH_RETENTION, 'old/svc.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n' });
    mkdirSync(path.join(dir, 'apps'));
    git(dir, 'mv', 'old/web.yaml', 'apps/web.yaml');
    git(dir, 'mv', 'old/svc.yaml', 'apps/svc.yaml');
    for (const args of [['apps'], ['--context', '.', 'apps/web.yaml', 'apps/svc.yaml'], ['apps/web.yaml']]) {
      const run = stslint(['--base', 'HEAD', '-f', 'plan', ...args], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('No StatefulSet is created, deleted, scaled or rolled out');
      expect(run.stdout).not.toContain('new, empty volumes');
    }
  });

  it('reports a deleted StatefulSet in its base file, marked as in the base version, with --context', () => {
    const dir = repository({ 'k8s/web.yaml': WITH_RETENTION, 'k8s/other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n' });
    unlinkSync(path.join(dir, 'k8s/web.yaml'));
    git(dir, 'add', '-A');
    const run = stslint(['--base', 'HEAD', '--context', '.', '-f', 'json', 'k8s/other.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    const deleted = json(run.stdout).find((r) => r.filePath === path.join(dir, 'k8s/web.yaml'));
    expect(deleted?.messages.map((m) => [m.ruleId, m.inBase])).toEqual([['storage-deleted', true]]);
    // Its line is the line of `whenDeleted` in the base version of the file.
    expect(WITH_RETENTION.split('\n')[deleted!.messages[0]!.line - 1]).toContain('whenDeleted: Delete');
  });

  it('does not take the objects of a changed file that is not linted (ignored) for deleted ones', () => {
    const dir = repository({
      '.stslint.yaml': 'ignore: ["legacy/**"]\n',
      'legacy/web.yaml': WITH_RETENTION,
      'k8s/other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n',
    });
    writeFileSync(path.join(dir, 'legacy/web.yaml'), WITH_RETENTION.replace('replicas: 3', 'replicas: 4'));
    const run = stslint(['--base', 'HEAD', '--context', '.', '-f', 'json', 'k8s/other.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(json(run.stdout).flatMap((r) => r.messages.map((m) => m.ruleId))).toEqual([]);
  });

  it('compares the staged change with the last commit, as the pre-commit hook does', () => {
    const dir = repository({ 'web.yaml': WEB_GOOD });
    writeFileSync(path.join(dir, 'web.yaml'), WEB_GOOD.replace('storage: 1Gi', 'storage: 5Gi'));
    git(dir, 'add', 'web.yaml');
    const run = stslint(['--base', 'HEAD', '--context', '.', 'web.yaml'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('update-forbidden');
    expect(run.stdout).toMatch(/grows from `?1Gi`? to `?5Gi`? since HEAD/);
    // The short plan after the findings: the update is rejected, so nothing happens to the set.
    expect(run.stdout).toMatch(
      /plan \(since HEAD \([0-9a-f]{7}\)\): 1 StatefulSet change;.*\n {2}web \(default\): update rejected \(spec\.volumeClaimTemplates\[0\] cannot change\)/,
    );
    // The work tree and the index are left as they were.
    expect(git(dir, 'status', '--porcelain')).toBe('M  web.yaml\n');
  });

  it('draws nothing when nothing changed, and says so in the plan', () => {
    const dir = repository({ 'web.yaml': WEB_GOOD });
    const run = stslint(['--base', 'HEAD', '-f', 'plan', 'web.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No StatefulSet is created, deleted, scaled or rolled out');
  });

  it('writes a Markdown plan of a scale-up', () => {
    const dir = repository({ 'web.yaml': WITH_RETENTION });
    writeFileSync(path.join(dir, 'web.yaml'), WITH_RETENTION.replace('replicas: 3', 'replicas: 5'));
    const run = stslint(['--base', 'HEAD', '-f', 'plan', 'web.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('| StatefulSet | Change | Pods | Claims |');
    expect(run.stdout).toMatch(/scaled 3 → 5 \| create `web-3`, `web-4`/);
    expect(run.stdout).toContain('create `data-web-3`, `data-web-4` (new, empty volumes)');
  });

  it('names the namespaces in the plan of a namespace move: what stays behind and what is created', () => {
    const inCache = WITH_RETENTION.replace('kind: StatefulSet\nmetadata: {name: web}', 'kind: StatefulSet\nmetadata: {name: web, namespace: cache}');
    expect(inCache).not.toBe(WITH_RETENTION);
    const dir = repository({ 'web.yaml': inCache });
    writeFileSync(path.join(dir, 'web.yaml'), inCache.replace('namespace: cache', 'namespace: shop'));
    const plan = stslint(['--base', 'HEAD', '-f', 'plan', 'web.yaml'], { cwd: dir }).stdout;
    expect(plan).toContain('moved from `cache/web`');
    expect(plan).toContain('create `web-0`, `web-1`, `web-2` in `shop` (');
    expect(plan).toContain('delete `web-2`, `web-1`, `web-0` in `cache` (');
    // whenDeleted: Delete: the old set's claims go with it.
    expect(plan).toContain('**delete** `data-web-0`, `data-web-1`, `data-web-2` in `cache`<br>');
    expect(plan).toContain('create `data-web-0`, `data-web-1`, `data-web-2` in `shop` (new, empty volumes)');
    const summary = stslint(['--base', 'HEAD', 'web.yaml'], { cwd: dir }).stdout;
    expect(summary).toMatch(
      /web \(shop\): moved from cache\/web;.*claims: delete data-web-0, data-web-1, data-web-2 in cache; claims: create data-web-0, data-web-1, data-web-2 in shop \(/,
    );
  });

  it('works with a detached HEAD in a linked worktree', () => {
    const dir = repository({ 'web.yaml': WEB_GOOD });
    writeFileSync(path.join(dir, 'web.yaml'), WEB_GOOD.replace('clusterIP: None', 'clusterIP: 10.96.0.20'));
    git(dir, 'commit', '-q', '-am', 'change');
    const tree = `${dir}-wt`;
    made.push(tree);
    git(dir, 'worktree', 'add', '-q', '--detach', tree, 'HEAD');
    const run = stslint(['--base', 'HEAD~1', 'web.yaml'], { cwd: tree });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('may not change once set');
  });

  it('treats every file as new before the first commit', () => {
    const dir = tempDir({ 'web.yaml': WEB_GOOD });
    made.push(dir);
    git(dir, 'init', '-q', '-b', 'main');
    const run = stslint(['--base', 'HEAD', '-f', 'plan', 'web.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('created with 1 replica');
  });

  it('leaves a base file that does not parse out of the comparison, with one line, and lints the current file', () => {
    const dir = repository({ 'web.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web\n' });
    writeFileSync(path.join(dir, 'web.yaml'), WEB_GOOD);
    const run = stslint(['--base', 'HEAD', '-f', 'json', 'web.yaml'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^stslint: base HEAD \([0-9a-f]{7}\): web\.yaml:\d+:\d+: .* left out of the comparison\.\n$/);
    expect(json(run.stdout)).toHaveLength(1);
  });

  it('is exit 2 with one line for a shallow clone without the base, naming what to fetch', () => {
    const origin = repository({ 'web.yaml': WEB_GOOD });
    writeFileSync(path.join(origin, 'web.yaml'), WEB_GOOD.replace('1Gi', '2Gi'));
    git(origin, 'commit', '-q', '-am', 'second');
    const clone = `${origin}-shallow`;
    made.push(clone);
    git(path.dirname(origin), 'clone', '-q', '--depth', '1', `file://${origin}`, clone);
    const run = stslint(['--base', 'HEAD~1', 'web.yaml'], { cwd: clone });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('shallow clone');
    expect(run.stderr).toContain('fetch-depth: 0');
  });

  it('is exit 2 with one line for an unknown revision, and outside a repository', () => {
    const dir = repository({ 'web.yaml': WEB_GOOD });
    const unknown = stslint(['--base', 'no-such-branch', 'web.yaml'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^stslint: --base no-such-branch: unknown revision .*\n$/);
    const outside = tempDir({ 'web.yaml': WEB_GOOD });
    made.push(outside);
    if (existsSync(path.join(path.dirname(outside), '.git'))) return;
    const none = stslint(['--base', 'HEAD', 'web.yaml'], { cwd: outside });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('is not inside a git repository');
  });
});

describe('--base-path', () => {
  it('compares with a cluster export without taking server-set fields for changes', () => {
    const exported = readFileSync(path.resolve(import.meta.dirname, '../fixtures/update-forbidden/valid-cluster-export/base/cluster.yaml'), 'utf8');
    const current = ['service.yaml', 'statefulset.yaml'].map((f) =>
      readFileSync(path.resolve(import.meta.dirname, '../fixtures/update-forbidden/valid-cluster-export', f), 'utf8'),
    );
    const dir = tempDir({ 'export.yaml': exported, 'k8s/service.yaml': current[0]!, 'k8s/statefulset.yaml': current[1]! });
    made.push(dir);
    const clean = stslint(['--base-path', 'export.yaml', '-f', 'plan', 'k8s'], { cwd: dir });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('1 compared, unchanged');
    mkdirSync(path.join(dir, 'next'));
    writeFileSync(path.join(dir, 'next/statefulset.yaml'), current[1]!.replace('replicas: 3', 'replicas: 2'));
    const scaled = stslint(['--base-path', 'export.yaml', 'next'], { cwd: dir });
    expect(scaled.stdout).toContain('scale-down-keeps-claims');
  });

  it('reads a change-pair folder as base and new version: files under --base-path are never current files', () => {
    const deleted = stslint([
      '--base-path',
      'fixtures/storage-deleted/invalid-deleted-under-delete/base',
      '-f',
      'json',
      'fixtures/storage-deleted/invalid-deleted-under-delete',
    ]);
    expect(deleted.code).toBe(0);
    const messages = json(deleted.stdout).flatMap((r) => r.messages.map((m) => ({ ...m, file: r.filePath })));
    expect(messages.filter((m) => m.ruleId === 'storage-deleted').map((m) => [path.basename(path.dirname(m.file)), m.line, m.inBase])).toEqual([
      ['base', 12, true],
    ]);
    const forbidden = stslint([
      '--base-path',
      'fixtures/update-forbidden/invalid-claim-template-storage/base',
      'fixtures/update-forbidden/invalid-claim-template-storage',
    ]);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stdout).toContain('update-forbidden');
  });

  it('refuses --base together with --base-path, and --format plan without a base', () => {
    expect(stslint(['--base', 'HEAD', '--base-path', 'x', 'fixtures/examples']).stderr).toContain('give one');
    const plan = stslint(['-f', 'plan', 'fixtures/examples']);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('--format plan');
  });
});
