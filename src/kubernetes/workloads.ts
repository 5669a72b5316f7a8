// The pod-creating workloads of the input (StatefulSets, Deployments, ReplicaSets, DaemonSets)
// and the labels of the pods they create, indexed by label pair so that a selector finds the
// workloads it selects without scanning every workload. Built once per graph, on first use.

import { derivedFromGraph } from '../graph/derived.js';
import type { Resource, ResourceGraph } from '../graph/graph.js';
import type { ResourceType } from '../api/kinds.js';
import { requirementMatches, type Labels, type Requirement } from '../api/labels.js';
import { asInteger, asRecord, asStringMap, type JsonRecord } from '../shared/value.js';
import { statefulSetView } from './statefulset.js';

export const WORKLOAD_TYPES: readonly ResourceType[] = ['StatefulSet', 'Deployment', 'ReplicaSet', 'DaemonSet'];

export interface Workload {
  readonly resource: Resource;
  /** Labels of the pods it creates: its pod template's labels. */
  readonly podLabels: Labels;
  /** Pods it wants; undefined for a DaemonSet (one per eligible node, unknown here). */
  readonly replicas: number | undefined;
  readonly podSpec: JsonRecord | undefined;
}

/** What a label selector selects once parsed: every pod, or the pods meeting all requirements. */
export type PodSelection = { readonly all: true } | { readonly all: false; readonly requirements: readonly Requirement[] };

export function selectionMatches(selection: PodSelection, labels: Labels): boolean {
  return selection.all || selection.requirements.every((r) => requirementMatches(r, labels));
}

function key(...parts: string[]): string {
  return parts.join('\u0000');
}

export class WorkloadIndex {
  readonly all: readonly Workload[];
  private readonly byResource = new Map<Resource, Workload>();
  private readonly byNamespace = new Map<string, Workload[]>();
  /** By namespace and one label pair of the pods; `byAnyNamespacePair` without the namespace. */
  private readonly byPair = new Map<string, Workload[]>();
  private readonly byAnyNamespacePair = new Map<string, Workload[]>();

  constructor(graph: ResourceGraph) {
    const all: Workload[] = [];
    for (const type of WORKLOAD_TYPES) {
      for (const resource of graph.ofType(type)) all.push(describeWorkload(graph, resource));
    }
    this.all = all;
    for (const workload of all) {
      const { namespace } = workload.resource;
      this.byResource.set(workload.resource, workload);
      push(this.byNamespace, namespace, workload);
      for (const [k, v] of Object.entries(workload.podLabels)) {
        push(this.byPair, key(namespace, k, v), workload);
        push(this.byAnyNamespacePair, key(k, v), workload);
      }
    }
  }

  of(resource: Resource): Workload | undefined {
    return this.byResource.get(resource);
  }

  /** Workloads in `namespace` whose pods carry the label `k=v`. */
  withLabel(namespace: string, k: string, v: string): readonly Workload[] {
    return this.byPair.get(key(namespace, k, v)) ?? [];
  }

  /** Workloads in `namespace` (in every namespace when undefined) whose pods `selection` selects. */
  selectedBy(selection: PodSelection, namespace: string | undefined): Workload[] {
    const candidates = this.candidates(selection, namespace);
    return candidates.filter((w) => selectionMatches(selection, w.podLabels));
  }

  private candidates(selection: PodSelection, namespace: string | undefined): readonly Workload[] {
    // A pod has one value per key, so a workload is found under at most one value of an `In`.
    const anchor = selection.all ? undefined : selection.requirements.find((r) => r.operator === 'In');
    if (!anchor) return namespace === undefined ? this.all : (this.byNamespace.get(namespace) ?? []);
    return anchor.values.flatMap((v) =>
      namespace === undefined ? (this.byAnyNamespacePair.get(key(anchor.key, v)) ?? []) : (this.byPair.get(key(namespace, anchor.key, v)) ?? []),
    );
  }
}

function describeWorkload(graph: ResourceGraph, resource: Resource): Workload {
  const spec = asRecord(resource.obj.spec);
  const template = asRecord(spec?.template);
  const podSpec = asRecord(template?.spec);
  if (resource.type === 'StatefulSet') {
    const view = statefulSetView(graph, resource);
    return { resource, podLabels: view.templateLabels, replicas: view.replicas, podSpec };
  }
  const replicasRaw = asInteger(spec?.replicas);
  return {
    resource,
    podLabels: asStringMap(asRecord(template?.metadata)?.labels) ?? {},
    replicas: resource.type === 'DaemonSet' ? undefined : replicasRaw !== undefined && replicasRaw >= 0 ? replicasRaw : 1,
    podSpec,
  };
}

export function push<K, V>(map: Map<K, V[]>, k: K, value: V): void {
  const list = map.get(k);
  if (list) list.push(value);
  else map.set(k, [value]);
}

/** The workload index of a graph, built on first use. */
export const workloadsOf = derivedFromGraph((graph) => new WorkloadIndex(graph));
