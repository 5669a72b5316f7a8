// What a change does to one StatefulSet once the controller acts on it: which pods are created,
// deleted and replaced, and what happens to each claim. Shared by the change rules and the plan.
//
// Controller facts (pkg/controller/statefulset, stateful_set_utils.go; website StatefulSet page):
// - ordinals run from `ordinals.start` (honoured from 1.27, StatefulSetStartOrdinal) for
//   `replicas` pods; pod `<set>-<i>`, claim `<template>-<set>-<i>`; an existing claim of that
//   name is used as it is;
// - a scale-down removes the highest ordinals; a shifted start removes the ordinals that leave
//   the range (podInOrdinalRange);
// - `whenScaled: Delete` makes each removed pod own its claims, `whenDeleted: Delete` makes the
//   set own them (updateClaimOwnerRefForSetAndPod); the garbage collector then deletes them.
//   Before 1.27 (StatefulSetAutoDeletePVC off) the policy is dropped and claims are kept;
// - RollingUpdate replaces the pods with ordinal ≥ start + partition, highest first; OnDelete
//   replaces none until someone deletes them.
//
// OpenKruise's Advanced StatefulSet (its own controller, pkg/controller/statefulset of
// openkruise/kruise; stateful_set_utils.go, stateful_update_utils.go) differs:
// - `reserveOrdinals` are skipped: `replicas` pods on the lowest ordinals from the start that are
//   not reserved (getStatefulSetReplicasRange); reserving a running pod's ordinal deletes it;
// - `ordinals.start` is honoured only with Kruise's StatefulSetStartOrdinal gate (alpha, off by
//   default): a set that writes it is taken to run with it on, as the graph's identities do;
// - the retention policy is Kruise's own (its StatefulSetAutoDeletePVC gate, on by default),
//   whatever the Kubernetes release; `maxUnavailable` is Kruise's too (no Kubernetes gate);
// - `partition` counts pods, not ordinals: `replicas - partition` pods are updated, the existing
//   pods with the highest ordinals first (sortPodsToUpdate); the first `partition` pods in ordinal
//   order keep the old revision (isCurrentRevisionNeeded). With `unorderedUpdate.priorityStrategy`
//   the pods to update are chosen by its label weights, so which ones is not known here.

import { gateEnabled, maxUnavailableEnabled } from '../api/feature-gates.js';
import { isAdvancedStatefulSet } from '../api/kinds.js';
import { holds } from '../api/release-facts.js';
import { isAtLeast } from '../api/version.js';
import type { Path } from '../shared/finding.js';
import type { Resource, ResourceGraph } from '../graph/graph.js';
import { podManagementPolicy, maxUnavailable } from '../kubernetes/rollout.js';
import { ordinalsAfterReserved, statefulSetView, updateStrategyType, type StatefulSetView } from '../kubernetes/statefulset.js';
import { storageClassOf } from '../kubernetes/storage-classes.js';
import { asInteger, asRecord, asString } from '../shared/value.js';
import type { ChangeSet, ObjectPair } from './change-set.js';
import { firstDifference } from './compare.js';
import { advancedClaimTemplateUpdate } from './immutable.js';

export interface SetVersion {
  readonly resource: Resource;
  readonly view: StatefulSetView;
  /** An OpenKruise Advanced StatefulSet, run by Kruise's controller (see the top of this file). */
  readonly advanced: boolean;
  /**
   * Ordinals as the target release counts them: `first … last` (last < first without pods);
   * `first` is the start, which an Advanced StatefulSet's reserved ordinals may skip.
   */
  readonly first: number;
  readonly last: number;
  /** `spec.replicas` as the controller reads it (see setVersion for a live base). */
  readonly replicas: number;
  readonly claimTemplates: readonly string[];
  /** The retention policy in force: `Retain` unless the gate is on and the field says `Delete`. */
  readonly whenScaled: 'Retain' | 'Delete';
  readonly whenDeleted: 'Retain' | 'Delete';
  readonly strategy: string;
  /** `rollingUpdate.partition` (0 when unset): an ordinal offset, or for an Advanced StatefulSet a count of pods. */
  readonly partition: number;
  /** An Advanced StatefulSet whose `unorderedUpdate.priorityStrategy` picks the pods to update. */
  readonly priorityOrder: boolean;
  readonly podManagement: string;
  /** Whether an autoscaler of the graph sets the replicas. */
  readonly autoscaled: boolean;
  /** Pods a rolling update may take down at once: `maxUnavailable` where the target honours it, else 1. */
  readonly updateBatch: number;
}

