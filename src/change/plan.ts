// The plan: what a change does to each StatefulSet, as data for the `plan` format and the short
// summary of the `pretty` format.

import { locate } from '../yaml/locate.js';
import type { ChangeSet } from './change-set.js';
import { fieldName, setUpdateRejected } from './immutable.js';
import { isEffective, podNames, podOrder, setChanges, type ClaimPlan, type SetChange, type SetChangeKind } from './set-change.js';

export interface PlanRow {
  readonly kind: SetChangeKind;
  readonly name: string;
  readonly namespace: string;
  /** `namespace/name` before a rename or move. */
  readonly previously: string | undefined;
  /**
   * The namespace before a move (undefined when the set stays in its namespace): pods and claims
   * it deletes or leaves are there, those it creates in `namespace`, so the plan names both.
   */
  readonly previousNamespace: string | undefined;
  /** File and line of the set (in the base version for a deleted one). */
  readonly file: string;
  readonly line: number;
  readonly inBase: boolean;
  readonly replicas: { readonly from: number | undefined; readonly to: number | undefined };
  readonly podsCreated: readonly string[];
  readonly createOrder: string | undefined;
  readonly podsDeleted: readonly string[];
  readonly deleteOrder: string | undefined;
  readonly podsUpdated: readonly string[];
  readonly updateOrder: string | undefined;
  readonly podsKeepingOldTemplate: readonly string[];
  /** Why running pods leave while the replicas stay: a shifted start, or ordinals an Advanced StatefulSet now reserves. */
  readonly ordinals: 'shifted' | 'reserved' | undefined;
  /** Whether the pod template changed (pods may also be updated for resized claims alone). */
  readonly templateChanged: boolean;
  readonly claims: ClaimPlan;
  /** The Namespace, deleted by the change, whose deletion (by a pruning deploy) deletes `claims.deleted`. */
  readonly namespaceDeleted: string | undefined;
  /** Fields the API server will not let this update change (nothing happens until the set is re-created). */
  readonly rejected: readonly string[];
  /**
   * A rendered set: the installation it belongs to (`release db of charts/db`, `built by
   * overlays/prod`), so that rows of two overlays' sets of one name are told apart.
   */
  readonly unit?: string;
}

export interface ChangePlan {
  /** The base as messages name it. */
  readonly label: string;
  readonly rows: readonly PlanRow[];
  /** StatefulSets compared that nothing happens to. */
  readonly unchanged: number;
}

/** `owns`: the sets whose file (in the base version for a deleted one) this plan covers; every set by default. */
export function changePlan(change: ChangeSet, owns?: (file: string) => boolean): ChangePlan {
  const rows: PlanRow[] = [];
  let unchanged = 0;
  for (const c of setChanges(change)) {
    if (owns && !owns((c.next ?? c.base!).resource.manifest.file.path)) continue;
    if (!isEffective(c) && rejectedFields(change, c).length === 0) {
      unchanged++;
      continue;
    }
    rows.push(row(change, c));
  }
  return { label: change.label, rows, unchanged };
}

function rejectedFields(change: ChangeSet, c: SetChange): string[] {
  if (c.kind !== 'updated' || !c.pair) return [];
  return setUpdateRejected(c.pair, change.next, change.next.settings.kubernetesVersion).map((f) => fieldName(f.path.slice(0, 3)));
}

function row(change: ChangeSet, c: SetChange): PlanRow {
  const rejected = [...new Set(rejectedFields(change, c))];
  // A rejected update changes nothing at all: the set, its pods and claims stay as they are.
  if (rejected.length > 0)
    return {
      ...effects({
        ...c,
        removed: [],
        added: [],
        updated: [],
        keepOld: [],
        templateChange: undefined,
        claims: { created: [], kept: [], retained: [], orphaned: [], deleted: [], resized: [] },
      }),
      rejected,
    };
  return { ...effects(c), rejected };
}

function effects(c: SetChange): Omit<PlanRow, 'rejected'> {
  const version = c.next ?? c.base!;
  const resource = version.resource;
  const inBase = !c.next;
  const deleteFrom = c.base;
  const previously = c.base && c.next && c.kind !== 'updated' ? `${c.base.resource.namespace}/${c.base.resource.name}` : undefined;
  const updateNote = c.next && c.updated.length > 0 ? podOrder(c.next, 'update') : undefined;
  return {
    kind: c.kind,
    name: resource.name,
    namespace: resource.namespace,
    previously,
    previousNamespace: c.base && c.next && c.base.resource.namespace !== c.next.resource.namespace ? c.base.resource.namespace : undefined,
    file: resource.manifest.file.path,
    line: locate(resource.manifest, ['metadata', 'name']).line,
    inBase,
    replicas: { from: c.base?.replicas, to: c.next?.replicas },
    podsCreated: c.next ? podNames(c.next, c.added) : [],
    createOrder: c.next && c.added.length > 0 ? podOrder(c.next, 'create') : undefined,
    podsDeleted: deleteFrom ? podNames(deleteFrom, [...c.removed].reverse()) : [],
    deleteOrder:
      deleteFrom && c.removed.length > 0
        ? c.kind === 'updated'
          ? podOrder(c.next!, 'delete')
          : 'when the old set is deleted, in no guaranteed order'
        : undefined,
    podsUpdated: c.next ? podNames(c.next, c.updated) : [],
    updateOrder: updateNote,
    podsKeepingOldTemplate: c.next ? podNames(c.next, c.keepOld) : [],
    templateChanged: c.templateChange !== undefined,
    ordinals: c.startShifted ? 'shifted' : c.next?.advanced && c.removed.some((i) => c.next!.view.identity.isReserved(i)) ? 'reserved' : undefined,
    claims: c.claims,
    namespaceDeleted: c.namespaceDeleted,
  };
}
