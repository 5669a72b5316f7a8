// The generated schemas and validators, and what schema validation and the served-API table
// decide for a target release. Rule findings and positions live in fixtures/schema-invalid and
// fixtures/api-removed; this file checks what fixtures cannot.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles, lintSources } from '../src/engine/lint.js';
import { parseQuantity } from '../src/api/quantity.js';
import { RELEASES } from '../src/schema/catalog.generated.js';
import { NEWEST_KUBERNETES_VERSION } from '../src/api/version.js';
import { loadedValidators } from '../src/schema/validators.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OPENAPI = path.resolve(ROOT, '../shared/kubernetes-openapi');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const CLI = path.join(ROOT, 'dist/src/cli/main.js');

const definitions = JSON.parse(readFileSync(path.join(ROOT, 'schemas/definitions.json'), 'utf8')) as {
  definitions: Record<string, { pattern?: string }>;
};
const index = JSON.parse(readFileSync(path.join(ROOT, 'schemas/index.json'), 'utf8')) as { releases: Record<string, Record<string, string>> };

const SET = (spec: string, apiVersion = 'apps/v1') => `apiVersion: ${apiVersion}
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: "nginx:1.27"}]
${spec}`;

function findings(text: string, kubernetesVersion?: string, ruleId = 'schema-invalid'): string[] {
  const options = kubernetesVersion ? { kubernetesVersion } : {};
  return lintSources([{ path: '/in.yaml', text }], options)
    .findings.filter((f) => f.ruleId === ruleId)
    .map((f) => f.message);
}

describe.skipIf(!existsSync(OPENAPI))('npm run gen:schemas', () => {
  it('regenerates the committed files byte for byte', async () => {
    const { generate } = (await import('../scripts/gen-schemas.mjs')) as { generate: () => Record<string, string> };
    for (const [file, text] of Object.entries(generate())) {
      expect(readFileSync(path.join(ROOT, file), 'utf8'), `${file} is stale: run npm run gen:schemas`).toBe(text);
    }
  });
});

describe('the generated schemas', () => {
  it('cover every kind stslint validates, in every release of the data', () => {
    const kinds = [
      'v1/ConfigMap',
      'v1/PersistentVolume',
      'v1/PersistentVolumeClaim',
      'v1/Secret',
      'v1/Service',
      'apps/v1/StatefulSet',
      'autoscaling/v1/HorizontalPodAutoscaler',
      'autoscaling/v2/HorizontalPodAutoscaler',
      'policy/v1/PodDisruptionBudget',
      'storage.k8s.io/v1/StorageClass',
    ];
    expect(Object.keys(index.releases)).toEqual([...RELEASES]);
    for (const release of RELEASES) for (const kind of kinds) expect(index.releases[release]![kind], `${release} ${kind}`).toBeDefined();
    expect(Object.keys(index.releases['1.24']!)).toContain('policy/v1beta1/PodDisruptionBudget');
    expect(Object.keys(index.releases['1.25']!)).not.toContain('policy/v1beta1/PodDisruptionBudget');
  });

  it('keep structure only, and the default target is the newest release', () => {
    const text = readFileSync(path.join(ROOT, 'schemas/definitions.json'), 'utf8');
    expect(text).not.toMatch(/"(description|default|x-kubernetes-[a-z-]+)":/);
    expect(RELEASES[RELEASES.length - 1]).toBe(NEWEST_KUBERNETES_VERSION);
  });

  it('have a compiled validator for every root definition', () => {
    const built = new Set(readdirSync(path.join(ROOT, 'dist/validators')));
    for (const root of new Set(Object.values(index.releases).flatMap((r) => Object.values(r)))) expect(built.has(`${root}.cjs`), root).toBe(true);
  });

  it('read quantities as the parser of src/api/quantity.ts does, around the spaces the API server trims', () => {
    const pattern = new RegExp(definitions.definitions.quantity!.pattern!);
    for (const text of [
      '1Gi',
      '500m',
      '1.5',
      '.5',
      '1e3',
      '1E-3',
      '+2k',
      '-1',
      '0',
      '10Ei',
      '5n',
      '3u',
      '1.',
      '1GB',
      '1gi',
      'Gi',
      '1 Gi',
      '1e',
      '1.5.5',
      '',
      '0x10',
    ]) {
      expect(pattern.test(text), text).toBe(parseQuantity(text).ok);
    }
    expect(pattern.test(' 1Gi ')).toBe(true);
  });
});

