// The arithmetic behind rwo-claim-replicas and rwo-claim-rolling-update, checked against the
// cases the Kubernetes sources spell out.

import { describe, expect, it } from 'vitest';
import { ResourceGraph } from '../src/graph/graph.js';
import type { Manifest } from '../src/yaml/manifest.js';
import { deploymentRollout } from '../src/kubernetes/deployment-rollout.js';
import { pinnedNode } from '../src/api/pod-scheduling.js';
import { isUnattachedProvisioner } from '../src/api/storage.js';

function deployment(strategy: unknown, apiVersion = 'apps/v1') {
  const manifest = { obj: { apiVersion, kind: 'Deployment', metadata: { name: 'd' }, spec: { strategy } } } as unknown as Manifest;
  return new ResourceGraph([manifest]).resources[0]!;
}

describe('deploymentRollout', () => {
  // The examples of ResolveFenceposts' comment (pkg/controller/deployment/util/deployment_util.go):
  // "<desired> desired, max unavailable <u>, surge <s> - should scale …".
  it.each([
    [2, '1%', '0%', 0, 1], // scale old(-1), then new(+1)
    [1, '1%', '0%', 0, 1],
    [2, '25%', '1%', 1, 0], // scale new(+1), then old(-1)
    [1, '25%', '1%', 1, 0],
    [2, '0%', '1%', 1, 0],
    [1, '0%', '1%', 1, 0],
  ])('%i desired, maxUnavailable %s, maxSurge %s: surge %i, unavailable %i', (desired, maxUnavailable, maxSurge, surge, unavailable) => {
    const rollout = deploymentRollout(deployment({ type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } }), desired);
    expect(rollout).toMatchObject({ type: 'RollingUpdate', surge, unavailable });
  });

  it('defaults to 25%/25% and 600 s in apps/v1, to 1/1 and no deadline in extensions/v1beta1', () => {
    expect(deploymentRollout(deployment(undefined), 1)).toMatchObject({ surge: 1, unavailable: 0, progressDeadlineSeconds: 600 });
    expect(deploymentRollout(deployment({}), 4)).toMatchObject({ surge: 1, unavailable: 1 });
    expect(deploymentRollout(deployment(undefined, 'extensions/v1beta1'), 1)).toMatchObject({ surge: 1, unavailable: 1, progressDeadlineSeconds: undefined });
  });

  it('reads Recreate, and gives up on what the API server rejects', () => {
    expect(deploymentRollout(deployment({ type: 'Recreate' }), 1).type).toBe('Recreate');
    expect(deploymentRollout(deployment({ type: 'BlueGreen' }), 1).type).toBe('unknown');
    expect(deploymentRollout(deployment({ rollingUpdate: { maxSurge: '1.5' } }), 1).type).toBe('unknown');
  });
});

describe('pinnedNode', () => {
  const affinity = (...terms: unknown[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
  const host = (...values: string[]) => ({ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values }] });

  it('finds one node from nodeName, a hostname node selector or a required node affinity', () => {
    expect(pinnedNode({ nodeName: 'n1' })?.node).toBe('n1');
    expect(pinnedNode({ nodeSelector: { 'kubernetes.io/hostname': 'n2' } })?.node).toBe('n2');
    expect(pinnedNode(affinity(host('n3')))?.node).toBe('n3');
    expect(pinnedNode(affinity(host('n3'), { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n3'] }] }))?.node).toBe('n3');
  });

  it('does not when the pods may run on several nodes', () => {
    expect(pinnedNode({})).toBeUndefined();
    expect(pinnedNode({ nodeSelector: { 'topology.kubernetes.io/zone': 'a' } })).toBeUndefined();
    expect(pinnedNode(affinity(host('n1', 'n2')))).toBeUndefined();
    // Terms are ORed: two terms naming two nodes allow both.
    expect(pinnedNode(affinity(host('n1'), host('n2')))).toBeUndefined();
    expect(pinnedNode(affinity(host('n1'), { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }))).toBeUndefined();
    expect(pinnedNode(affinity({ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['n1'] }] }))).toBeUndefined();
  });
});

describe('isUnattachedProvisioner', () => {
  it('knows node-local and network file system provisioners, and NFS ones by name', () => {
    for (const p of ['rancher.io/local-path', 'nfs.csi.k8s.io', 'k8s-sigs.io/nfs-subdir-external-provisioner', 'cluster.local/nfs-server-provisioner']) {
      expect(isUnattachedProvisioner(p), p).toBe(true);
    }
    for (const p of ['ebs.csi.aws.com', 'pd.csi.storage.gke.io', 'disk.csi.azure.com', 'rbd.csi.ceph.com', 'driver.longhorn.io', 'confsfs.example']) {
      expect(isUnattachedProvisioner(p), p).toBe(false);
    }
  });
});
