// The pre-commit hook compares the named files with their last commit (src/project/context.ts
// previousVersions). With its cache in the git directory it keeps those texts with the commit
// they are of, read from git's files (src/change/git.ts headCommitFromFiles) without starting
// git: the commit must be the one git takes HEAD to be, and a run that reads the kept texts must
// give exactly the results of a run that asks git.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { headCommitFromFiles } from '../src/change/git.js';
import { lintSelection } from '../src/project/context.js';
import { gitDirectory } from '../src/shared/paths.js';
import { tempDir, writeFiles } from './support/run.js';

const hasGit = spawnSync('git', ['--version']).status === 0;

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    stdio: 'pipe',
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  }).trim();

const kafka = (name: string, peers: number) => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: ${name}, namespace: streams}
spec:
  serviceName: ${name}
  replicas: ${peers}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: broker
          image: example/broker:3.7
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: streams}
spec:
  clusterIP: None
  selector: {app: ${name}}
  ports: [{name: broker, port: 9092}]
`;

// Names broker-4 of `kafka`: with fewer than 5 replicas there, peer-ordinal-out-of-range (caused by the change to kafka.yaml).
const consumer = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: consumer, namespace: streams}
spec:
  serviceName: consumer
  replicas: 1
  selector: {matchLabels: {app: consumer}}
  template:
    metadata: {labels: {app: consumer}}
    spec:
      containers:
        - name: main
          image: example/consumer:1.0
          args: ["--bootstrap", "kafka-4.kafka.streams.svc.cluster.local:9092"]
`;

afterEach(() => {
  delete process.env.GIT_DIR;
  delete process.env.GIT_OBJECT_DIRECTORY;
});

describe.skipIf(!hasGit)('HEAD read from the git directory’s files', () => {
  it('is the commit git takes HEAD to be: a branch, packed refs, detached, a worktree; none where git could see otherwise', () => {
    const dir = tempDir({ 'a.yaml': kafka('kafka', 5) });
    const gitDir = path.join(dir, '.git');
    // No commit yet: nothing to read.
    git(dir, 'init', '-q', '-b', 'main');
    expect(headCommitFromFiles(gitDir)).toBeUndefined();
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'one');
    const expectHead = (where: string, gd = gitDir) => expect(headCommitFromFiles(gd), where).toBe(git(where, 'rev-parse', 'HEAD'));
    expectHead(dir);
    // Packed refs (no loose ref file), then a newer loose one that shadows the packed.
    git(dir, 'pack-refs', '--all');
    expect(existsSync(path.join(gitDir, 'refs/heads/main'))).toBe(false);
    expectHead(dir);
    writeFiles(dir, { 'a.yaml': kafka('kafka', 4) });
    git(dir, 'commit', '-qam', 'two');
    expectHead(dir);
    // Detached.
    git(dir, 'checkout', '-q', '--detach', 'HEAD~1');
    expectHead(dir);
    git(dir, 'checkout', '-q', 'main');
    expectHead(dir);
    // A worktree: its own HEAD, the refs of the main git directory.
    const tree = path.join(dir, 'tree');
    git(dir, 'worktree', 'add', '-q', '-b', 'side', tree, 'HEAD~1');
    const treeGitDir = gitDirectory(tree)!;
    expect(treeGitDir).not.toBe(gitDir);
    expectHead(tree, treeGitDir);
    writeFiles(tree, { 'b.yaml': consumer });
    git(tree, 'add', '.');
    git(tree, 'commit', '-qm', 'side');
    expectHead(tree, treeGitDir);
    expectHead(dir);
    // Git's location variables set: git could look elsewhere. GIT_DIR set to the git directory
    // itself (git does so for a worktree's hooks) changes nothing.
    process.env.GIT_DIR = treeGitDir;
    expect(headCommitFromFiles(gitDir)).toBeUndefined();
    expectHead(tree, treeGitDir);
    delete process.env.GIT_DIR;
    process.env.GIT_OBJECT_DIRECTORY = path.join(gitDir, 'objects');
    expect(headCommitFromFiles(gitDir)).toBeUndefined();
    delete process.env.GIT_OBJECT_DIRECTORY;
    // A symbolic ref to a symbolic ref.
    git(dir, 'symbolic-ref', 'refs/heads/alias', 'refs/heads/main');
    git(dir, 'symbolic-ref', 'HEAD', 'refs/heads/alias');
    expect(headCommitFromFiles(gitDir)).toBeUndefined();
    git(dir, 'symbolic-ref', 'HEAD', 'refs/heads/main');
    expectHead(dir);
    // Replace refs change what a commit holds.
    git(dir, 'replace', git(dir, 'rev-parse', 'HEAD:a.yaml'), git(dir, 'rev-parse', 'HEAD~1:a.yaml'));
    expect(headCommitFromFiles(gitDir)).toBeUndefined();
  });
});

