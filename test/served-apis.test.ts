// Which apiVersion the API server of each release serves for a kind (src/schema/served.ts), and
// that the committed data is what scripts/gen-served-apis.mjs makes of ../shared/kubernetes-openapi.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKubernetesVersion } from '../src/api/version.js';
import { servedReplacement, servedVerdict } from '../src/schema/served.js';
import { ROOT, SHARED } from './support/run.js';

const on = (release: string) => parseKubernetesVersion(release)!;

describe('servedVerdict', () => {
  it.each([
    ['apps/v1alpha1', 'PetSet', '1.3', { served: true }],
    ['apps/v1alpha1', 'PetSet', '1.4', { served: true }],
    ['apps/v1alpha1', 'PetSet', '1.5', { served: false, reason: 'removed', removedIn: '1.5' }],
    ['apps/v1alpha1', 'StatefulSet', '1.4', { served: false, reason: 'neverServed' }],
    ['apps/v1alpha1', 'StatefulSet', '1.35', { served: false, reason: 'neverServed' }],
    ['apps/v1beta1', 'StatefulSet', '1.4', { served: false, reason: 'notYet', introducedIn: '1.5' }],
    ['apps/v1beta1', 'StatefulSet', '1.15', { served: true }],
    ['apps/v1beta1', 'StatefulSet', '1.16', { served: false, reason: 'removed', removedIn: '1.16' }],
    ['apps/v1', 'StatefulSet', '1.8', { served: false, reason: 'notYet', introducedIn: '1.9' }],
    ['apps/v1', 'StatefulSet', '1.9', { served: true }],
    ['rbac.authorization.k8s.io/v1beta1', 'Role', '1.21', { served: true }],
    ['rbac.authorization.k8s.io/v1beta1', 'Role', '1.22', { served: false, reason: 'removed', removedIn: '1.22' }],
    ['rbac.authorization.k8s.io/v1beta1', 'Role', '1.35', { served: false, reason: 'removed', removedIn: '1.22' }],
    // networking.k8s.io/v1beta1 is served again from 1.31, for other kinds.
    ['networking.k8s.io/v1beta1', 'Ingress', '1.25', { served: false, reason: 'removed', removedIn: '1.22' }],
    ['networking.k8s.io/v1beta1', 'Ingress', '1.33', { served: false, reason: 'removed', removedIn: '1.22' }],
    ['storage.k8s.io/v1beta1', 'StorageClass', '1.30', { served: false, reason: 'removed', removedIn: '1.22' }],
    ['policy/v1beta1', 'PodDisruptionBudget', '1.24', { served: true }],
    ['policy/v1beta1', 'PodDisruptionBudget', '1.25', { served: false, reason: 'removed', removedIn: '1.25' }],
    ['v1', 'StatefulSet', '1.35', { served: false, reason: 'neverServed' }],
    ['apps/v2', 'StatefulSet', '1.35', { served: false, reason: 'unknownVersion' }],
    ['v1', 'List', '1.35', { served: true }],
    ['v1', 'Service', '1.99', { served: true }],
  ])('%s %s on %s', (apiVersion, kind, release, verdict) => {
    expect(servedVerdict(apiVersion, kind, on(release))).toEqual(verdict);
  });

  it('does not judge custom resources', () => {
    expect(servedVerdict('monitoring.coreos.com/v1', 'ServiceMonitor', on('1.35'))).toBeUndefined();
  });

  it('names the most stable served replacement', () => {
    expect(servedReplacement('StatefulSet', 'apps', on('1.35'))).toBe('apps/v1');
    expect(servedReplacement('StatefulSet', 'apps', on('1.8'))).toBe('apps/v1beta2');
    expect(servedReplacement('Role', 'rbac.authorization.k8s.io', on('1.35'))).toBe('rbac.authorization.k8s.io/v1');
    expect(servedReplacement('Ingress', 'networking.k8s.io', on('1.35'))).toBe('networking.k8s.io/v1');
    expect(servedReplacement('Deployment', 'extensions', on('1.35'))).toBe('apps/v1');
    expect(servedReplacement('PodSecurityPolicy', 'policy', on('1.35'))).toBeUndefined();
  });
});

describe.skipIf(!existsSync(path.join(SHARED, 'kubernetes-openapi')))('src/schema/served-apis.generated.ts', () => {
  it('is what npm run gen:served makes of ../shared/kubernetes-openapi', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'stslint-served-')), 'served.ts');
    const run = spawnSync(process.execPath, ['scripts/gen-served-apis.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, STSLINT_SERVED_OUTPUT: out },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(path.join(ROOT, 'src/schema/served-apis.generated.ts'), 'utf8'));
  });
});
