// Engine-level position tests: where a path lands in every YAML shape users write.

import { describe, expect, it } from 'vitest';
import { locate } from '../src/yaml/locate.js';
import { parseSource } from '../src/yaml/parse.js';
import { createSourceFile } from '../src/yaml/source.js';
import type { Path } from '../src/shared/finding.js';

function at(text: string, path: Path, options: { doc?: number; on?: 'key' | 'value' } = {}) {
  const parsed = parseSource(createSourceFile('/x.yaml', text));
  expect(parsed.findings).toEqual([]);
  const manifest = parsed.manifests[options.doc ?? 0]!;
  const { line, column, endLine, endColumn } = locate(manifest, path, options.on);
  return `${line}:${column}-${endLine}:${endColumn}`;
}

const base = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: 10.0.0.1\n';

describe('locate', () => {
  it('points at a scalar value, or at its key on request', () => {
    expect(at(base, ['spec', 'clusterIP'])).toBe('6:14-6:22');
    expect(at(base, ['spec', 'clusterIP'], { on: 'key' })).toBe('6:3-6:12');
  });

  it('points at the nearest existing key when the tail is missing', () => {
    expect(at(base, ['spec', 'selector', 'app'])).toBe('5:1-5:5');
    expect(at(base, ['status', 'x'])).toBe('4:9-4:12'); // nothing below the object: its name
  });

  it('uses file coordinates in later documents of a stream', () => {
    const text = `${base}---\n${base.replace('web', 'db').replace('10.0.0.1', '10.0.0.2')}`;
    expect(at(text, ['spec', 'clusterIP'], { doc: 1 })).toBe('13:14-13:22');
  });

  it('handles JSON', () => {
    const json = '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {"name": "web"},\n  "spec": {"clusterIP": "10.0.0.1"}\n}\n';
    expect(at(json, ['spec', 'clusterIP'])).toBe('5:25-5:35');
  });

  it('handles flow style', () => {
    expect(at('apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {clusterIP: 10.0.0.1, type: NodePort}\n', ['spec', 'type'])).toBe('4:35-4:43');
  });

  it('handles List items', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n  spec: {clusterIP: None}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: b}\n  spec:\n    clusterIP: 10.0.0.9\n`;
    expect(at(list, ['spec', 'clusterIP'], { doc: 1 })).toBe('12:16-12:24');
    expect(at(list, ['spec', 'clusterIP'], { doc: 0 })).toBe('7:21-7:25');
  });

  it('resolves aliases and merge keys', () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nx-defaults: &d\n  type: NodePort\nspec:\n  <<: *d\n  selector: &s {app: web}\n  other: *s\n';
    expect(at(text, ['spec', 'type'])).toBe('5:9-5:17');
    expect(at(text, ['spec', 'other', 'app'])).toBe('8:22-8:25');
  });

  it('counts columns after a byte-order mark and on CRLF lines', () => {
    expect(at(`\uFEFF${base}`, ['kind'])).toBe('2:7-2:14');
    expect(at(base.replace(/\n/g, '\r\n'), ['spec', 'clusterIP'])).toBe('6:14-6:22');
  });

  it('keeps a block scalar on its own lines', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: |\n    one\n    two\n  b: x\n';
    expect(at(text, ['data', 'a'])).toBe('5:6-7:8');
  });

  it('handles keys with dots and slashes', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  annotations:\n    app.kubernetes.io/name: web\n';
    expect(at(text, ['metadata', 'annotations', 'app.kubernetes.io/name'])).toBe('6:29-6:32');
  });
});

describe('parse', () => {
  const parse = (text: string, path = '/x.yaml') => parseSource(createSourceFile(path, text));

  it('reads YAML 1.1 scalars as kubectl does', () => {
    const { manifests } = parse('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nmode: 0644\nflag: yes\n');
    expect(manifests[0]!.obj.mode).toBe(420);
    expect(manifests[0]!.obj.flag).toBe(true);
  });

  it('reports a syntax error with its position and still reads the other documents', () => {
    const { manifests, findings } = parse(`${base}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: [broken\n---\n${base}`);
    expect(manifests).toHaveLength(2);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: null, fatal: true, severity: 'error' });
    expect(findings[0]!.loc.line).toBeGreaterThanOrEqual(10);
  });

  it('reports duplicate keys at the second key', () => {
    const { findings } = parse('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: b\n');
    expect(findings.map((f) => [f.loc.line, f.loc.column, f.message])).toEqual([[5, 3, expect.stringContaining('`name` appears more than once')]]);
  });

  it('gives one finding for an unrendered template, not a cascade', () => {
    const helm =
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {{ include "x.fullname" . }}\n{{- if .Values.enabled }}\nspec:\n  replicas: {{ .Values.replicas }}\n{{- end }}\n';
    const { findings, manifests } = parse(helm);
    expect(manifests).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.message).toMatch(/template syntax.*helm template/);
    expect(findings[0]!.loc).toMatchObject({ line: 4, column: 9 });
  });

  it('detects a template that happens to be valid YAML', () => {
    const { findings } = parse('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: {{ .Values.ip }}\n');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.loc).toMatchObject({ line: 6, column: 14 });
  });

  it('does not mistake rendered Go templates in data for template syntax', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: rules}\ndata:\n  summary: Instance {{ $labels.instance }} down\n  tmpl: |\n    {{ define "x" }}{{ end }}\n';
    expect(parse(text).findings).toEqual([]);
  });

  it('skips YAML that is not a Kubernetes object quietly', () => {
    const result = parse('replicaCount: 3\nimage:\n  tag: latest\n');
    expect(result).toMatchObject({ manifests: [], findings: [], skippedDocuments: 1 });
  });

  it('does not report syntax errors of files that are clearly not manifests', () => {
    expect(parse('{\n  // a tsconfig comment\n  "compilerOptions": {}\n}\n', '/tsconfig.json').findings).toEqual([]);
  });

  it('expands typed lists and fills in the item kind', () => {
    const { manifests } = parse('apiVersion: v1\nkind: ServiceList\nitems:\n- metadata: {name: a}\n- metadata: {name: b}\n');
    expect(manifests.map((m) => [m.obj.kind, m.obj.apiVersion, m.basePath])).toEqual([
      ['Service', 'v1', ['items', 0]],
      ['Service', 'v1', ['items', 1]],
    ]);
  });

  it('parses each document of a large file on its own: a broken one is an error at its line, the others keep their positions', () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: big}\nspec:\n${'  x: [unclosed\n'.repeat(10)}${'  # filler line for size\n'.repeat(4000)}`;
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  clusterIP: 10.0.0.1\n';
    const text = `${service}---\n${crd}--- # next\n${service}`;
    const { manifests, findings } = parse(text);
    // Every document is read, whatever its kind (api-removed and schema-invalid read them all).
    expect(findings.length).toBeGreaterThan(0);
    const crdFirstLine = service.split('\n').length + 1;
    for (const f of findings) expect(f.loc.line).toBeGreaterThanOrEqual(crdFirstLine);
    expect(manifests.map((m) => m.obj.kind)).toEqual(['Service', 'Service']);
    const lineOfSecond = text.split('\n').length - 1; // `clusterIP` of the last Service
    expect(locate(manifests[1]!, ['spec', 'clusterIP'])).toMatchObject({ line: lineOfSecond, column: 14 });
    expect(locate(manifests[0]!, ['spec', 'clusterIP'])).toMatchObject({ line: 6, column: 14 });
  });

  it('stops an alias bomb with a finding', () => {
    const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const { findings, manifests } = parse(bomb.join('\n'));
    expect(manifests).toEqual([]);
    expect(findings[0]!.message).toMatch(/alias/);
  });

  it('reads quoted scalars with under-indented continuation lines as go-yaml does', () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    x: '[\n      1\n    ]'\ndata: {a: b}\n";
    const { findings, manifests } = parse(text);
    expect(findings).toEqual([]);
    expect((manifests[0]!.obj.metadata as { annotations: { x: string } }).annotations.x).toBe('[ 1 ]');
    expect(locate(manifests[0]!, ['data', 'a'])).toMatchObject({ line: 9, column: 11 });
  });
});
