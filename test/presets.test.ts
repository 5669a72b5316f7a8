// Presets (`--preset`, `preset:` in the configuration) and the notice for a target release without
// its own API data. Runs the built CLI.

import { describe, expect, it } from 'vitest';
import { lintSources, RULES } from '../src/engine/lint.js';
import { stslint, tempDir } from './support/run.js';

/** Three replicas, no PodDisruptionBudget, no anti-affinity, no readiness probe, a ReadWriteOnce claim. */
const ZK = `apiVersion: v1
kind: Service
metadata: {name: zk}
spec: {clusterIP: None, selector: {app: zk}, ports: [{name: peer, port: 2888}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: zk}
spec:
  serviceName: zk
  replicas: 3
  selector: {matchLabels: {app: zk}}
  template:
    metadata: {labels: {app: zk}}
    spec:
      containers:
      - {name: zk, image: "zookeeper:3.9", volumeMounts: [{name: data, mountPath: /data}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;

const ADVICE = ['access-mode-prefer-rwop', 'anti-affinity-missing', 'pdb-missing', 'readiness-probe-missing'];

const ruleIds = (stdout: string): string[] =>
  (JSON.parse(stdout) as { messages: { ruleId: string }[] }[]).flatMap((r) => r.messages.map((m) => m.ruleId)).sort();

describe('presets', () => {
  it('every rule names its preset; the advice rules are only in `all`', () => {
    for (const rule of RULES) expect(['recommended', 'all'], rule.id).toContain(rule.meta.preset);
    expect(RULES.filter((r) => r.meta.preset === 'all').map((r) => r.id)).toEqual(ADVICE);
  });

  it('runs `recommended` by default, `all` when asked, and a rule set in `rules` whatever the preset', () => {
    const input = [{ path: '/zk.yaml', text: ZK }];
    const byDefault = lintSources(input).findings.map((f) => f.ruleId);
    for (const id of ADVICE) expect(byDefault).not.toContain(id);
    const all = lintSources(input, { preset: 'all' }).findings.map((f) => f.ruleId);
    for (const id of ADVICE) expect(all).toContain(id);
    const one = lintSources(input, { rules: { 'pdb-missing': 'warning' } }).findings;
    expect(one.filter((f) => f.ruleId === 'pdb-missing').map((f) => f.severity)).toEqual(['warning']);
    expect(one.map((f) => f.ruleId)).not.toContain('anti-affinity-missing');
  });

  it('is chosen by --preset, or by `preset:` in the configuration file (the flag wins)', () => {
    const dir = tempDir({ 'zk.yaml': ZK });
    expect(ruleIds(stslint(['-f', 'json', 'zk.yaml'], { cwd: dir }).stdout)).not.toContain('pdb-missing');
    expect(ruleIds(stslint(['-f', 'json', '--preset', 'all', 'zk.yaml'], { cwd: dir }).stdout)).toContain('pdb-missing');
    const configured = tempDir({ 'zk.yaml': ZK, '.stslint.yaml': 'preset: all\n' });
    expect(ruleIds(stslint(['-f', 'json', 'zk.yaml'], { cwd: configured }).stdout)).toContain('pdb-missing');
    expect(ruleIds(stslint(['-f', 'json', '--preset', 'recommended', 'zk.yaml'], { cwd: configured }).stdout)).not.toContain('pdb-missing');
  });

  it('rejects an unknown preset with one line and exit code 2', () => {
    const flag = stslint(['--preset', 'strict', 'fixtures/examples']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe('stslint: --preset takes `recommended` or `all`, not `strict`\n');
    const dir = tempDir({ 'zk.yaml': ZK, '.stslint.yaml': 'preset: strict\n' });
    const file = stslint(['zk.yaml'], { cwd: dir });
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/^stslint: \.stslint\.yaml:1:9: `preset` is `strict`; use `recommended` or `all`\n$/);
  });
});

describe('a target release without its own API data', () => {
  it('is named once on standard error, with the release whose data is used', () => {
    const dir = tempDir({ 'zk.yaml': ZK });
    const newer = stslint(['-f', 'json', '--kubernetes-version', '1.99', 'zk.yaml'], { cwd: dir });
    expect(newer.stderr).toBe('stslint: stslint has no API data for Kubernetes 1.99 (it knows 1.23–1.35): using the data of 1.35\n');
    const older = stslint(['-f', 'json', '--kubernetes-version', '1.4', 'zk.yaml'], { cwd: dir });
    expect(older.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(older.stderr).toContain('Kubernetes 1.4 is older than the API schemas stslint has (1.23–1.35)');
    expect(stslint(['-f', 'json', '--kubernetes-version', '1.30', 'zk.yaml'], { cwd: dir }).stderr).toBe('');
  });
});
