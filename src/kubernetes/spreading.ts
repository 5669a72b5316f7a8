// How a StatefulSet keeps its own pods apart (pod anti-affinity, topology spread constraints,
// host ports), and the anti-affinity or spread terms that look aimed at its own pods but
// can never match a pod.

import type { ResourceGraph } from '../graph/graph.js';
import { parseLabelSelector, requirementMatches, type Labels, type Requirement } from '../api/labels.js';
import { schedulingTerms, termCoversNamespace, type SchedulingTerm } from '../api/pod-scheduling.js';
import type { StatefulSetView } from './statefulset.js';
import { asArray, asInteger, asRecord, isRecord } from '../shared/value.js';
import { selectionMatches, workloadsOf, type PodSelection } from './workloads.js';
import { rememberedPerWith } from '../shared/memo.js';

export interface MisaimedTerm {
  readonly term: SchedulingTerm;
  /** The first requirement the set's own pods fail; undefined when the term has no selector. */
  readonly failing: Requirement | undefined;
}

export interface Spreading {
  /** Anti-affinity and spread terms that select the set's own pods. */
  readonly effective: readonly SchedulingTerm[];
  /** Anti-affinity and spread terms aimed at the set's own pods (see `isAimedAt`) that select no pod of the input. */
  readonly misaimed: readonly MisaimedTerm[];
  /** A `hostPort` (or a port under `hostNetwork`): two pods of the set cannot share a node. */
  readonly usesHostPort: boolean;
}

/** A term's selector: a missing (null) selector selects no pod, `{}` every pod (PodAffinityTerm and TopologySpreadConstraint docs). */
function termSelection(raw: unknown): PodSelection | undefined {
  if (!isRecord(raw)) return undefined;
  const parsed = parseLabelSelector(raw);
  if (parsed.kind === 'invalid') return undefined;
  return parsed.kind === 'empty' ? { all: true } : { all: false, requirements: parsed.requirements };
}

/** By view (a view belongs to one set of one graph): two rules ask per set. */
export const spreadingOf: (graph: ResourceGraph, sts: StatefulSetView) => Spreading = rememberedPerWith(computeSpreading);

/** `spreadingOf` without the memo (test/rule-memos.test.ts compares the two). */
export function computeSpreading(graph: ResourceGraph, sts: StatefulSetView): Spreading {
  const effective: SchedulingTerm[] = [];
  const misaimed: MisaimedTerm[] = [];
  const own = sts.templateLabels;
  for (const term of schedulingTerms(sts.podSpec, ['spec', 'template', 'spec'])) {
    if (term.kind === 'podAffinity' || !term.topologyKey || !termCoversNamespace(term, sts.namespace)) continue;
    const selection = termSelection(term.selector);
    if (selection && selectionMatches(selection, own)) {
      effective.push(term);
      continue;
    }
    if (isAimedAt(term, own) && !selectsAnyWorkload(graph, term, selection, sts.namespace)) {
      const failing = selection && !selection.all ? selection.requirements.find((r) => !requirementMatches(r, own)) : undefined;
      misaimed.push({ term, failing });
    }
  }
  return { effective, misaimed, usesHostPort: usesHostPort(sts) };
}

/**
 * A term that does not select the set's pods is taken to be aimed at them when it has no selector
 * at all, or when it requires a label key that the set's pods carry (e.g. `app In [zk-headless]`
 * for pods `app: zk`). Terms on other keys keep pods away from other
 * applications, which is legitimate.
 */
function isAimedAt(term: SchedulingTerm, own: Labels): boolean {
  if (term.selector === undefined || term.selector === null) return true;
  const parsed = parseLabelSelector(term.selector);
  if (parsed.kind !== 'ok') return false;
  return parsed.requirements.some((r) => Object.prototype.hasOwnProperty.call(own, r.key));
}

function selectsAnyWorkload(graph: ResourceGraph, term: SchedulingTerm, selection: PodSelection | undefined, namespace: string): boolean {
  if (!selection) return false;
  const workloads = workloadsOf(graph);
  if (term.namespaces === 'selected') return workloads.selectedBy(selection, undefined).length > 0;
  const namespaces = term.namespaces === 'own' ? [namespace] : term.namespaces;
  return namespaces.some((ns) => workloads.selectedBy(selection, ns).length > 0);
}

function usesHostPort(sts: StatefulSetView): boolean {
  const hostNetwork = sts.podSpec?.hostNetwork === true;
  return sts.containers.some(
    (container) =>
      container.group === 'containers' &&
      asArray(container.raw.ports).some((port) => {
        const record = asRecord(port);
        const hostPort = asInteger(record?.hostPort);
        return (hostPort !== undefined && hostPort > 0) || (hostNetwork && asInteger(record?.containerPort) !== undefined);
      }),
  );
}
