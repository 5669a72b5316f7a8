// A repository of Kustomize bases and overlays lints clean: the patches a kustomization names
// are partial objects, not objects, and are skipped like the kustomization files themselves.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/lint.js';
import { WEB_GOOD } from './support/manifests.js';
import { tempDir as repository } from './support/run.js';

const BASE = {
  'base/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [web.yaml]\n',
  'base/web.yaml': WEB_GOOD,
};
const REPLICAS_PATCH = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  replicas: 5\n';
const IMAGE_PATCH =
  'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx:1.28\n';

describe('Kustomize overlays', () => {
  it('skip the patches named by `patches`, `patchesStrategicMerge` and `patchesJson6902`, also in a folder below the kustomization', async () => {
    const root = repository({
      ...BASE,
      'overlays/prod/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../../base]\npatches:\n- path: patches/replicas.yaml\n  target: {kind: StatefulSet, name: web}\npatchesStrategicMerge:\n- image.yaml\npatchesJson6902:\n- path: json-patch.yaml\n  target: {group: apps, version: v1, kind: StatefulSet, name: web}\n',
      'overlays/prod/patches/replicas.yaml': REPLICAS_PATCH,
      'overlays/prod/image.yaml': IMAGE_PATCH,
      'overlays/prod/json-patch.yaml': '- op: replace\n  path: /spec/replicas\n  value: 3\n',
    });
    const run = await lintFiles(['.'], { cwd: root });
    expect(run.findings.map((f) => `${path.relative(root, f.filePath)}: ${f.ruleId}`)).toEqual([]);
  });

  it('skip a patch named when it is linted alone (a pre-commit hook passes only the changed file)', async () => {
    const root = repository({
      ...BASE,
      'overlays/prod/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../../base]\npatches:\n- path: replicas.yaml\n',
      'overlays/prod/replicas.yaml': REPLICAS_PATCH,
    });
    const run = await lintFiles(['overlays/prod/replicas.yaml'], { cwd: root });
    expect(run.findings).toEqual([]);
  });

  it('still lint the objects an overlay adds as resources, and a file no kustomization names', async () => {
    const root = repository({
      ...BASE,
      'overlays/prod/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../../base, extra.yaml]\n',
      'overlays/prod/extra.yaml': REPLICAS_PATCH.replace('name: web', 'name: cache'),
    });
    const run = await lintFiles(['.'], { cwd: root });
    expect(new Set(run.findings.map((f) => path.relative(root, f.filePath)))).toEqual(new Set(['overlays/prod/extra.yaml']));
  });
});
