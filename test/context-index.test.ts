// The pre-commit hook's shortcuts — the cache's relation index (src/input/relation-index.ts),
// context files whose facts are never read, git read while the context is — give exactly the
// results of a run without a cache: the same repository linted as `--context .` does
// (lintSelection), with no cache, with a cold one, with a warm one (the index answers), and
// after changes that leave some context files out of the index or make a save rebuild it.

import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_SIZE, fileChecks, type LintOptions } from '../src/engine/lint.js';
import { FileCache } from '../src/input/cache.js';
import { lintSelection } from '../src/project/context.js';
import { tempDir, writeFiles } from './support/run.js';

const hasGit = spawnSync('git', ['--version']).status === 0;

const set = (name: string, namespace: string | undefined, extra = '') => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  serviceName: ${name}
  replicas: 3
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}, tier: data}
    spec:
      containers:
        - name: main
          image: example/${name}:1.0${extra}
          volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
`;

const service = (name: string, namespace: string | undefined, selector = name) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  clusterIP: None
  selector: {app: ${selector}}
  ports: [{name: peer, port: 7000}]
`;

/**
 * A repository of several namespaces whose objects relate across them: a client in ns-b names
 * the db's pods in ns-a by DNS, a NetworkPolicy in ns-b selects them by label, cluster-scoped
 * objects, objects in the default namespace, a List, a PDB, a broken file, and filler.
 */
function repository(fillers: number): Record<string, string> {
  const files: Record<string, string> = {
    'ns-a/db.yaml': `${set('db', 'ns-a')}---\n${service('db', 'ns-a')}`,
    'ns-a/pdb.yaml':
      'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: db, namespace: ns-a}\nspec:\n  maxUnavailable: 1\n  selector: {matchLabels: {app: db}}\n',
    // Names a pod the db (3 replicas) does not have: peer-ordinal-out-of-range, found only with ns-a/db.yaml in the graph.
    'ns-b/client.yaml': set('client', 'ns-b', '\n          args: ["--peer", "db-4.db.ns-a.svc.cluster.local"]'),
    'ns-b/client-service.yaml': service('client', 'ns-b'),
    'ns-b/netpol.yaml':
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: to-db, namespace: ns-b}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n',
    'cluster/classes.yaml':
      'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast}\nprovisioner: example.com/disk\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ns-a}\n',
    'default/web.yaml': `${set('web', undefined)}---\n${service('web', undefined)}`,
    'list.yaml': `apiVersion: v1\nkind: List\nitems:\n${[service('queue', 'ns-c'), set('queue', 'ns-c'), service('db-mirror', 'ns-a', 'db')]
      .map((doc) => `  - ${doc.trimEnd().split('\n').join('\n    ')}`)
      .join('\n')}\n`,
    'broken.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: [\n',
    'package.json': '{"name": "x"}',
  };
  for (let i = 0; i < fillers; i++) files[`fill/f${i}.yaml`] = `${set(`f${i}`, `ns-f${i % 7}`)}---\n${service(`f${i}`, `ns-f${i % 7}`)}`;
  return files;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    stdio: 'pipe',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  });