describe('schema validation', () => {
  it('loads only the validators of the kinds it meets, and none for a valid manifest', () => {
    const loaded = () => loadedValidators().map((root) => `${root}.cjs`);
    // Valid: proven so from the schema itself (src/schema/plainly-valid.ts), no validator loaded.
    lintSources([{ path: '/svc.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: lazy}\nspec: {ports: [{port: 80}]}\n' }], {
      kubernetesVersion: '1.29',
    });
    expect(loaded().filter((f) => f.includes('@1.29') || f.includes('Service@1.25'))).toEqual([]);
    lintSources([{ path: '/svc.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata: {name: lazy}\nspec: {ports: [{port: 80}], typo: 1}\n' }], {
      kubernetesVersion: '1.29',
    });
    expect(loaded()).toContain('core.v1.Service@1.29.cjs');
    expect(loaded().filter((f) => f.includes('@1.29') || f.includes('Service@1.25'))).toEqual(['core.v1.Service@1.29.cjs']);
  });

  it('reports one finding per root cause: a wrong type, not also a wrong value', () => {
    expect(findings(SET('  podManagementPolicy: 3\n'))).toEqual([
      '`podManagementPolicy` must be a string, not the number 3, or the API server cannot decode the object; quote it: `"3"`.',
    ]);
  });

  it('changes its verdict with --kubernetes-version where the API changed', () => {
    const ordinals = SET('  ordinals: {start: 1}\n');
    expect(findings(ordinals, '1.25')).toEqual([
      'Field `ordinals` in StatefulSet `spec` does not exist in Kubernetes 1.25: it was added in Kubernetes 1.26. Remove it, or lint for a newer cluster with `--kubernetes-version 1.26`.',
    ]);
    expect(findings(ordinals, '1.26')).toEqual([]);
    const maxUnavailable = SET('  updateStrategy: {rollingUpdate: {maxUnavailable: 2}}\n');
    expect(findings(maxUnavailable, '1.23')[0]).toContain('added in Kubernetes 1.24');
    expect(findings(maxUnavailable, '1.24')).toEqual([]);
    const clusterName = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, clusterName: east}\n';
    expect(findings(clusterName, '1.24')).toEqual([]);
    expect(findings(clusterName, '1.25')[0]).toContain('removed in Kubernetes 1.25');
  });

  it('uses the nearest release of the data for targets outside it, and says so', () => {
    expect(findings(SET('  ordinals: {start: 1}\n'), '1.20')[0]).toContain('Kubernetes 1.23 (the oldest release stslint has API data for; 1.20 was asked for)');
    expect(findings(SET('  ordinals: {start: 1}\n'), '1.40')).toEqual([]);
  });

  it('counts the resources it could not validate', () => {
    const text = `${SET('')}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n`;
    expect(lintSources([{ path: '/in.yaml', text }]).stats.unvalidatedResources).toBe(2);
    expect(lintSources([{ path: '/in.yaml', text }], { rules: { 'schema-invalid': 'off' } }).stats.unvalidatedResources).toBe(3);
  });
});

describe('api-removed with the served-API table', () => {
  const pdb = 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: zk}\nspec: {minAvailable: 2, selector: {matchLabels: {app: zk}}}\n';

  it('accepts policy/v1beta1 PodDisruptionBudgets on 1.24 and rejects them from 1.25', () => {
    expect(findings(pdb, '1.24', 'api-removed')).toEqual([]);
    expect(findings(pdb, '1.25', 'api-removed')).toEqual([
      'PodDisruptionBudget `apiVersion: policy/v1beta1` is not served since Kubernetes 1.25, so the API server of Kubernetes 1.25 rejects it. Use `apiVersion: policy/v1`.',
    ]);
    // Not served means not validated either: one finding, from api-removed.
    expect(findings(pdb, '1.25')).toEqual([]);
  });

  it('knows what was removed before the data begins', () => {
    expect(findings(SET('', 'apps/v1beta1'), '1.15', 'api-removed')).toEqual([]);
    expect(findings(SET('', 'apps/v1beta1'), '1.16', 'api-removed')[0]).toContain('not served since Kubernetes 1.16');
  });
});

