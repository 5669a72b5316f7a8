// ResourceGraph.servicesSelecting finds Services through an index of one selector pair each
// (src/graph/graph.ts): the answer is that of a scan of the namespace's Services, in the order of
// the files, whichever pair indexes each Service and whatever the order of the pod's labels.

import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, ResourceGraph } from '../src/graph/graph.js';
import { mapSelectorMatches } from '../src/api/labels.js';
import { parseSource } from '../src/yaml/parse.js';
import { createSourceFile } from '../src/yaml/source.js';
import { asRecord, asStringMap } from '../src/shared/value.js';

const service = (name: string, namespace: string, selector: Record<string, string>) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector, ports: [{ port: 80 }] } });

function graphOf(texts: string[]): ResourceGraph {
  const manifests = parseSource(createSourceFile('/services.yaml', texts.join('\n---\n'))).manifests;
  return new ResourceGraph(manifests, { ...DEFAULT_SETTINGS, namespace: 'default' });
}

/** The Services of `namespace` that select `labels`, by looking at every one. */
function scan(graph: ResourceGraph, namespace: string, labels: Record<string, string>): string[] {
  return graph
    .inNamespace('Service', namespace)
    .filter((s) => {
      const selector = asStringMap(asRecord(s.obj.spec)?.selector) ?? {};
      return Object.keys(selector).length > 0 && mapSelectorMatches(selector, labels);
    })
    .map((s) => s.name);
}

describe('servicesSelecting', () => {
  it('answers in the order of the files when the Services are indexed by different pairs', () => {
    // `Tier` comes before `app` in code points, after it in English collation.
    const graph = graphOf([service('first', 'ns', { app: 'db', Tier: 'data' }), service('second', 'ns', { app: 'db' })]);
    for (const labels of [
      { app: 'db', Tier: 'data' },
      { Tier: 'data', app: 'db' },
    ]) {
      expect(graph.servicesSelecting('ns', labels).map((s) => s.name)).toEqual(['first', 'second']);
    }
  });

  it('equals a scan of the namespace over seeded random selectors and labels', () => {
    let seed = 23;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const keys = ['app', 'Tier', 'app.kubernetes.io/name', 'app_kind', 'app-kind', 'ROLE', 'z'];
    const values = ['a', 'b'];
    const pick = (count: number) => {
      const out: Record<string, string> = {};
      for (let i = 0; i < count; i++) out[keys[random(keys.length)]!] = values[random(values.length)]!;
      return out;
    };
    for (let round = 0; round < 40; round++) {
      const texts = Array.from({ length: 12 }, (_, i) => service(`s${i}`, `ns${random(2)}`, pick(1 + random(3))));
      const graph = graphOf(texts);
      for (let probe = 0; probe < 20; probe++) {
        const labels = pick(1 + random(5));
        for (const namespace of ['ns0', 'ns1']) {
          expect(graph.servicesSelecting(namespace, labels).map((s) => s.name)).toEqual(scan(graph, namespace, labels));
        }
      }
    }
  });
});
