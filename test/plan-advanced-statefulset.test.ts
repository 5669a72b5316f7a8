// The plan (`--format plan`) of an OpenKruise Advanced StatefulSet follows Kruise's controller,
// not the built-in one: reserved ordinals have no pod, `partition` counts pods, the retention
// policy is Kruise's own (whatever the Kubernetes release), and `OnPodRollingUpdate` resizes
// claims as the rollout reaches their pods. Each case has its apps/v1 twin where they differ.

import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stslint, tempDir } from './support/run.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

interface SetOptions {
  apiVersion?: string;
  replicas: number;
  reserve?: string;
  image?: string;
  rollingUpdate?: string;
  extra?: string;
}

function set(o: SetOptions): string {
  return `apiVersion: ${o.apiVersion ?? 'apps.kruise.io/v1beta1'}
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: ${o.replicas}
${o.reserve ? `  reserveOrdinals: ${o.reserve}\n` : ''}  podManagementPolicy: Parallel
${o.rollingUpdate ? `  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate:\n${o.rollingUpdate}\n` : ''}${o.extra ?? ''}  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: ${o.image ?? 'nginx:1.27'}
        volumeMounts: [{name: data, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
`;
}

function plan(base: string, next: string, ...args: string[]): string {
  const dir = tempDir({ 'base/web.yaml': base, 'web.yaml': next });
  made.push(dir);
  const run = stslint(['--base-path', path.join(dir, 'base'), '-f', 'plan', ...args, path.join(dir, 'web.yaml')], { cwd: dir });
  expect(run.stderr).toBe('');
  return run.stdout;
}

describe('the plan of an Advanced StatefulSet', () => {
  it('deletes the pod of a newly reserved ordinal and creates the next one; never names a reserved pod', () => {
    const out = plan(set({ replicas: 3 }), set({ replicas: 3, reserve: '[1]' }));
    expect(out).toContain('| ordinals reserved |');
    expect(out).toContain('create `web-3`');
    expect(out).toContain('delete `web-1`');
    expect(out).toContain('keep `data-web-1` (re-attached by a later scale-up)');
    expect(out).toContain('create `data-web-3` (new, empty volumes)');
  });

  it('lists runs of pods around a reserved range without implying the reserved ones', () => {
    const out = plan(set({ replicas: 1 }), set({ replicas: 8, reserve: '["3-5"]' }));
    // web-1, web-2, web-6 … web-10: the run stops at the gap.
    expect(out).toContain('create `web-1`, `web-2`, `web-6` … `web-10` (5)');
    expect(out).not.toMatch(/`web-[345]`/);
  });

  it('counts `partition` in pods: the first pods in ordinal order keep the old template (apps/v1 counts ordinals)', () => {
    const rollingUpdate = '      partition: 2\n      maxUnavailable: 1\n      podUpdatePolicy: ReCreate';
    const base = set({ replicas: 4, reserve: '[1]', rollingUpdate });
    const out = plan(base, set({ replicas: 4, reserve: '[1]', rollingUpdate, image: 'nginx:1.28' }));
    // Pods web-0, web-2, web-3, web-4: two keep the old template, the two highest are updated.
    expect(out).toContain('update `web-4`, `web-3` (highest ordinal first');
    expect(out).toContain('keep the old template: `web-0`, `web-2`');
    const builtIn = (text: string) =>
      text
        .replace('apps.kruise.io/v1beta1', 'apps/v1')
        .replace(/ {2}reserveOrdinals: .*\n/, '')
        .replace(/ {6}podUpdatePolicy: .*\n?/, '');
    const apps = plan(builtIn(set({ replicas: 4, rollingUpdate })), builtIn(set({ replicas: 4, rollingUpdate, image: 'nginx:1.28' })));
    expect(apps).toContain('update `web-3`, `web-2`');
    expect(apps).toContain('keep the old template: `web-0`, `web-1`');
  });

  it('says how many pods a priority strategy updates without naming which', () => {
    const rollingUpdate =
      '      partition: 1\n      maxUnavailable: 1\n      podUpdatePolicy: ReCreate\n      unorderedUpdate:\n        priorityStrategy:\n          weightPriority:\n          - weight: 50\n            matchSelector: {matchLabels: {tier: canary}}';
    const out = plan(set({ replicas: 3, rollingUpdate }), set({ replicas: 3, rollingUpdate, image: 'nginx:1.28' }));
    expect(out).toContain('up to 2 of them (`partition: 1` keeps the rest), chosen by `unorderedUpdate.priorityStrategy`');
    expect(out).not.toContain('keep the old template');
  });

  it("follows Kruise's retention policy before Kubernetes 1.27 (apps/v1 drops it there)", () => {
    const extra = '  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete, whenDeleted: Retain}\n';
    const out = plan(set({ replicas: 3, extra }), set({ replicas: 2, extra }), '--kubernetes-version', '1.26');
    expect(out).toContain('delete `web-2`');
    expect(out).toMatch(/\*\*delete\*\* `data-web-2`/);
    const apps = plan(set({ replicas: 3, extra, apiVersion: 'apps/v1' }), set({ replicas: 2, extra, apiVersion: 'apps/v1' }), '--kubernetes-version', '1.26');
    expect(apps).toContain('keep `data-web-2` (re-attached by a later scale-up)');
  });

  it('resizes claims pod by pod under OnPodRollingUpdate, only past the partition', () => {
    const rollingUpdate = '      partition: 1\n      maxUnavailable: 1\n      podUpdatePolicy: ReCreate';
    const extra = '  volumeClaimUpdateStrategy: {type: OnPodRollingUpdate}\n';
    const out = plan(set({ replicas: 3, rollingUpdate, extra }), set({ replicas: 3, rollingUpdate, extra }).replace('storage: 1Gi', 'storage: 2Gi'));
    expect(out).toContain('claim templates grow');
    expect(out).toContain('update `web-2`, `web-1`');
    expect(out).toContain('resize `data-web-1`, `data-web-2`');
    expect(out).not.toContain('pod template changed');
    // Without the strategy (OnDelete, Kruise's default) nothing happens to running pods or claims.
    const still = plan(set({ replicas: 3, rollingUpdate }), set({ replicas: 3, rollingUpdate }).replace('storage: 1Gi', 'storage: 2Gi'));
    expect(still).not.toContain('resize');
    expect(still).not.toContain('update `');
  });
});
