// The rules' shortcuts give exactly what the direct computations give: graph lookups by nested
// maps against a scan of every resource, remembered answers (ordinal spans, label selectors,
// workload selectors) against a fresh computation, and the peer scan's template strings against
// the eager scan it replaced. Over every object of the fixtures and of ../shared/corpus.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, ResourceGraph, type Resource } from '../src/graph/graph.js';
import { parseSource } from '../src/yaml/parse.js';
import { createSourceFile } from '../src/yaml/source.js';
import type { Manifest } from '../src/yaml/manifest.js';
import { parseKubernetesVersion } from '../src/api/version.js';
import { computeOrdinalSpan, ordinalSpan } from '../src/kubernetes/ordinals.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';
import { computeSpreading, spreadingOf } from '../src/kubernetes/spreading.js';
import { parseLabelSelector, readLabelSelector } from '../src/api/labels.js';
import { readWorkloadSelector, workloadSelector } from '../src/kubernetes/workload-selector.js';
import { findReferences, peerIndex, type ScannedScalar } from '../src/kubernetes/peers.js';
import { splitApiVersion } from '../src/api/kinds.js';
import type { Path } from '../src/shared/finding.js';
import { asArray, asRecord, asString } from '../src/shared/value.js';
import { RELEASES } from '../src/schema/catalog.generated.js';
import { lookUpSchemaRoot, schemaRootFor } from '../src/schema/releases.js';

const root = path.resolve(import.meta.dirname, '..');
const shared = existsSync(path.resolve(root, '..', 'shared')) ? path.resolve(root, '..', 'shared') : '/work/shared';

function manifestsIn(dir: string): Manifest[] {
  const out: Manifest[] = [];
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(dir, file);
    if (!/\.(ya?ml|json)$/.test(file) || !statSync(full).isFile()) continue;
    out.push(...parseSource(createSourceFile(full, readFileSync(full, 'utf8'))).manifests);
  }
  return out;
}

const inputs = [path.join(root, 'fixtures'), path.join(shared, 'corpus')].filter((d) => existsSync(d));
const manifests = inputs.flatMap(manifestsIn);
const releases = ['1.8', '1.26', '1.27', '1.35'];
const graphs = releases.map(
  (release) => new ResourceGraph(manifests, { ...DEFAULT_SETTINGS, namespace: 'default', kubernetesVersion: parseKubernetesVersion(release)! }),
);
const graph = graphs[graphs.length - 1]!;

