// The peer-reference scanner shared by the peer rules: which strings are pod, Service and SRV names.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findReferences, type KnownNames } from '../src/kubernetes/peers.js';
import { parseSource } from '../src/yaml/parse.js';
import { createSourceFile } from '../src/yaml/source.js';

const known: KnownNames = {
  isStatefulSet: (name) => ['zk', 'minio', 'mysql', 'web', 'web-1'].includes(name),
  isService: (name) => ['zk-hs', 'minio', 'cassandra'].includes(name),
  isNamespace: (name) => ['default', 'kafka'].includes(name),
};

const scan = (text: string) => findReferences(text, known).map((r) => ({ ...r }));

describe('findReferences', () => {
  it('finds every pod of a peer list, with the Service and without the port', () => {
    expect(scan('--servers=zk-0.zk-hs:2888,zk-1.zk-hs:2888').map((r) => [r.kind, r.text, 'first' in r ? r.first : -1])).toEqual([
      ['pod', 'zk-0.zk-hs', 0],
      ['pod', 'zk-1.zk-hs', 1],
    ]);
  });

  it('splits fully qualified names into Service, namespace and cluster domain', () => {
    expect(scan('http://minio-{0...3}.minio.default.svc.cluster.local/data')).toEqual([
      {
        kind: 'pod',
        text: 'minio-{0...3}.minio.default.svc.cluster.local',
        host: 'minio-{0...3}',
        set: 'minio',
        first: 0,
        last: 3,
        form: 'qualified',
        service: 'minio',
        namespace: 'default',
        domain: 'cluster.local',
      },
    ]);
    expect(scan('zk-0.default.svc')[0]).toMatchObject({ form: 'no-service', namespace: 'default', domain: undefined });
    expect(scan('ZK-1.ZK-HS.KAFKA.')[0]).toMatchObject({ text: 'ZK-1.ZK-HS.KAFKA', set: 'zk', form: 'namespaced', namespace: 'kafka' });
  });

  it('reads set names that end in a number, and shell ranges', () => {
    expect(scan('web-1-0.nginx')[0]).toMatchObject({ set: 'web-1', first: 0 });
    expect(scan('zk-{4..0}.zk-hs')[0]).toMatchObject({ first: 0, last: 4 });
  });

  it("finds the pod's own name through HOSTNAME, hostname and env vars", () => {
    expect(scan('--report-host=${HOSTNAME}.mysql.default.svc.cluster.local')[0]).toMatchObject({
      kind: 'self',
      variable: 'HOSTNAME',
      service: 'mysql',
      namespace: 'default',
    });
    expect(scan('$(hostname -s).zk-hs')[0]).toMatchObject({ kind: 'self', variable: 'HOSTNAME', text: '$(hostname -s).zk-hs' });
    expect(scan('$(POD_NAME).zk-hs:2181')[0]).toMatchObject({ kind: 'self', variable: 'POD_NAME' });
    expect(scan('$HOME/.zk-hs')).toEqual([]);
  });

  it('finds Service records and SRV lookups of known Services only', () => {
    expect(scan('cassandra.default.svc.cluster.local')[0]).toMatchObject({ kind: 'service', service: 'cassandra', namespace: 'default' });
    expect(scan('_cql._tcp.cassandra')[0]).toMatchObject({ kind: 'srv', port: 'cql', protocol: 'tcp', service: 'cassandra', form: 'short' });
    expect(scan('_cql._tcp.other.default.svc')).toEqual([]);
    expect(scan('cassandra')).toEqual([]);
  });

  it('leaves out versions, external hosts, longer names and bare names inside text', () => {
    for (const text of ['mysql-8.0.40', 'web-1.example.com', 'a-zk-0.zk-hs', 'zk-0.zk_hs', 'zk-01.zk-hs', 'start zk-3 now', 'zk-0.1abc']) {
      expect(scan(text), text).toEqual([]);
    }
    expect(scan(' mysql-0 ')[0]).toMatchObject({ kind: 'pod', form: 'bare', first: 0 });
  });

  it('reads a long value in one pass', () => {
    const value = 'zk-0.zk-hs:2181,'.repeat(50_000);
    expect(scan(value)).toHaveLength(50_000);
    expect(scan(`${'a-'.repeat(100_000)}1.zk-hs`)).toEqual([]);
  });

  it('finds the same with and without its quick skips, in every string of the fixtures and the corpus', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const dirs = [path.join(root, 'fixtures'), path.resolve(root, '../shared/corpus')].filter((d) => existsSync(d));
    const strings: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') strings.push(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
    };
    const names = { sets: new Set<string>(), services: new Set<string>(), namespaces: new Set<string>(['default']) };
    for (const dir of dirs) {
      for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
        const full = path.join(dir, file);
        if (!/\.(ya?ml|json)$/.test(file) || !statSync(full).isFile()) continue;
        for (const { obj } of parseSource(createSourceFile(full, readFileSync(full, 'utf8'))).manifests) {
          collect(obj);
          const meta = obj.metadata as { name?: unknown; namespace?: unknown } | undefined;
          if (typeof meta?.name !== 'string') continue;
          if (obj.kind === 'StatefulSet') names.sets.add(meta.name);
          if (obj.kind === 'Service') names.services.add(meta.name);
          if (typeof meta.namespace === 'string') names.namespaces.add(meta.namespace);
        }
      }
    }
    const graphNames: KnownNames = {
      isStatefulSet: (name) => names.sets.has(name),
      isService: (name) => names.services.has(name),
      isNamespace: (name) => names.namespaces.has(name),
    };
    let found = 0;
    for (const text of strings) {
      const quick = findReferences(text, graphNames);
      expect(quick, text).toEqual(findReferences(text, graphNames, false));
      found += quick.length;
    }
    expect(found).toBeGreaterThan(100);
  });
});
