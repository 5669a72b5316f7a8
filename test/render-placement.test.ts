// The pieces of rendering that need no tool: the kustomize annotations made absolute and removed
// with a line map back, placement through a line map with related places, and related places in
// JSON and SARIF.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { absoluteAnnotationPaths, withoutBuildAnnotations } from '../src/render/kustomize.js';
import { RenderedPlacement } from '../src/render/placement.js';
import { toLintMessage, toLintResults } from '../src/engine/report.js';
import { loadFormatter } from '../src/formatters/index.js';
import { rulesMeta } from '../src/engine/lint.js';
import type { Finding } from '../src/shared/finding.js';

const ANNOTATED = [
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  annotations:',
  '    alpha.config.kubernetes.io/transformations: |',
  '      - configuredIn: ../../../repo/overlays/prod/kustomization.yaml',
  '        configuredBy:',
  '          kind: PatchTransformer',
  '    config.kubernetes.io/origin: |',
  '      path: ../../../repo/base/service.yaml',
  '  name: web',
  'spec:',
  '  clusterIP: 10.0.0.5',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  annotations:',
  '    config.kubernetes.io/origin: |',
  '      path: ../../../repo/base/cm.yaml',
  '    team: a',
  '  name: c',
].join('\n');

describe('kustomize build output', () => {
  it('gets absolute annotation paths, and loses the two annotations (and an annotations map left empty) with a map to its lines', () => {
    const absolute = absoluteAnnotationPaths(ANNOTATED, '/tmp/w/x');
    expect(absolute).toContain('      - configuredIn: /repo/overlays/prod/kustomization.yaml');
    expect(absolute).toContain('      path: /repo/base/service.yaml');
    const { text, lineOf } = withoutBuildAnnotations(absolute);
    expect(text.split('\n')).toEqual([
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: web',
      'spec:',
      '  clusterIP: 10.0.0.5',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  annotations:',
      '    team: a',
      '  name: c',
    ]);
    expect(lineOf[5]).toBe(12); // `clusterIP` is line 13 of the annotated text
    expect(lineOf[11]).toBe(20);
  });

  it('is placed through the line map (document, path, line of the annotated text), else at the object in its file of origin', () => {
    const absolute = absoluteAnnotationPaths(ANNOTATED, '/tmp/w/x');
    const { text, lineOf } = withoutBuildAnnotations(absolute);
    const asked: unknown[] = [];
    const placement = new RenderedPlacement({
      kind: 'kustomize',
      root: '/repo/overlays/prod',
      unitFile: '/repo/overlays/prod/kustomization.yaml',
      mapText: absolute,
      lintedText: text,
      lineOf,
      map: {
        map: (node) => {
          asked.push(node);
          if (node.doc !== 0) return undefined;
          const span = { file: '/repo/overlays/prod/patch.yaml', line: 6, column: 14, endLine: 6, endColumn: 22 };
          return { primary: span, related: [{ ...span, file: '/repo/base/service.yaml', line: 6 }] };
        },
      },
    });
    const mapped = placement.place({ loc: { line: 6, column: 14, endLine: 6, endColumn: 22 }, path: ['spec', 'clusterIP'] });
    expect(asked[0]).toEqual({ doc: 0, path: ['spec', 'clusterIP'], renderedLine: 13, renderedColumn: 14 });
    expect(mapped.primary.file).toBe('/repo/overlays/prod/patch.yaml');
    expect(mapped.related.map((r) => r.file)).toEqual(['/repo/base/service.yaml']);
    // The ConfigMap: no map answer; its file of origin does not exist, so its first line there.
    const fallback = placement.place({ loc: { line: 13, column: 3, endLine: 13, endColumn: 4 }, path: ['metadata', 'name'] });
    expect(asked[1]).toMatchObject({ doc: 1, renderedLine: 22 });
    expect(fallback).toEqual({ primary: { file: '/repo/base/cm.yaml', line: 1, column: 1, endLine: 1, endColumn: 1 }, related: [], exact: false });
  });
});

describe('related places', () => {
  const finding: Finding = {
    ruleId: 'service-not-headless',
    severity: 'error',
    message: 'm',
    filePath: path.resolve('/repo/values.yaml'),
    loc: { line: 3, column: 1, endLine: 3, endColumn: 5 },
    related: [{ filePath: path.resolve('/repo/templates/svc.yaml'), loc: { line: 7, column: 3, endLine: 7, endColumn: 9 } }],
  };

  it('are in JSON as relatedLocations and in SARIF as relatedLocations', async () => {
    expect(toLintMessage(finding).relatedLocations).toEqual([
      {
        filePath: path.resolve('/repo/templates/svc.yaml'),
        line: 7,
        column: 3,
        endLine: 7,
        endColumn: 9,
        message: 'The template line that writes it (svc.yaml)',
      },
    ]);
    const sarif = (await loadFormatter('sarif'))!;
    const log = JSON.parse(await sarif(toLintResults([finding.filePath], [finding]), { cwd: '/repo', rulesMeta: rulesMeta() } as never)) as {
      runs: { results: { relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    const related = log.runs[0]!.results[0]!.relatedLocations!;
    expect(related[0]!.physicalLocation.artifactLocation.uri).toBe('templates/svc.yaml');
    expect(related[0]!.physicalLocation.region.startLine).toBe(7);
  });
});