describe('rule memos and indexes', () => {
  it('reads enough objects to mean something', () => {
    expect(graph.ofType('StatefulSet').length).toBeGreaterThan(200);
    expect(graph.resources.length).toBeGreaterThan(1000);
  });

  it('finds by type, namespace and name what a scan of every resource finds', () => {
    const typed = graph.resources.filter((r) => r.type !== undefined);
    for (const resource of typed) {
      const type = resource.type!;
      const same = (r: Resource) => r.type === type;
      expect(graph.get(type, resource.namespace, resource.name)).toBe(
        typed.find((r) => same(r) && r.namespace === resource.namespace && r.name === resource.name),
      );
      expect(graph.named(type, resource.name)).toEqual(typed.filter((r) => same(r) && r.name === resource.name));
      expect(graph.inNamespace(type, resource.namespace)).toEqual(typed.filter((r) => same(r) && r.namespace === resource.namespace));
      // Names and namespaces of other objects (and none) find nothing of this type unless one has them.
      expect(graph.get(type, `${resource.namespace}-x`, resource.name)).toBe(
        typed.find((r) => same(r) && r.namespace === `${resource.namespace}-x` && r.name === resource.name),
      );
      expect(graph.named(type, `${resource.name}\u0000`)).toEqual([]);
    }
    for (const service of graph.ofType('Service')) {
      const governed = graph
        .ofType('StatefulSet')
        .filter((s) => s.namespace === service.namespace && asString(asRecord(s.obj.spec)?.serviceName) === service.name && service.name !== '');
      expect(graph.governedBy(service)).toEqual(governed);
    }
    const autoscalers = graph.ofType('HorizontalPodAutoscaler');
    expect(autoscalers.length).toBeGreaterThan(0);
    for (const resource of typed) {
      const kind = resource.kind === 'PetSet' ? 'StatefulSet' : resource.kind;
      const expected = autoscalers.filter((hpa) => {
        const target = asRecord(asRecord(hpa.obj.spec)?.scaleTargetRef);
        const apiVersion = asString(target?.apiVersion);
        return (
          hpa.namespace === resource.namespace &&
          asString(target?.kind) === kind &&
          asString(target?.name) === resource.name &&
          resource.name !== '' &&
          (apiVersion === undefined || splitApiVersion(apiVersion).group === resource.group)
        );
      });
      expect(graph.autoscalersOf(resource)).toEqual(expected);
    }
  });

  it('remembers ordinal spans and spreading as computed, in every release', () => {
    let spread = 0;
    for (const g of graphs) {
      for (const set of g.ofType('StatefulSet')) {
        const view = statefulSetView(g, set);
        const remembered = ordinalSpan(g, view);
        expect(remembered).toEqual(computeOrdinalSpan(g, view));
        expect(ordinalSpan(g, view)).toBe(remembered);
        const spreading = spreadingOf(g, view);
        expect(spreading).toEqual(computeSpreading(g, view));
        expect(spreadingOf(g, view)).toBe(spreading);
        spread += spreading.effective.length + spreading.misaimed.length;
      }
    }
    expect(spread).toBeGreaterThan(50);
  });

  it('remembers label and workload selectors as parsed', () => {
    let selectors = 0;
    const visit = (value: unknown, key: string): void => {
      if (Array.isArray(value)) value.forEach((item) => visit(item, key));
      else if (value !== null && typeof value === 'object') {
        if (key === 'selector' || key === 'labelSelector' || key === 'namespaceSelector') {
          selectors++;
          const first = parseLabelSelector(value);
          expect(first).toEqual(readLabelSelector(value));
          expect(parseLabelSelector(value)).toBe(first);
        }
        for (const [k, v] of Object.entries(value)) visit(v, k);
      }
    };
    for (const { obj } of manifests) visit(obj, '');
    expect(selectors).toBeGreaterThan(500);
    for (const value of [undefined, null, 'app=web', 3]) expect(parseLabelSelector(value)).toEqual(readLabelSelector(value));
    for (const resource of graph.resources) {
      const first = workloadSelector(resource);
      expect(first).toEqual(readWorkloadSelector(resource));
      expect(workloadSelector(resource)).toBe(first);
    }
  });

  it('remembers schema roots as looked up, in every release', () => {
    const types = new Set(manifests.map(({ obj }) => `${String(obj.apiVersion)}\u0000${String(obj.kind)}`));
    types.add('v1\u0000NoSuchKind');
    let found = 0;
    for (const release of [...RELEASES, '1.0', '9.99']) {
      for (const type of types) {
        const [apiVersion, kind] = type.split('\u0000') as [string, string];
        const direct = lookUpSchemaRoot(release, apiVersion, kind);
        expect(schemaRootFor(release, apiVersion, kind)).toBe(direct);
        expect(schemaRootFor(release, apiVersion, kind)).toBe(direct);
        if (direct) found++;
      }
    }
    expect(found).toBeGreaterThan(100);
  });

  it("scans a set's template strings as the eager scan did", () => {
    let scanned = 0;
    for (const set of graph.ofType('StatefulSet')) {
      const fromTemplate = peerIndex(graph)
        .readBy(set)
        .filter((s) => s.resource === set);
      expect(fromTemplate.map((s) => ({ ...s }))).toEqual(eagerTemplateScan(set));
      scanned += fromTemplate.length;
    }
    expect(scanned).toBeGreaterThan(50);
  });
});

/** The template part of the peer scan as it was written before its shortcuts (paths and descriptions for every string). */
function eagerTemplateScan(set: Resource): ScannedScalar[] {
  const known = peerIndex(graph).known;
  const scalars: ScannedScalar[] = [];
  for (const container of statefulSetView(graph, set).containers) {
    const label = `${container.group === 'initContainers' ? 'init container' : 'container'} \`${container.name || `#${container.index}`}\``;
    const add = (at: Path, where: string, value: unknown): void => {
      if (typeof value !== 'string') return;
      const references = findReferences(value, known, false);
      if (references.length > 0) scalars.push({ resource: set, path: at, where, references });
    };
    const list = (base: Path, field: string, where: string, raw: unknown): void => {
      for (const [i, item] of asArray(raw).entries()) add([...base, field, i], where, item);
    };
    const { raw, path: at } = container;
    list(at, 'command', `\`command\` of ${label}`, raw.command);
    list(at, 'args', `\`args\` of ${label}`, raw.args);
    for (const [i, entry] of asArray(raw.env).entries()) {
      const env = asRecord(entry);
      add([...at, 'env', i, 'value'], `env \`${asString(env?.name) ?? i}\` of ${label}`, env?.value);
    }
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      list([...at, probe, 'exec'], 'command', `\`${probe}\` of ${label}`, asRecord(asRecord(raw[probe])?.exec)?.command);
    }
    for (const hook of ['postStart', 'preStop']) {
      const exec = asRecord(asRecord(asRecord(raw.lifecycle)?.[hook])?.exec);
      list([...at, 'lifecycle', hook, 'exec'], 'command', `\`${hook}\` hook of ${label}`, exec?.command);
    }
  }
  return scalars;
}