describe('the command line', () => {
  const run = (args: string[], input: string) =>
    spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('takes --kubernetes-version and rejects a malformed one', () => {
    const ordinals = SET('  ordinals: {start: 1}\n');
    expect(run(['--kubernetes-version', '1.25', '-f', 'json', '-'], ordinals).stdout).toContain('added in Kubernetes 1.26');
    expect(run(['--kubernetes-version', '1.26', '-f', 'json', '-'], ordinals).stdout).not.toContain('schema-invalid');
    const bad = run(['--kubernetes-version', 'latest', '-'], ordinals);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('stslint: Kubernetes version `latest` is not of the form 1.30 or 1.30.2\n');
  });

  it('says in the summary how many resources were not checked against a schema; a Namespace is', () => {
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';
    const text = `${SET('')}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\n${namespace}`;
    expect(run(['-'], text).stdout).toContain('(3 resources, 1 not checked against an API schema)');
    for (const version of ['1.19', '1.23', '1.35']) {
      expect(run(['--kubernetes-version', version, '-'], namespace).stdout).toBe('stslint: no problems in 1 file (1 resource).\n');
      expect(run(['--kubernetes-version', version, '-f', 'compact', '-'], `${namespace}spec: {finalizer: [kubernetes]}\n`).stdout).toMatch(
        /^<stdin>:4:8: error: Unknown field `finalizer` in Namespace `spec` — did you mean `finalizers`\? \[schema-invalid\]\n$/,
      );
    }
  });
});

describe.skipIf(!existsSync(CORPUS))('the shared corpus', () => {
  it('draws no schema error from real manifests in any release', async () => {
    const dirs = readdirSync(CORPUS, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => path.join(CORPUS, d.name));
    for (const kubernetesVersion of ['1.23', '1.29', '1.35']) {
      const run = await lintFiles(dirs, { kubernetesVersion });
      const errors = run.findings.filter((f) => f.ruleId === 'schema-invalid').map((f) => `${path.relative(CORPUS, f.filePath)}:${f.loc.line}: ${f.message}`);
      expect(errors, kubernetesVersion).toEqual([]);
      expect(run.stats.resources - run.stats.unvalidatedResources, kubernetesVersion).toBeGreaterThan(100);
    }
  });
});

describe('schema findings beside other rules', () => {
  const noSelector = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, imgae: "nginx:1.27"}]
`;
  const places = (rules = {}) =>
    lintSources([{ path: '/in.yaml', text: noSelector }], { rules: { 'service-missing': 'off', 'no-stable-storage': 'off', ...rules } })
      .findings.map((f) => `${f.loc.line}:${f.loc.column} ${f.ruleId}`)
      .sort();

  it('leave a node to the rule that says more about it', () => {
    expect(places()).toEqual(['4:1 selector-mismatch', '9:32 schema-invalid']);
    expect(places({ 'selector-mismatch': 'off' })).toEqual(['4:1 schema-invalid', '9:32 schema-invalid']);
  });

  it('suggest the field whose letters were swapped', () => {
    expect(findings(noSelector)).toContain('Unknown field `imgae` in StatefulSet `spec.template.spec.containers[0]` — did you mean `image`?');
  });
});

describe('the allowed values added to the schemas', () => {
  it('each reach the field they are for', async () => {
    const { ENUMS } = (await import('../scripts/schema-enums.mjs')) as { ENUMS: { definition: string; property: string; values: string[] }[] };
    const all = definitions.definitions as Record<string, { properties?: Record<string, { enum?: unknown[] }> }>;
    for (const { definition, property, values } of ENUMS) {
      const variants = Object.entries(all).filter(([name]) => name.startsWith(`${definition}@`));
      expect(variants.length, definition).toBeGreaterThan(0);
      for (const [name, schema] of variants) expect(schema.properties?.[property]?.enum, `${name}.${property}`).toEqual(expect.arrayContaining(values));
    }
  });
});
