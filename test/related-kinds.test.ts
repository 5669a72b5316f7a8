// The language server's related information (src/server/related.ts) resolves the objects the
// messages of the stateful-workload rules name: an OpenKruise Advanced StatefulSet (named
// "Advanced StatefulSet `x`") and the workloads on a claim (ReplicationController, Deployment).

import { describe, expect, it } from 'vitest';
import { ResourceGraph } from '../src/graph/graph.js';
import type { Manifest } from '../src/yaml/manifest.js';
import { namedObjects } from '../src/server/related.js';

function graph(objects: Record<string, unknown>[]): ResourceGraph {
  return new ResourceGraph(objects.map((obj) => ({ obj }) as unknown as Manifest));
}

describe('related information for the stateful-workload kinds', () => {
  const g = graph([
    { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'default' }, spec: {} },
    { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'legacy', namespace: 'default' }, spec: {} },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: {} },
  ]);

  it('finds an Advanced StatefulSet and a ReplicationController named in a message', () => {
    const own = { kind: 'PersistentVolumeClaim', name: 'data', namespace: 'default' };
    const found = namedObjects('Advanced StatefulSet `db` and ReplicationController `legacy` mount PersistentVolumeClaim `data`.', own, g);
    expect(found.map((f) => [f.label, f.resource.apiVersion])).toEqual([
      ['StatefulSet `db`', 'apps.kruise.io/v1beta1'],
      ['ReplicationController `legacy`', 'v1'],
    ]);
  });
});