/**
 * The set as the controller will run it. `live` is the base when it was read back from a
 * cluster: a manifest that leaves `replicas` or `ordinals` out then keeps the running values
 * (`kubectl apply` does not touch fields it never set, and an autoscaler may own `replicas`).
 */
export function setVersion(graph: ResourceGraph, resource: Resource, live?: SetVersion): SetVersion {
  const view = statefulSetView(graph, resource);
  const target = graph.settings.kubernetesVersion;
  const spec = asRecord(resource.obj.spec);
  const advanced = isAdvancedStatefulSet(resource);
  const first = live && spec?.ordinals === undefined ? live.first : advanced || isAtLeast(target, '1.27') ? view.startOrdinal : 0;
  const replicas = live && spec?.replicas === undefined ? live.replicas : view.replicas;
  const retention = advanced || gateEnabled('StatefulSetAutoDeletePVC', target) ? asRecord(view.spec?.persistentVolumeClaimRetentionPolicy) : undefined;
  const rollingUpdate = asRecord(asRecord(view.spec?.updateStrategy)?.rollingUpdate);
  const partition = asInteger(rollingUpdate?.partition);
  return {
    resource,
    view,
    advanced,
    first,
    last: ordinalsAfterReserved(first, replicas, view.reservedOrdinals).last,
    replicas,
    claimTemplates: [...new Set(view.claimTemplates.map((c) => c.name).filter(Boolean))],
    whenScaled: retention?.whenScaled === 'Delete' ? 'Delete' : 'Retain',
    whenDeleted: retention?.whenDeleted === 'Delete' ? 'Delete' : 'Retain',
    // Before 1.7 there is no update strategy: the controller never replaces a running pod.
    strategy: holds('statefulset-update-strategy', target) ? (updateStrategyType(resource) ?? 'RollingUpdate') : 'OnDelete',
    partition: partition !== undefined && partition > 0 ? partition : 0,
    priorityOrder: advanced && asRecord(asRecord(rollingUpdate?.unorderedUpdate)?.priorityStrategy) !== undefined,
    podManagement: podManagementPolicy(view),
    autoscaled: graph.autoscalersOf(resource).length > 0,
    // Where MaxUnavailableStatefulSet is off the server drops the field (gated-field-dropped); Kruise honours its own.
    updateBatch: advanced || maxUnavailableEnabled(target) ? Math.max(1, Math.min(maxUnavailable(view)?.pods ?? 1, replicas)) : 1,
  };
}

/** The ordinals of the set's pods, lowest first: no reserved ordinal of an Advanced StatefulSet. */
export function ordinalsOf(version: SetVersion): number[] {
  const out: number[] = [];
  const { identity } = version.view;
  // A hostile replicas count must not build a huge list: the plan shows ranges anyway.
  for (let i = version.first; i <= version.last && out.length < 100_000; i++) if (!identity.isReserved(i)) out.push(i);
  return out;
}

export function podNames(version: SetVersion, ordinals: readonly number[]): string[] {
  return ordinals.map((i) => version.view.identity.podName(i));
}

export function claimNames(version: SetVersion, templates: readonly string[], ordinals: readonly number[]): string[] {
  return templates.flatMap((t) => ordinals.map((i) => version.view.identity.claimName(t, i)));
}

export type SetChangeKind = 'created' | 'deleted' | 'updated' | 'renamed' | 'moved' | 'renamed-and-moved';

export interface ClaimPlan {
  /** New claims, new empty volumes. */
  created: string[];
  /** Existing claims that stay attached to their pods. */
  kept: string[];
  /** Claims of removed pods that stay; a later scale-up re-attaches them with their data. */
  retained: string[];
  /** Claims nothing will use any more: the data stays behind. */
  orphaned: string[];
  /** Claims the garbage collector deletes (and, with the usual reclaim policy, their volumes). */
  deleted: string[];
  /** Claims an Advanced StatefulSet resizes as its rolling update reaches their pods (`OnPodRollingUpdate`). */
  resized: string[];
}

