// The line maps of rendered text (src/render/helm-map.ts, kustomize-map.ts): a node of what helm
// or kustomize printed → the template, values, patch or kustomization.yaml line a user edits.
// Rendered by the real tools (the devDependency's helm v4.1.4, kubectl v1.33.9 / kustomize
// v5.6.0), on our own fixtures and on the real charts and layouts of ../shared/charts.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, parseAllDocuments, type Node } from 'yaml';
import { helmSourceMap } from '../src/render/helm-map.js';
import { parseTemplate, type TemplateNode } from '../src/render/helm-template.js';
import { kustomizeSourceMap } from '../src/render/kustomize-map.js';
import type { RenderedSourceMap } from '../src/render/source-map.js';
import { ResourceGraph } from '../src/graph/graph.js';
import { toDiagnostic } from '../src/server/diagnostics.js';
import { toLintMessage } from '../src/engine/report.js';
import { renderTools } from './support/render-tools.js';
import { stslint } from './support/run.js';
import { helmTemplate, keyLine, kustomizeBuild, lineOf, mapped, RENDER_FIXTURES, SHARED_CHARTS } from './support/rendered-nodes.js';

const POD = ['spec', 'template', 'spec'] as const;

describe('the outline of a Helm template', () => {
  const outline = parseTemplate(
    [
      '{{- /* a comment',
      'spanning lines */}}',
      'apiVersion: apps/v1',
      'spec:',
      '  {{- with .Values.db }}',
      '  replicas: {{ .replicas }}',
      '  {{- end }}',
      '  template:',
      '    spec:',
      '      containers:',
      '      - name: app',
      '        args:',
      '          - |',
      '            not: a key',
      '        {{- include "extra" . | nindent 8 }}',
      '        resources: {{- toYaml .Values.resources | nindent 10 }}',
      '      {{- range $i, $c := .Values.sidecars }}',
      '      - name: {{ $c.name }}',
      '      {{- end }}',
    ].join('\n'),
  );
  const find = (node: TemplateNode, ...keys: (string | number)[]): TemplateNode => {
    let current = node;
    for (const key of keys) {
      const next = typeof key === 'number' ? current.children.filter((c) => c.kind === 'item')[key] : current.children.find((c) => c.key === key);
      if (!next) throw new Error(`no ${key}`);
      current = next;
    }
    return current;
  };

  it('reads keys by indentation with the actions set aside, and the values paths they read', () => {
    expect(find(outline, 'apiVersion').line).toBe(3);
    // `.replicas` inside `with .Values.db` reads db.replicas.
    expect(find(outline, 'spec', 'replicas')).toMatchObject({ line: 6, refs: [['db', 'replicas']] });
    // A sequence at its key's own indentation; a block scalar's lines are no keys.
    const container = find(outline, 'spec', 'template', 'spec', 'containers', 0);
    expect(container.children.map((c) => c.key ?? c.kind)).toEqual(['name', 'args', 'insertion', 'resources']);
    expect(find(container, 'resources')).toMatchObject({ opaque: true, refs: [['resources']] });
    // A range prints many items; `$c` stands for the list it ranges over.
    const sidecar = find(outline, 'spec', 'template', 'spec', 'containers', 1);
    expect(sidecar.repeated).toBe(true);
    expect(find(sidecar, 'name').refs).toEqual([['sidecars', 'name']]);
  });
});

