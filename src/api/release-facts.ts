// Release facts kept as data: each row of scripts/data/{statefulset-mutable-fields,kubectl-flags,
// change-facts}.tsv names its source there. Messages ask these questions instead of writing a
// release into their prose, and test/change-messages-by-release.test.ts holds every message to them.

import { CHANGE_FACTS, KUBECTL_FLAGS, STATEFULSET_MUTABLE_FIELDS } from './release-facts.generated.js';
import { compareVersions, release, type KubernetesVersion } from './version.js';

export type ChangeFact =
  | 'pod-identity-in-spec'
  | 'pvc-expansion-field'
  | 'pvc-expansion-default'
  | 'pvc-spec-message'
  | 'pvc-shrink-to-capacity'
  | 'service-ip-message'
  | 'service-ip-families'
  | 'service-put-keeps-cluster-ip'
  | 'partition-recreates-old-revision';

function inRange(target: KubernetesVersion, from: string, until: string | null): boolean {
  return compareVersions(target, release(from)) >= 0 && (until === null || compareVersions(target, release(until)) < 0);
}

const facts = new Map(CHANGE_FACTS.map(([fact, from, until]) => [fact, { from, until }]));

/** Whether a fact of change-facts.tsv holds at the target release. */
export function holds(fact: ChangeFact, target: KubernetesVersion): boolean {
  const row = facts.get(fact);
  if (!row) throw new Error(`unknown release fact ${fact}`);
  return inRange(target, row.from, row.until);
}

/** The first release where a fact holds, for messages ("from 1.11"). */
export function since(fact: ChangeFact): string {
  const row = facts.get(fact);
  if (!row) throw new Error(`unknown release fact ${fact}`);
  return row.from;
}

/** Whether kubectl of the target release accepts a flag of kubectl-flags.tsv. */
export function flagAccepted(flag: string, target: KubernetesVersion): boolean {
  const row = KUBECTL_FLAGS.find(([name]) => name === flag);
  if (!row) throw new Error(`unknown kubectl flag ${flag}`);
  return inRange(target, row[1], row[2]);
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
  for (const [field, from, settled] of STATEFULSET_MUTABLE_FIELDS) {
    if (settled !== null && compareVersions(target, release(settled)) >= 0) certain.push(field);
    else if (compareVersions(target, release(from)) >= 0) unsettled.push(field);
  }
  const covered = (field: string) => certain.some((other) => field.startsWith(`${other}.`));
  return { certain: certain.filter((f) => !covered(f)), unsettled: unsettled.filter((f) => !covered(f)) };
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
export const FIRST_STATEFULSET_RELEASE = STATEFULSET_MUTABLE_FIELDS.reduce(
  (first, [, from]) => (compareVersions(release(from), release(first)) < 0 ? from : first),
  STATEFULSET_MUTABLE_FIELDS[0]![1],
);