export interface SetChange {
  readonly kind: SetChangeKind;
  readonly base: SetVersion | undefined;
  readonly next: SetVersion | undefined;
  readonly pair: ObjectPair | undefined;
  /** Ordinals removed / added while the set keeps its identity (scale, shifted start). */
  readonly removed: readonly number[];
  readonly added: readonly number[];
  /** Whether `ordinals.start` moved (as honoured by the target release). */
  readonly startShifted: boolean;
  /** Path (in the new manifest) of the first change inside `spec.template`, when it changed. */
  readonly templateChange: Path | undefined;
  /** Existing pods that get the new template / keep the old one. */
  readonly updated: readonly number[];
  readonly keepOld: readonly number[];
  readonly claims: ClaimPlan;
  /**
   * The set leaves a namespace whose Namespace object the change deletes (a deleted set, or one
   * moved elsewhere): a pruning deploy deletes the namespace with everything in it, claims too.
   */
  readonly namespaceDeleted: string | undefined;
}

interface Indexed {
  readonly list: SetChange[];
  readonly byNext: Map<Resource, SetChange>;
}

const cache = new WeakMap<ChangeSet, Indexed>();

function indexed(change: ChangeSet): Indexed {
  let found = cache.get(change);
  if (found) return found;
  const list: SetChange[] = [];
  const created = new Set(change.created);
  // Namespaces the change deletes (and does not re-create under the same name).
  const kept = new Set(change.next.ofType('Namespace').map((n) => n.name));
  const gone = new Set(change.deleted.filter((r) => r.type === 'Namespace' && !kept.has(r.name)).map((r) => r.name));
  for (const resource of change.next.ofType('StatefulSet')) {
    const pair = change.pairOf(resource);
    if (pair) list.push(pairChange(change, pair, gone));
    else if (created.has(resource)) list.push(createdChange(setVersion(change.next, resource)));
  }
  for (const resource of change.deleted) if (resource.type === 'StatefulSet') list.push(deletedChange(setVersion(change.base, resource), gone));
  found = { list, byNext: new Map(list.flatMap((c) => (c.next ? [[c.next.resource, c] as const] : []))) };
  cache.set(change, found);
  return found;
}

/** Every StatefulSet the change touches, in the order of the new version (deleted ones last). */
export function setChanges(change: ChangeSet): readonly SetChange[] {
  return indexed(change).list;
}

/** The change of the set whose new version is `resource`, when there is one. */
export function setChangeOf(change: ChangeSet, resource: Resource): SetChange | undefined {
  return indexed(change).byNext.get(resource);
}

function emptyClaims(): ClaimPlan {
  return { created: [], kept: [], retained: [], orphaned: [], deleted: [], resized: [] };
}

function createdChange(next: SetVersion): SetChange {
  const ordinals = ordinalsOf(next);
  const claims = emptyClaims();
  claims.created = claimNames(next, next.claimTemplates, ordinals);
  return {
    kind: 'created',
    base: undefined,
    next,
    pair: undefined,
    removed: [],
    added: ordinals,
    startShifted: false,
    templateChange: undefined,
    updated: [],
    keepOld: [],
    claims,
    namespaceDeleted: undefined,
  };
}

function deletedChange(base: SetVersion, deletedNamespaces: ReadonlySet<string>): SetChange {
  const ordinals = ordinalsOf(base);
  const claims = emptyClaims();
  const names = claimNames(base, base.claimTemplates, ordinals);
  const namespaceDeleted = deletedNamespaces.has(base.resource.namespace) ? base.resource.namespace : undefined;
  if (base.whenDeleted === 'Delete' || namespaceDeleted) claims.deleted = names;
  else claims.orphaned = names;
  return {
    kind: 'deleted',
    base,
    next: undefined,
    pair: undefined,
    removed: ordinals,
    added: [],
    startShifted: false,
    templateChange: undefined,
    updated: [],
    keepOld: [],
    claims,
    namespaceDeleted,
  };
}

