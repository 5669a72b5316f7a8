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
