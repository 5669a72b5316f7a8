// The label selectors of a pod spec's scheduling constraints: pod (anti-)affinity terms, required
// and preferred, and topology spread constraints (core/v1 PodAffinityTerm, TopologySpreadConstraint).

import type { Path } from '../shared/finding.js';
import { asArray, asRecord, asString, type JsonRecord } from '../shared/value.js';

export type SchedulingTermKind = 'podAffinity' | 'podAntiAffinity' | 'topologySpreadConstraints';

export interface SchedulingTerm {
  readonly kind: SchedulingTermKind;
  /** Path of the term (PodAffinityTerm or TopologySpreadConstraint) in its resource. */
  readonly path: Path;
  /** `labelSelector` as written; a missing one selects no pods. */
  readonly selector: unknown;
  readonly selectorPath: Path;
  readonly topologyKey: string | undefined;
  /**
   * The namespaces whose pods the term looks at: `own` (the pod's namespace, the default),
   * a list, or `selected` when a namespaceSelector is set (namespace labels are not known here).
   */
  readonly namespaces: 'own' | 'selected' | readonly string[];
}

/** Every scheduling term of `podSpec`, whose path in its resource is `base`. */
export function schedulingTerms(podSpec: JsonRecord | undefined, base: Path): SchedulingTerm[] {
  const terms: SchedulingTerm[] = [];
  const affinity = asRecord(podSpec?.affinity);
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const group = asRecord(affinity?.[kind]);
    // Most pods have neither: no paths are made for them.
    if (!group) continue;
    const groupPath = [...base, 'affinity', kind];
    for (const [i, raw] of asArray(group?.requiredDuringSchedulingIgnoredDuringExecution).entries()) {
      const term = asRecord(raw);
      if (term) terms.push(affinityTerm(kind, term, [...groupPath, 'requiredDuringSchedulingIgnoredDuringExecution', i]));
    }
    for (const [i, raw] of asArray(group?.preferredDuringSchedulingIgnoredDuringExecution).entries()) {
      const term = asRecord(asRecord(raw)?.podAffinityTerm);
      if (term) terms.push(affinityTerm(kind, term, [...groupPath, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm']));
    }
  }
  for (const [i, raw] of asArray(podSpec?.topologySpreadConstraints).entries()) {
    const constraint = asRecord(raw);
    if (!constraint) continue;
    const path = [...base, 'topologySpreadConstraints', i];
    terms.push({
      kind: 'topologySpreadConstraints',
      path,
      selector: constraint.labelSelector,
      selectorPath: [...path, 'labelSelector'],
      topologyKey: asString(constraint.topologyKey) || undefined,
      // Spread constraints count pods in the pod's own namespace only.
      namespaces: 'own',
    });
  }
  return terms;
}

function affinityTerm(kind: SchedulingTermKind, term: JsonRecord, path: Path): SchedulingTerm {
  const listed = asArray(term.namespaces)
    .map((n) => asString(n))
    .filter((n): n is string => !!n);
  const hasNamespaceSelector = term.namespaceSelector !== undefined && term.namespaceSelector !== null;
  return {
    kind,
    path,
    selector: term.labelSelector,
    selectorPath: [...path, 'labelSelector'],
    topologyKey: asString(term.topologyKey) || undefined,
    namespaces: hasNamespaceSelector ? 'selected' : listed.length > 0 ? listed : 'own',
  };
}

/** Whether a term looks at pods of `namespace` (the namespace of the pod that carries the term). */
export function termCoversNamespace(term: SchedulingTerm, namespace: string): boolean {
  if (term.namespaces === 'own' || term.namespaces === 'selected') return true;
  return term.namespaces.includes(namespace);
}

/** The node label holding the node's name, as the kubelet sets it. */
const HOSTNAME_LABEL = 'kubernetes.io/hostname';

export interface PinnedNode {
  /** The node's name (or its `kubernetes.io/hostname` label). */
  readonly node: string;
  /** What pins it, for messages: `nodeName`, `nodeSelector` or `a required node affinity`. */
  readonly by: string;
}

/**
 * The one node every pod of this spec runs on, when the spec allows only one: `nodeName`, a
 * `kubernetes.io/hostname` node selector, or a required node affinity whose every term asks for
 * the same single hostname (or node name, `matchFields` on `metadata.name`).
 */
export function pinnedNode(podSpec: JsonRecord | undefined): PinnedNode | undefined {
  const nodeName = asString(podSpec?.nodeName);
  if (nodeName) return { node: nodeName, by: '`nodeName`' };
  const hostname = asString(asRecord(podSpec?.nodeSelector)?.[HOSTNAME_LABEL]);
  if (hostname) return { node: hostname, by: '`nodeSelector`' };
  const required = asRecord(asRecord(asRecord(podSpec?.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution);
  const terms = asArray(required?.nodeSelectorTerms);
  if (terms.length === 0) return undefined;
  const nodes = new Set<string>();
  for (const term of terms) {
    const node = singleNodeOf(asRecord(term));
    if (node === undefined) return undefined;
    nodes.add(node);
  }
  // Terms are ORed: they pin one node only when they all name the same one.
  return nodes.size === 1 ? { node: [...nodes][0]!, by: 'a required node affinity' } : undefined;
}

/** The single node a node selector term allows (its requirements are ANDed), if it names one. */
function singleNodeOf(term: JsonRecord | undefined): string | undefined {
  const requirements = [
    ...asArray(term?.matchExpressions).map((r) => ({ r: asRecord(r), key: HOSTNAME_LABEL })),
    ...asArray(term?.matchFields).map((r) => ({ r: asRecord(r), key: 'metadata.name' })),
  ];
  for (const { r, key } of requirements) {
    const values = asArray(r?.values);
    if (asString(r?.key) === key && asString(r?.operator) === 'In' && values.length === 1 && typeof values[0] === 'string') return values[0];
  }
  return undefined;
}