describe('helmSourceMap on a chart with a subchart', () => {
  const chart = path.join(RENDER_FIXTURES, 'chart-umbrella');
  const text = helmTemplate(chart);
  const map = helmSourceMap(chart, text, { valuesFiles: [] });
  const at = (nodePath: readonly (string | number)[]) => mapped(map, text, chart, 'StatefulSet', 'r-db', nodePath);
  const template = 'charts/db/templates/statefulset.yaml';
  const templateLine = (pattern: RegExp) => `${template}:${lineOf(path.join(chart, template), pattern)}`;

  it('puts a value from values at the values line that sets it, parent over subchart, with the template line related', () => {
    expect(at(['spec', 'serviceName'])).toEqual({ primary: 'values.yaml:5', related: [templateLine(/serviceName:/)] });
    expect(at(['spec', 'volumeClaimTemplates', 0, 'spec', 'resources', 'requests', 'storage'])).toEqual({
      primary: 'values.yaml:4',
      related: [templateLine(/storage:/)],
    });
    expect(at(['spec', 'replicas'])).toEqual({ primary: 'charts/db/values.yaml:1', related: [templateLine(/replicas:/)] });
  });

  it('follows toYaml, `with` and `range` into the values, and helpers by the text they print', () => {
    const values = path.join(chart, 'charts/db/values.yaml');
    expect(at([...POD, 'containers', 0, 'resources', 'requests', 'memory']).primary).toBe(
      `charts/db/values.yaml:${keyLine(values, ['resources', 'requests', 'memory'])}`,
    );
    // The second env entry is the first of `extraEnv`, printed by `toYaml .` inside `with .Values.extraEnv`.
    expect(at([...POD, 'containers', 0, 'env', 1, 'value']).primary).toBe(`charts/db/values.yaml:${keyLine(values, ['extraEnv', 0, 'value'])}`);
    expect(at(['spec', 'volumeClaimTemplates', 0, 'spec', 'accessModes', 0]).primary).toBe(
      `charts/db/values.yaml:${keyLine(values, ['persistence', 'accessModes'])}`,
    );
    // registry, repository and tag all show in the image: the key above them.
    expect(at([...POD, 'containers', 0, 'image']).primary).toBe(`charts/db/values.yaml:${keyLine(values, ['image'])}`);
  });

  it('puts what the template writes itself at its line, list items told apart by their fixed text', () => {
    expect(at([...POD, 'containers', 0, 'volumeMounts', 1, 'name'])).toEqual({ primary: templateLine(/name: scratch/), related: [] });
    expect(at([...POD, 'containers', 0, 'env', 0, 'value']).primary).toBe(templateLine(/value: \/var\/lib/));
    // Labels printed by an include: the include's line.
    expect(at(['metadata', 'labels', 'app.kubernetes.io/name']).primary).toBe(templateLine(/^ {2}labels:/));
  });

  it('puts a value at the last values file given that sets it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stslint-values-'));
    const values = path.join(dir, 'prod.yaml');
    writeFileSync(values, '# production\ndb:\n  persistence:\n    size: 50Gi\n');
    const withFile = helmTemplate(chart, '-f', values);
    const result = helmSourceMap(chart, withFile, { valuesFiles: [values] }).map(
      renderedNodeOf(withFile, ['spec', 'volumeClaimTemplates', 0, 'spec', 'resources', 'requests', 'storage']),
    );
    expect(result?.primary).toMatchObject({ file: values, line: 4, column: 5 });
  });

  it('puts a key the template did not print (its `if` was false) at the values line that decided it', () => {
    const db = path.join(RENDER_FIXTURES, 'chart-db');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stslint-values-'));
    const values = path.join(dir, 'prod.yaml');
    writeFileSync(values, 'headless: false\n');
    const rendered = helmTemplate(db, '-f', values);
    const result = helmSourceMap(db, rendered, { valuesFiles: [values] }).map({
      doc: 0,
      path: ['spec', 'clusterIP'],
      // The Service comes first: its `spec:` is the first.
      renderedLine: rendered.split('\n').indexOf('spec:') + 1,
      renderedColumn: 1,
    });
    expect(result?.primary).toMatchObject({ file: values, line: 1 });
    expect(result?.related).toMatchObject([
      { file: path.join(db, 'templates/service.yaml'), line: lineOf(path.join(db, 'templates/service.yaml'), /clusterIP: None/) },
    ]);
  });

  function renderedNodeOf(rendered: string, nodePath: readonly (string | number)[]) {
    return { doc: 0, path: nodePath, renderedLine: rendered.split('\n').findIndex((l) => l.includes('storage:')) + 1, renderedColumn: 13 };
  }
});

