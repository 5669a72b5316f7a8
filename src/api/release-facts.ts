// The release facts of change-time messages, kept as data: each row of scripts/data/
// {statefulset-mutable-fields,kubectl-flags,change-facts}.tsv names its source there (generated into
// src/api/facts/ by scripts/gen-release-facts.mjs). Messages ask these questions instead of writing a
// release into their prose, and test/change-messages-by-release.test.ts holds every message to them.

import { changeFacts } from './facts/changeFacts.generated.js';
import { factAt, firstRelease } from './facts/index.js';
import { kubectlFlags } from './facts/kubectlFlags.generated.js';
import { statefulsetMutableFields } from './facts/statefulsetMutableFields.generated.js';
import { compareVersions, release, type KubernetesVersion } from './version.js';

export { changeFacts, kubectlFlags, statefulsetMutableFields };

export type ChangeFact =
  | 'pod-identity-in-spec'
  | 'pvc-expansion-field'
  | 'pvc-expansion-default'
  | 'pvc-spec-message'
  | 'pvc-shrink-to-capacity'
  | 'service-ip-message'
  | 'service-ip-families'
  | 'service-put-keeps-cluster-ip'
  | 'partition-recreates-old-revision'
  | 'statefulset-update-strategy'
  | 'statefulset-container-count-fixed';

/** Whether a fact of change-facts.tsv holds at the target release. */
export function holds(fact: ChangeFact, target: KubernetesVersion): boolean {
  return factAt(changeFacts, fact, target) !== undefined;
}

/** The first release where a fact holds, for messages ("from 1.11"). */
export function since(fact: ChangeFact): string {
  const first = firstRelease(changeFacts, fact);
  if (!first) throw new Error(`unknown release fact ${fact}`);
  return first;
}

/** Whether kubectl of the target release accepts a flag of kubectl-flags.tsv. */
export function flagAccepted(flag: string, target: KubernetesVersion): boolean {
  return factAt(kubectlFlags, flag, target) !== undefined;
}

/** The flag that makes `kubectl delete` leave the dependents (pods, claims) in place. */
export function orphanFlag(target: KubernetesVersion): string {
  return flagAccepted('--cascade=orphan', target) ? '--cascade=orphan' : '--cascade=false';
}

export interface MutableFields {
  /** Fields every server of the target release lets an update change, in the server's order. */
  readonly certain: readonly string[];
  /** Fields some server of the release may let change: a change is neither reported nor promised. */
  readonly unsettled: readonly string[];
}

/**
 * What ValidateStatefulSetUpdate lets an update change at the target release. A field below
 * another (`template.spec.containers`) is listed only where its parent is not.
 */
export function mutableStatefulSetFields(target: KubernetesVersion): MutableFields {
  const certain: string[] = [];
  const unsettled: string[] = [];
  for (const { key: field, from, settled } of statefulsetMutableFields) {
    if (settled !== '' && compareVersions(target, release(settled)) >= 0) certain.push(field);
    else if (compareVersions(target, release(from)) >= 0) unsettled.push(field);
  }
  const covered = (field: string) => certain.some((other) => field.startsWith(`${other}.`));
  return { certain: certain.filter((f) => !covered(f)), unsettled: unsettled.filter((f) => !covered(f)) };
}

/**
 * For a field of statefulset-mutable-fields.tsv whose mutability is not settled somewhere: the first
 * release that may accept a change (`from`; every earlier one rejects it) and the first known to
 * accept it (`settled`, empty when none is known).
 */
export function mutabilityRange(field: string): { readonly from: string; readonly settled: string } {
  const row = statefulsetMutableFields.find((r) => r.key === field);
  if (!row) throw new Error(`unknown StatefulSet field ${field}`);
  return { from: row.from, settled: row.settled };
}

/** Whether a change at `path` (below spec) is one the target release may accept: it or an ancestor is mutable or unsettled. */
export function mayChange(fields: MutableFields, path: readonly (string | number)[]): 'yes' | 'unsettled' | 'no' {
  const dotted = path.filter((s): s is string => typeof s === 'string').join('.');
  const covers = (field: string) => dotted === field || dotted.startsWith(`${field}.`);
  if (fields.certain.some(covers)) return 'yes';
  if (fields.unsettled.some(covers)) return 'unsettled';
  return 'no';
}

/** The first release of the StatefulSet update validation the tables describe (StatefulSet, apps/v1beta1). */
export const FIRST_STATEFULSET_RELEASE = statefulsetMutableFields.reduce(
  (first, { from }) => (compareVersions(release(from), release(first)) < 0 ? from : first),
  statefulsetMutableFields[0]!.from,
);