function pairChange(change: ChangeSet, pair: ObjectPair, deletedNamespaces: ReadonlySet<string>): SetChange {
  const base = setVersion(change.base, pair.base);
  const next = setVersion(change.next, pair.next, pair.mode === 'subset' && pair.identity === 'same' ? base : undefined);
  if (pair.identity !== 'same') {
    // A new name or namespace is a new set: the old one is deleted with its pods, the new one
    // starts from nothing, with claims of new names.
    const old = deletedChange(base, deletedNamespaces);
    const fresh = createdChange(next);
    return {
      ...fresh,
      kind: pair.identity,
      base,
      pair,
      removed: old.removed,
      claims: { ...fresh.claims, orphaned: old.claims.orphaned, deleted: old.claims.deleted },
      namespaceDeleted: old.namespaceDeleted,
    };
  }
  const baseOrdinals = ordinalsOf(base);
  const nextOrdinals = ordinalsOf(next);
  const inNext = new Set(nextOrdinals);
  const inBase = new Set(baseOrdinals);
  const removed = baseOrdinals.filter((i) => !inNext.has(i));
  const added = nextOrdinals.filter((i) => !inBase.has(i));
  const staying = nextOrdinals.filter((i) => inBase.has(i));
  const startShifted = base.first !== next.first;

  const claims = emptyClaims();
  const kept = next.claimTemplates.filter((t) => base.claimTemplates.includes(t));
  const dropped = base.claimTemplates.filter((t) => !next.claimTemplates.includes(t));
  const fresh = next.claimTemplates.filter((t) => !base.claimTemplates.includes(t));
  claims.kept = claimNames(next, kept, staying);
  claims.created = [...claimNames(next, next.claimTemplates, added), ...claimNames(next, fresh, staying)];
  // Claims of templates that are gone: nothing mounts them any more.
  claims.orphaned = claimNames(base, dropped, staying);
  // Claims of removed ordinals follow the new policy, as the controller reads it while scaling.
  const removedClaims = claimNames(base, base.claimTemplates, removed);
  if (next.whenScaled === 'Delete') claims.deleted = removedClaims;
  else if (startShifted) claims.orphaned.push(...removedClaims);
  else claims.retained = removedClaims;

  const templatePath = firstDifference(asRecord(base.view.spec)?.template, asRecord(next.view.spec)?.template, pair.mode);
  const templateChange = templatePath ? ['spec', 'template', ...templatePath] : undefined;
  let updated: number[] = [];
  let keepOld: number[] = [];
  // Kruise resizes the claims of grown templates pod by pod in its rolling update, and re-creates
  // (or updates in place) each pod once its claims are resized, even without a template change.
  const grown = next.advanced && next.strategy !== 'OnDelete' ? advancedClaimTemplateUpdate(pair, change.next).grown : [];
  if (grown.length > 0) {
    ({ updated, keepOld } = advancedUpdate(next, nextOrdinals, staying));
    claims.resized = claimNames(next, grown, [...updated].reverse());
    if (!templateChange) keepOld = [];
  }
  if (templateChange) {
    if (next.strategy === 'OnDelete') keepOld = staying;
    else if (next.advanced) ({ updated, keepOld } = advancedUpdate(next, nextOrdinals, staying));
    else {
      const boundary = next.first + next.partition;
      updated = staying.filter((i) => i >= boundary).reverse();
      keepOld = staying.filter((i) => i < boundary);
    }
  }
  return { kind: 'updated', base, next, pair, removed, added, startShifted, templateChange, updated, keepOld, claims, namespaceDeleted: undefined };
}

/**
 * Which running pods of an Advanced StatefulSet a rolling update replaces: `replicas - partition`
 * of them, highest ordinal first, so the first `partition` pods in ordinal order keep the old
 * revision (Kruise's sortPodsToUpdate and isCurrentRevisionNeeded). With a priority strategy the
 * same number is updated, but which pods depends on their labels: every running pod is listed as
 * a candidate and the update order says how many of them (`podOrder`).
 */
function advancedUpdate(next: SetVersion, ordinals: readonly number[], staying: readonly number[]): { updated: number[]; keepOld: number[] } {
  if (next.partition >= ordinals.length) return { updated: [], keepOld: [...staying] };
  // The candidates, with the update order saying how many of them (podOrder).
  if (next.priorityOrder) return { updated: [...staying].reverse(), keepOld: [] };
  const kept = new Set(ordinals.slice(0, next.partition));
  const keepOld = staying.filter((i) => kept.has(i));
  const updated = staying.filter((i) => !kept.has(i)).reverse();
  return { updated, keepOld };
}

