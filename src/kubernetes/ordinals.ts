// The ordinals a StatefulSet's pods have, as the controller of the target release counts them
// (stateful_set_utils.go: getStartOrdinal, getEndOrdinal), including the room an autoscaler has.

import type { Resource, ResourceGraph } from '../graph/graph.js';
import { ordinalsAfterReserved, type StatefulSetView } from './statefulset.js';
import { asInteger, asRecord } from '../shared/value.js';
import { isAtLeast } from '../api/version.js';
import { rememberedPerWith } from '../shared/memo.js';

export interface OrdinalSpan {
  /** `spec.ordinals.start`, honoured from 1.27 (StatefulSetStartOrdinal beta, on by default); 0 before. */
  readonly first: number;
  /**
   * The highest ordinal that can exist: `first + replicas - 1`, or with an autoscaler
   * `first + maxReplicas - 1` (Infinity when unknown), moved up past reserved ordinals.
   */
  readonly last: number;
  readonly autoscaler: Resource | undefined;
  /** Whether `ordinals.start` is written but ignored by the target release. */
  readonly startIgnored: boolean;
}

/** By view: a view belongs to one resource of one graph, and several rules ask per set. */
export const ordinalSpan: (graph: ResourceGraph, view: StatefulSetView) => OrdinalSpan = rememberedPerWith((graph, view) =>
  Object.freeze(computeOrdinalSpan(graph, view)),
);

/** `ordinalSpan` without the memo (test/rule-memos.test.ts compares the two). */
export function computeOrdinalSpan(graph: ResourceGraph, view: StatefulSetView): OrdinalSpan {
  const honoured = isAtLeast(graph.settings.kubernetesVersion, '1.27');
  const start = honoured ? view.startOrdinal : 0;
  const autoscaler = graph.autoscalersOf(view.resource)[0];
  const max = asInteger(asRecord(autoscaler?.obj.spec)?.maxReplicas);
  const count = autoscaler ? (max !== undefined && max > 0 ? max : Number.POSITIVE_INFINITY) : view.replicas;
  // An Advanced StatefulSet skips its reserved ordinals: the last pod's ordinal moves up by as many.
  const span = ordinalsAfterReserved(start, Number.isFinite(count) ? count : 1, view.reservedOrdinals);
  return { first: span.first, last: Number.isFinite(count) ? span.last : count, autoscaler, startIgnored: !honoured && view.startOrdinal > 0 };
}