describe.skipIf(!hasGit)('the hook’s kept HEAD texts', () => {
  it('give the results of a run that asks git: same commit, a new commit, a new file, a detached HEAD', { timeout: 120_000 }, async () => {
    const dir = tempDir({ 'kafka.yaml': kafka('kafka', 5), 'consumer.yaml': consumer, 'other.yaml': kafka('other', 3) });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base');
    const cacheFile = path.join(dir, '.git', 'stslintcache');
    const store = `${cacheFile}.head`;
    const lint = (named: string[], cache: boolean) =>
      lintSelection(
        named.map((n) => path.join(dir, n)),
        { cwd: dir, preset: 'all', parallel: false, ...(cache ? { cacheFile } : {}) },
        { context: dir },
      );
    const caused = (run: Awaited<ReturnType<typeof lint>>) => run.findings.filter((f) => f.message.includes('(Caused by the change')).length;
    /** Without a cache (git asked), then twice with it: the first asks git and keeps the texts, the second reads them. */
    const expectSame = async (named: string[]) => {
      const plain = await lint(named, false);
      for (let i = 0; i < 2; i++) {
        const kept = await lint(named, true);
        expect(kept.results, `${named.join(', ')} (${i === 0 ? 'first' : 'second'} run with the cache)`).toEqual(plain.results);
        expect(JSON.parse(readFileSync(store, 'utf8')).commit).toBe(git(dir, 'rev-parse', 'HEAD'));
      }
      return plain;
    };

    // Fewer replicas staged: the consumer's kafka-4 is gone, caused by the change.
    writeFiles(dir, { 'kafka.yaml': kafka('kafka', 3) });
    git(dir, 'add', 'kafka.yaml');
    expect(caused(await expectSame(['kafka.yaml']))).toBe(1);
    // The store is what the second run read: a different text kept for this commit changes its result.
    const kept = JSON.parse(readFileSync(store, 'utf8')) as { texts: Record<string, string> };
    writeFileSync(store, JSON.stringify({ ...kept, texts: { ...kept.texts, 'kafka.yaml': kafka('kafka', 2) } }));
    expect(caused(await lint(['kafka.yaml'], true))).toBe(0);

    // Committed, and another change staged: the kept texts are of the old commit, git is asked again.
    git(dir, 'commit', '-qm', 'three brokers');
    writeFiles(dir, { 'kafka.yaml': kafka('kafka', 5) });
    git(dir, 'add', 'kafka.yaml');
    expect(caused(await expectSame(['kafka.yaml']))).toBe(0);
    writeFiles(dir, { 'kafka.yaml': kafka('kafka', 2) });
    expect(caused(await expectSame(['kafka.yaml']))).toBe(0);
    // A file the commit does not have, with one it has.
    writeFiles(dir, { 'new.yaml': kafka('kafka-new', 1) });
    await expectSame(['new.yaml', 'other.yaml']);
    // Committed with packed refs, then detached at the commit before.
    writeFiles(dir, { 'kafka.yaml': kafka('kafka', 5) });
    git(dir, 'commit', '-qam', 'five brokers');
    git(dir, 'pack-refs', '--all');
    writeFiles(dir, { 'kafka.yaml': kafka('kafka', 2) });
    expect(caused(await expectSame(['kafka.yaml']))).toBe(1);
    git(dir, 'commit', '-qam', 'two brokers');
    git(dir, 'checkout', '-q', '--detach', 'HEAD~1');
    writeFiles(dir, { 'kafka.yaml': kafka('kafka', 3) });
    expect(caused(await expectSame(['kafka.yaml']))).toBe(1);
  });
});