/** Whether anything happens to the set's pods or claims. */
export function isEffective(change: SetChange): boolean {
  return (
    change.kind !== 'updated' ||
    change.removed.length > 0 ||
    change.added.length > 0 ||
    change.templateChange !== undefined ||
    change.updated.length > 0 ||
    change.claims.orphaned.length > 0 ||
    change.claims.created.length > 0
  );
}

/** How the controller orders pod creation, deletion and replacement, in words. */
export function podOrder(version: SetVersion, what: 'create' | 'delete' | 'update'): string {
  if (what === 'update') {
    const pods = version.updateBatch;
    const batch = pods <= 1 ? 'one at a time' : `up to ${pods} at a time (maxUnavailable)`;
    if (version.priorityOrder)
      return version.partition > 0
        ? `up to ${version.replicas - version.partition} of them (\`partition: ${version.partition}\` keeps the rest), chosen by \`unorderedUpdate.priorityStrategy\` from the pods' labels, ${batch}`
        : `in the order of \`unorderedUpdate.priorityStrategy\` (the pods' labels), ${batch}`;
    if (pods <= 1) return 'highest ordinal first, one at a time, each once the previous is Ready';
    // The API reference: under OrderedReady the setting "might not be effective" (max-unavailable-ineffective).
    return version.podManagement === 'Parallel'
      ? `highest ordinal first, up to ${pods} at a time (maxUnavailable)`
      : `highest ordinal first; maxUnavailable allows ${pods} at a time, which OrderedReady pod management may not honour`;
  }
  if (version.podManagement === 'Parallel') return 'all at once: Parallel pod management';
  return what === 'create' ? 'lowest ordinal first, each once the previous is Ready: OrderedReady' : 'highest ordinal first, one at a time: OrderedReady';
}

/**
 * Pod or claim names for a message: `a`, `b`, `c`; a long run of consecutive ordinals of one
 * claim template or set (`data-web-0` … `data-web-9`) is shortened to its ends and its count. A
 * gap (an Advanced StatefulSet's reserved ordinals) starts a new run, so no name is implied that
 * does not exist.
 */
export function nameList(names: readonly string[], max = 4): string {
  if (names.length === 0) return 'none';
  if (names.length <= max) return names.map((n) => `\`${n}\``).join(', ');
  const runs: string[][] = [];
  let previous: { prefix: string; ordinal: number } | undefined;
  for (const name of names) {
    const match = /^(.*?)(\d+)$/.exec(name);
    const prefix = match ? match[1]! : name;
    const ordinal = match ? Number(match[2]) : Number.NaN;
    const run = runs[runs.length - 1];
    if (run && previous?.prefix === prefix && Math.abs(ordinal - previous.ordinal) === 1) run.push(name);
    else runs.push([name]);
    previous = { prefix, ordinal };
  }
  return runs.map((g) => (g.length <= 2 ? g.map((n) => `\`${n}\``).join(', ') : `\`${g[0]}\` … \`${g[g.length - 1]}\` (${g.length})`)).join(', ');
}

/**
 * What deleting a set's claims does to the data, as far as the input tells: the reclaim policy
 * of the StorageClass its claim templates use (dynamically provisioned volumes take it; it
 * defaults to Delete).
 */
export function reclaimNote(graph: ResourceGraph, version: SetVersion): string {
  const policies = new Map<string, string>();
  for (const template of version.view.claimTemplates) {
    const storageClass = storageClassOf(graph, template.raw);
    if (storageClass) policies.set(storageClass.name, asString(storageClass.obj.reclaimPolicy) ?? 'Delete');
  }
  const retaining = [...policies].filter(([, policy]) => policy !== 'Delete').map(([name]) => name);
  const deleting = [...policies].filter(([, policy]) => policy === 'Delete').map(([name]) => name);
  if (deleting.length > 0)
    return `, and with the \`reclaimPolicy: Delete\` of StorageClass ${deleting.map((n) => `\`${n}\``).join(', ')} their volumes and data are destroyed too`;
  if (retaining.length > 0)
    return `; StorageClass ${retaining.map((n) => `\`${n}\``).join(', ')} retains released volumes, so the data survives in them until someone deletes the PersistentVolumes`;
  return ', and with the usual `reclaimPolicy: Delete` their volumes and data go with them';
}