describe.skipIf(!SHARED_CHARTS)('helmSourceMap on real charts (../shared/charts)', () => {
  const charts = SHARED_CHARTS ?? '';

  it('bitnami-postgresql: serviceName, replicas and probes at the template, storage and image at values.yaml', () => {
    const chart = path.join(charts, 'bitnami-postgresql');
    const text = helmTemplate(chart, '--set', 'auth.postgresPassword=x');
    const map = helmSourceMap(chart, text, { valuesFiles: [] });
    const at = (nodePath: readonly (string | number)[]) => mapped(map, text, chart, 'StatefulSet', 'r-postgresql', nodePath);
    const template = path.join(chart, 'templates/primary/statefulset.yaml');
    const t = (pattern: RegExp, nth = 0) => `templates/primary/statefulset.yaml:${lineOf(template, pattern, nth)}`;
    const v = (...keyPath: string[]) => `values.yaml:${keyLine(path.join(chart, 'values.yaml'), keyPath)}`;

    // A helper prints the name (from no values that are set): the template line that writes the key.
    expect(at(['spec', 'serviceName'])).toEqual({ primary: t(/^ {2}serviceName:/), related: [] });
    expect(at(['spec', 'replicas'])).toEqual({ primary: t(/^ {2}replicas: 1/), related: [] });
    expect(at(['spec', 'volumeClaimTemplates', 0, 'spec', 'resources', 'requests', 'storage'])).toEqual({
      primary: v('primary', 'persistence', 'size'),
      related: [t(/storage: \{\{ \.Values\.primary\.persistence\.size/)],
    });
    expect(at([...POD, 'containers', 0, 'image'])).toEqual({ primary: v('image'), related: [t(/^ {10}image: \{\{ include "postgresql.v1.image"/)] });
    // The probe the chart prints (its `else if` branch, not `customReadinessProbe`), field by field from values.
    expect(at([...POD, 'containers', 0, 'readinessProbe', 'failureThreshold']).primary).toBe(v('primary', 'readinessProbe', 'failureThreshold'));
    // Volumes paired by name: `dshm` is its own item of the template, after conditional ones.
    expect(at([...POD, 'volumes', 2, 'emptyDir', 'medium']).primary).toBe(t(/medium: Memory/));
    expect(at([...POD, 'containers', 0, 'volumeMounts', 2, 'mountPath']).primary).toBe(t(/mountPath: \/opt\/bitnami\/postgresql\/tmp$/));
  });

  it('bitnami-redis: the replicas of each set at its values key', () => {
    const chart = path.join(charts, 'bitnami-redis');
    const text = helmTemplate(chart, '--set', 'auth.password=x');
    const map = helmSourceMap(chart, text, { valuesFiles: [] });
    const values = path.join(chart, 'values.yaml');
    expect(mapped(map, text, chart, 'StatefulSet', 'r-redis-replicas', ['spec', 'replicas']).primary).toBe(
      `values.yaml:${keyLine(values, ['replica', 'replicaCount'])}`,
    );
    expect(
      mapped(map, text, chart, 'StatefulSet', 'r-redis-master', ['spec', 'volumeClaimTemplates', 0, 'spec', 'resources', 'requests', 'storage']).primary,
    ).toBe(`values.yaml:${keyLine(values, ['master', 'persistence', 'size'])}`);
  });

  it('prometheus-community-alertmanager: replicas and storage from values, serviceName at its template line, with a ci values file', () => {
    const chart = path.join(charts, 'prometheus-community-alertmanager');
    const ci = path.join(chart, 'ci/config-reload-values.yaml');
    const text = helmTemplate(chart, '-f', ci);
    const map = helmSourceMap(chart, text, { valuesFiles: [ci] });
    const values = path.join(chart, 'values.yaml');
    const at = (nodePath: readonly (string | number)[]) => mapped(map, text, chart, 'StatefulSet', 'r-alertmanager', nodePath);
    expect(at(['spec', 'replicas']).primary).toBe(`values.yaml:${keyLine(values, ['replicaCount'])}`);
    expect(at(['spec', 'serviceName']).primary).toBe(
      `templates/statefulset.yaml:${lineOf(path.join(chart, 'templates/statefulset.yaml'), /^ {2}serviceName:/)}`,
    );
    expect(at(['spec', 'volumeClaimTemplates', 0, 'spec', 'resources', 'requests', 'storage']).primary).toBe(
      `values.yaml:${keyLine(values, ['persistence', 'size'])}`,
    );
  });

  it.each([
    ['bitnami-postgresql', ['--set', 'architecture=replication', '--set', 'auth.postgresPassword=x']],
    ['bitnami-redis', ['--set', 'sentinel.enabled=true', '--set', 'auth.password=x']],
    ['bitnami-kafka', ['--set', 'broker.replicaCount=3']],
    ['bitnami-mongodb', ['--set', 'architecture=replicaset', '--set', 'auth.rootPassword=x']],
    ['prometheus-community-alertmanager', []],
  ])('%s: every node of every object maps to a line that exists, in a file of the chart', (name, args) => {
    const chart = path.join(charts, name);
    const text = helmTemplate(chart, ...args);
    everyNodeMaps(helmSourceMap(chart, text, { valuesFiles: [] }), text, chart);
  });
});

describe('kustomizeSourceMap on an overlay with patches and transformers', () => {
  const root = path.join(RENDER_FIXTURES, 'overlay-patches');
  const overlay = path.join(root, 'overlay');
  const kustomization = path.join(overlay, 'kustomization.yaml');
  const k = (pattern: RegExp) => `overlay/kustomization.yaml:${lineOf(kustomization, pattern)}`;

  for (const absolute of [false, true]) {
    const text = kustomizeBuild(overlay, { absolute });
    const map = kustomizeSourceMap(overlay, text);
    const set = (nodePath: readonly (string | number)[]) => mapped(map, text, root, 'StatefulSet', 'prod-db', nodePath);

    it(`puts what a patch sets at the patch's line (annotation paths ${absolute ? 'absolute' : 'relative to the wrapper'})`, () => {
      // The defects of the issue: the governing Service given a clusterIP, a mount of a volume that does not exist.
      expect(mapped(map, text, root, 'Service', 'prod-db', ['spec', 'clusterIP']).primary).toBe('overlay/service-cluster-ip.yaml:6');
      expect(set([...POD, 'containers', 0, 'volumeMounts', 0, 'name']).primary).toBe('overlay/cache-mount.yaml:11');
      expect(set([...POD, 'containers', 0, 'volumeMounts', 0]).primary).toBe('overlay/cache-mount.yaml:11');
      // JSON6902 from a file, and inline in kustomization.yaml.
      expect(set(['spec', 'volumeClaimTemplates', 0, 'spec', 'resources', 'requests', 'storage'])).toEqual({
        primary: 'overlay/storage.json:2',
        related: ['base/statefulset.yaml:29'],
      });
      expect(set(['spec', 'replicas'])).toEqual({ primary: k(/value: 3/), related: ['base/statefulset.yaml:7'] });
    });

    it(`puts a name, namespace, label or image a transformer set at its kustomization.yaml field (${absolute ? 'absolute' : 'relative'})`, () => {
      expect(set(['metadata', 'name']).primary).toBe(k(/^namePrefix:/));
      expect(set(['metadata', 'namespace']).primary).toBe(k(/^namespace:/));
      expect(set(['metadata', 'labels', 'team']).primary).toBe(k(/team: storage/));
      expect(set([...POD, 'containers', 0, 'image']).primary).toBe(k(/newTag:/));
    });

    it(`puts the rest at the node in the file of origin, list items paired by merge key (${absolute ? 'absolute' : 'relative'})`, () => {
      expect(set(['spec', 'serviceName'])).toEqual({ primary: 'base/statefulset.yaml:6', related: [] });
      // The base's `data` mount is the second item once the patch added `cache`.
      expect(set([...POD, 'containers', 0, 'volumeMounts', 1, 'mountPath']).primary).toBe('base/statefulset.yaml:21');
      expect(set([...POD, 'containers', 0, 'name']).primary).toBe('base/statefulset.yaml:17');
      // A node no source file has: where it would be added in the file of origin (its deepest ancestor there).
      expect(set(['metadata', 'labels']).primary).toBe('base/statefulset.yaml:3');
    });
  }
});

describe.skipIf(!SHARED_CHARTS)('kustomizeSourceMap on real layouts (../shared/charts)', () => {
  const charts = SHARED_CHARTS ?? '';

  it('kustomize-yolean-kafka/variants/scale-1: replicas, fsGroup and images at the patches of each layer', () => {
    const base = path.join(charts, 'kustomize-yolean-kafka');
    const dir = path.join(base, 'variants/scale-1');
    const text = kustomizeBuild(dir, { absolute: true });
    const map = kustomizeSourceMap(dir, text);
    const at = (name: string, nodePath: readonly (string | number)[]) => mapped(map, text, base, 'StatefulSet', name, nodePath).primary;
    expect(at('kafka', ['spec', 'replicas'])).toBe(`variants/scale-1/kafka.yaml:${keyLine(path.join(dir, 'kafka.yaml'), ['spec', 'replicas'])}`);
    expect(at('pzoo', ['spec', 'replicas'])).toBe(`variants/scale-1/zookeeper.yaml:${lineOf(path.join(dir, 'zookeeper.yaml'), /replicas:/, 0)}`);
    expect(at('zoo', ['spec', 'replicas'])).toBe(`variants/scale-1/zookeeper.yaml:${lineOf(path.join(dir, 'zookeeper.yaml'), /replicas:/, 1)}`);
    expect(at('kafka', [...POD, 'securityContext', 'fsGroup'])).toBe(
      `nonroot/fsgroup-65534.yaml:${lineOf(path.join(base, 'nonroot/fsgroup-65534.yaml'), /fsGroup:/)}`,
    );
    // Two layers patch the zookeeper image: the outer one (native) wins, nonroot's is related.
    const image = mapped(map, text, base, 'StatefulSet', 'zoo', [...POD, 'containers', 0, 'image']);
    expect(image.primary).toMatch(/^native\/native-image-zookeeper\.yaml:\d+$/);
    expect(image.related[0]).toMatch(/^nonroot\/nonroot-image-zookeeper\.yaml:\d+$/);
    // Untouched by any patch: its line in the base.
    expect(at('kafka', ['spec', 'serviceName'])).toBe(`kafka/50kafka.yml:${keyLine(path.join(base, 'kafka/50kafka.yml'), ['spec', 'serviceName'])}`);
  });

  it('kustomize-bank-of-anthos: each commonLabels label at the component that sets it, the JSON6902 patch of the components', () => {
    const base = path.join(charts, 'kustomize-bank-of-anthos/src');
    const dir = path.join(base, 'accounts/accounts-db/k8s/overlays/development');
    const text = kustomizeBuild(dir, { absolute: true });
    const map = kustomizeSourceMap(dir, text);
    const at = (nodePath: readonly (string | number)[]) => mapped(map, text, base, 'StatefulSet', 'accounts-db', nodePath).primary;
    const label = (file: string) => `${file}:${lineOf(path.join(base, file), /^ {2}(tier|application|environment|team):/)}`;
    expect(at(['spec', 'selector', 'matchLabels', 'tier'])).toBe(label('accounts/accounts-db/k8s/overlays/development/kustomization.yaml'));
    expect(at([...POD.slice(0, 2), 'metadata', 'labels', 'application'])).toBe(label('components/bank-of-anthos/kustomization.yaml'));
    expect(at(['metadata', 'labels', 'environment'])).toBe(label('components/development/kustomization.yaml'));
    // The inline JSON6902 patch on every StatefulSet, at its `value:` line inside kustomization.yaml.
    const components = path.join(base, 'components/bank-of-anthos/kustomization.yaml');
    expect(at([...POD, 'serviceAccount'])).toBe(
      `components/bank-of-anthos/kustomization.yaml:${lineOf(components, /path: \/spec\/template\/spec\/serviceAccount$/) + 1}`,
    );
    expect(at(['spec', 'serviceName'])).toMatch(/^accounts\/accounts-db\/k8s\/overlays\/development\/accounts-db\.yaml:\d+$/);
  });

  it.each([
    'kustomize-yolean-kafka/variants/scale-1',
    'kustomize-yolean-kafka/variants/scale-3-5-nopzoo',
    'kustomize-yolean-kafka/variants/gke-regional',
    'kustomize-yolean-kafka/variants/dev-small',
    'kustomize-bank-of-anthos/src/ledger/ledger-db/k8s/overlays/development',
    'kustomize-bank-of-anthos/src/accounts/accounts-db/k8s/overlays/init-db-production',
  ])('%s: every node of every object maps to a line that exists', (name) => {
    const dir = path.join(charts, name);
    const text = kustomizeBuild(dir);
    everyNodeMaps(kustomizeSourceMap(dir, text), text, undefined);
  });
});

describe('stslint on a chart and an overlay (the built CLI, the tools named by flag)', () => {
  it('reports the overlay defects of the issue at the patch lines that must change', () => {
    const { stdout } = stslint(['-f', 'compact', '--kustomize', renderTools().kubectl, 'overlay'], { cwd: path.join(RENDER_FIXTURES, 'overlay-patches') });
    expect(stdout).toMatch(
      /^overlay\/service-cluster-ip\.yaml:6:3: error: Service `prod-db` governs StatefulSet `prod-db` but has `clusterIP: 10\.0\.0\.5`.*\[service-not-headless\]$/m,
    );
    expect(stdout).toMatch(
      /^overlay\/cache-mount\.yaml:11:15: error: Container `postgres` of StatefulSet `prod-db` mounts volume `cache`.*\[volume-mount-unresolved\]$/m,
    );
  });

  it('reports a chart defect from values at the values line, one the template writes at the template line', () => {
    const { stdout } = stslint(['-f', 'compact', '--helm', renderTools().helm, '.'], { cwd: path.join(RENDER_FIXTURES, 'chart-umbrella') });
    expect(stdout).toMatch(/^values\.yaml:5:3: error: StatefulSet `[\w-]+` names Service `db-headless`.*\[service-missing\]$/m);
    expect(stdout).toMatch(
      /^charts\/db\/templates\/statefulset\.yaml:30:21: error: Container `postgres` .* mounts volume `scratch`.*\[volume-mount-unresolved\]$/m,
    );
  });
});

describe('related places of a finding', () => {
  it('reach the language server as relatedInformation, with what each place is', () => {
    const finding = {
      ruleId: 'service-missing',
      severity: 'error' as const,
      message: 'StatefulSet `r-db` names Service `db-headless` in `spec.serviceName`, but there is none.',
      filePath: '/repo/chart/values.yaml',
      loc: { line: 5, column: 3, endLine: 5, endColumn: 27 },
      related: [{ filePath: '/repo/chart/templates/statefulset.yaml', loc: { line: 8, column: 3, endLine: 8, endColumn: 44 } }],
    };
    const message = toLintMessage(finding);
    expect(message.relatedLocations).toEqual([
      {
        filePath: '/repo/chart/templates/statefulset.yaml',
        line: 8,
        column: 3,
        endLine: 8,
        endColumn: 44,
        message: 'The template line that writes it (statefulset.yaml)',
      },
    ]);
    const diagnostic = toDiagnostic(message, {}, new ResourceGraph([]), (file) => `file://${file}`);
    expect(diagnostic.relatedInformation).toEqual([
      {
        location: { uri: 'file:///repo/chart/templates/statefulset.yaml', range: { start: { line: 7, character: 2 }, end: { line: 7, character: 43 } } },
        message: 'The template line that writes it (statefulset.yaml)',
      },
    ]);
  });
});

/** Asks the map for every key and item of every object: each lands on a line of an existing file (inside `within`). */
function everyNodeMaps(map: RenderedSourceMap, text: string, within: string | undefined): void {
  const docs = parseAllDocuments(text, { version: '1.1' });
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOfOffset = (offset: number) => lineStarts.findLastIndex((s) => s <= offset) + 1;
  const files = new Map<string, number>();
  let asked = 0;
  (Array.isArray(docs) ? docs : []).forEach((doc, index) => {
    const visit = (node: Node | null | undefined, at: (string | number)[]) => {
      if (isMap(node)) {
        for (const pair of node.items) {
          const key = pair.key as Node;
          const next = [...at, String((key as { value?: unknown }).value)];
          check(next, key.range![0]);
          visit(pair.value as Node | null, next);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => {
          check([...at, i], (item as Node).range![0]);
          visit(item as Node, [...at, i]);
        });
      }
    };
    const check = (nodePath: (string | number)[], offset: number) => {
      asked++;
      const result = map.map({ doc: index, path: nodePath, renderedLine: lineOfOffset(offset), renderedColumn: 1 });
      if (!result) return;
      for (const span of [result.primary, ...result.related]) {
        if (within) expect(span.file.startsWith(within + path.sep), span.file).toBe(true);
        if (!files.has(span.file)) files.set(span.file, readFileSync(span.file, 'utf8').split('\n').length);
        expect(span.line, `${nodePath.join('.')} → ${span.file}:${span.line}`).toBeGreaterThanOrEqual(1);
        expect(span.line).toBeLessThanOrEqual(files.get(span.file)!);
        expect(span.endLine).toBeGreaterThanOrEqual(span.line);
      }
    };
    visit(doc.contents, []);
  });
  expect(asked).toBeGreaterThan(50);
}