describe.skipIf(!hasGit)('--context with the relation index of the cache', () => {
  it(
    'gives the results of a run without a cache: cold, warm, after changes, for one or two named files, in other namespaces, with a List',
    { timeout: 240_000 },
    async () => {
      const dir = tempDir(repository(90));
      git(dir, 'init', '-q');
      git(dir, 'add', '.');
      git(dir, 'commit', '-qm', 'base');
      const cacheFile = path.join(dir, '.git', 'test-cache');
      const lint = (named: string[], cache: boolean, extra: LintOptions = {}) =>
        lintSelection(
          named.map((n) => path.join(dir, n)),
          { cwd: dir, preset: 'all', parallel: false, ...extra, ...(cache ? { cacheFile } : {}) },
          { context: dir },
        );
      let caused = 0;
      /** Without the cache, then twice with it (the second run reads the index the first one wrote). */
      const expectSame = async (named: string[], extra: LintOptions = {}) => {
        const plain = await lint(named, false, extra);
        for (let i = 0; i < 2; i++) {
          const cached = await lint(named, true, extra);
          expect(cached.results, `${named.join(', ')} (${i === 0 ? 'first' : 'second'} cached run)`).toEqual(plain.results);
          expect(cached.stats).toEqual(plain.stats);
        }
        caused += plain.findings.filter((f) => f.message.includes('(Caused by the change')).length;
        return plain;
      };
      const indexed = (file: string) =>
        FileCache.open(cacheFile, { checks: fileChecks({}), maxFileSize: DEFAULT_MAX_FILE_SIZE }).lookup(path.join(dir, file), 'context')?.indexed;

      // Nothing staged yet. A first run builds the index of every other file (files first read
      // later, as context of a later run, are compared one by one until a rebuild).
      await expectSame(['package.json']);
      expect(indexed('ns-a/db.yaml')).toBeDefined();
      // Each kind of file named alone.
      for (const named of [['ns-a/db.yaml'], ['list.yaml'], ['default/web.yaml'], ['cluster/classes.yaml'], ['ns-b/netpol.yaml']]) await expectSame(named);
      // A named file that relates to a file of another namespace (through a pod's DNS name).
      const client = await expectSame(['ns-b/client.yaml']);
      expect(client.findings.map((f) => f.ruleId)).toContain('peer-ordinal-out-of-range');
      expect(indexed('ns-b/client.yaml')).toBeDefined();
      expect(indexed('fill/f3.yaml')).toBeDefined();
      // The run's default namespace is not the cache's business: the index keeps namespaces as written.
      await expectSame(['default/web.yaml'], { namespace: 'ns-a' });

      // A staged change: the db renamed in place (the client's DNS name and the NetworkPolicy now point at nothing).
      writeFiles(dir, { 'ns-a/db.yaml': `${set('db2', 'ns-a')}---\n${service('db2', 'ns-a')}` });
      git(dir, 'add', 'ns-a/db.yaml');
      await expectSame(['ns-a/db.yaml']);
      // Two named files, one of them a List with an object in ns-a.
      await expectSame(['ns-a/db.yaml', 'list.yaml']);
      // Moved to another namespace: its previous version (git HEAD) relates to what it left.
      writeFiles(dir, { 'ns-a/db.yaml': `${set('db', 'ns-d')}---\n${service('db', 'ns-d')}` });
      git(dir, 'add', 'ns-a/db.yaml');
      await expectSame(['ns-a/db.yaml']);

      // A context file deleted after the cache knew it (its entry stays in the index), and a few
      // changed: the changed ones are compared one by one, not through the index.
      rmSync(path.join(dir, 'ns-b/client-service.yaml'));
      writeFiles(dir, {
        'ns-b/client.yaml': set('client', 'ns-b', '\n          args: ["--peer", "db-0.db.ns-d.svc.cluster.local"]'),
        'fill/f1.yaml': `${set('f1', 'ns-a')}---\n${service('f1', 'ns-a', 'db')}`,
      });
      await expectSame(['ns-a/db.yaml']);
      expect(indexed('fill/f2.yaml')).toBeDefined();
      // Most files changed: the next save builds the index anew, and the run after reads it.
      for (let i = 0; i < 90; i += 1)
        writeFiles(dir, { [`fill/f${i}.yaml`]: `${set(`f${i}`, `ns-f${i % 5}`)}---\n${service(`f${i}`, i % 9 === 0 ? 'ns-d' : `ns-f${i % 5}`)}` });
      await expectSame(['ns-a/db.yaml']);
      expect(indexed('fill/f9.yaml')).toBeDefined();
      await expectSame(['ns-a/db.yaml', 'default/web.yaml']);
      // A run whose result says something about context files: the comparison is not of empty runs.
      expect(caused).toBeGreaterThan(0);
    },
  );
});
