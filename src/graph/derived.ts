// Facts derived from a whole graph (indexes several rules share), computed once per graph on
// first use, so that runs whose rules do not need them pay nothing.

import type { ResourceGraph } from './graph.js';

export function derivedFromGraph<T extends object>(build: (graph: ResourceGraph) => T): (graph: ResourceGraph) => T {
  const cache = new WeakMap<ResourceGraph, T>();
  return (graph) => {
    let value = cache.get(graph);
    if (!value) {
      value = build(graph);
      cache.set(graph, value);
    }
    return value;
  };
}
