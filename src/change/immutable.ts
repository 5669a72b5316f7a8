// Changes the API server rejects on update, by kind and target release.
//
// - StatefulSet: ValidateStatefulSetUpdate (pkg/apis/apps/validation/validation.go) copies the
//   mutable fields from the old object and rejects any other spec difference ("updates to
//   statefulset spec for fields other than … are forbidden"). Which fields are mutable in which
//   release is data: scripts/data/statefulset-mutable-fields.tsv (src/api/release-facts.ts); a
//   change of a field whose release is not settled there is reported as uncertain, never as
//   rejected or accepted (statefulSetUnsettled). Claim templates are immutable in
//   every release (KEP-4650 is not merged).
// - Service: validateUpgradeDowngradeClusterIPs / validateUpgradeDowngradeIPFamilies from 1.20,
//   ValidateImmutableField on spec.clusterIP before (pkg/apis/core/validation/validation.go).
//   `kubectl apply` never sends a cluster IP the manifest did not set, and from 1.23 an update
//   without one keeps the allocated one (kubernetes#103532), so only written values count.
// - PersistentVolumeClaim: ValidatePersistentVolumeClaimUpdate: the spec is immutable except the
//   storage request (from 1.11, when volume expansion is on by default), which may not shrink below
//   the previous value (before 1.32) or the claim's capacity (RecoverVolumeExpansionFailure, on
//   from 1.32); growing it needs a StorageClass with `allowVolumeExpansion: true` (admission
//   plugin PersistentVolumeClaimResize). See scripts/data/change-facts.tsv.

import { claimClass } from '../api/storage.js';
import { isAdvancedStatefulSet } from '../api/kinds.js';
import { defaultStorageClass } from '../kubernetes/storage-classes.js';
import { compareQuantities, parseQuantityExact } from '../api/quantity.js';
import { FIRST_STATEFULSET_RELEASE, holds, mayChange, mutableStatefulSetFields, type MutableFields } from '../api/release-facts.js';
import { isAtLeast, type KubernetesVersion } from '../api/version.js';
import type { Path } from '../shared/finding.js';
import type { Resource, ResourceGraph } from '../graph/graph.js';
import { asArray, asRecord, asString, getIn, isRecord, type JsonRecord } from '../shared/value.js';
import type { ObjectPair } from './change-set.js';
import { firstDifference, type CompareMode } from './compare.js';

export type ForbiddenKind =
  | 'statefulset-spec'
  | 'statefulset-container-count'
  | 'cluster-ip'
  | 'ip-families'
  | 'claim-spec'
  | 'claim-shrink'
  | 'claim-expand'
  | 'claim-expand-unsupported'
  | 'kruise-claim-templates'
  | 'kruise-claim-expand';

export interface ForbiddenChange {
  readonly kind: ForbiddenKind;
  /** Where in the new manifest (the nearest existing node is used when the field was removed). */
  readonly path: Path;
  /** The field as a message names it, e.g. `spec.volumeClaimTemplates[0].spec.resources.requests.storage`. */
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
  /** The StorageClass (of the input) that decided a resize. */
  readonly storageClass?: string;
}

/**
 * Fields never compared: mutable from the release that introduced them (before it the server does
 * not know them and drops them), or, for `replicas`, in every release.
 */
const NEVER_COMPARED = new Set(['replicas', 'updateStrategy', 'minReadySeconds', 'persistentVolumeClaimRetentionPolicy', 'ordinals']);

/**
 * Spec fields an OpenKruise Advanced StatefulSet update may change, as its webhook lists them
 * (`ValidateStatefulSetUpdate`, pkg/webhook/statefulset/validating/statefulset_validation.go);
 * `scaleStrategy` is restored there too. Claim templates may change.
 */
export const ADVANCED_STATEFULSET_MUTABLE = new Set([
  'replicas',
  'ordinals',
  'template',
  'reserveOrdinals',
  'lifecycle',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'volumeClaimTemplates',
  'volumeClaimUpdateStrategy',
  'updateStrategy',
  'scaleStrategy',
]);

/** The spec fields of an Advanced StatefulSet that changed although its webhook forbids it (after its defaults). */
export function advancedStatefulSetForbidden(pair: ObjectPair, target: KubernetesVersion): ForbiddenChange[] {
  // OpenKruise runs on clusters from 1.16 on, where the defaults frozenSpec applies are those of any target since 1.7.
  const base = frozenSpec(pair.base, target);
  const next = frozenSpec(pair.next, target);
  const out: ForbiddenChange[] = [];
  for (const key of [...new Set([...Object.keys(next), ...Object.keys(base)])]) {
    if (ADVANCED_STATEFULSET_MUTABLE.has(key)) continue;
    const inner = firstDifference(base[key], next[key], pair.mode);
    if (!inner) continue;
    const path = ['spec', key, ...inner];
    out.push({ kind: 'statefulset-spec', path, field: fieldName(path), before: getIn(base, [key, ...inner]), after: getIn(next, [key, ...inner]) });
  }
  return out;
}

/**
 * What OpenKruise does with a change of an Advanced StatefulSet's claim templates under
 * `volumeClaimUpdateStrategy.type: OnPodRollingUpdate`, which takes effect only with Kruise's
 * StatefulSetAutoResizePVCGate (alpha, off by default; a set that asks for it is taken to run with
 * it). Its webhook (ValidateVolumeClaimTemplateUpdate, statefulset_validation.go) then rejects
 * adding, removing or renaming a template and a change of a template's `storageClassName` (both
 * set) or `accessModes` (IsClaimCompatibleWithoutSize); a storage request or limit that changes is a
 * resize, rejected when the template's StorageClass (its `storageClassName`, else the default
 * class) sets `allowVolumeExpansion: false`. Anything else may change (and is not applied to
 * existing claims). A resize the webhook lets through with a class that does not set
 * `allowVolumeExpansion: true` stops the rollout: the controller refuses to patch the claims
 * (TryPatchPVCSize, statefulset_resize_pvc.go: "does not support volume expansion"). Growing
 * templates are resized claim by claim as the rolling update reaches each pod (the controller
 * reads the new strategy; the webhook's checks are reported only when both versions use it).
 */
export interface AdvancedClaimTemplateUpdate {
  readonly rejected: readonly ForbiddenChange[];
  /** Resizes that pass the webhook but that the controller cannot apply (the rollout stops). */
  readonly stalls: readonly ForbiddenChange[];
  /** Names of the templates whose storage request grows (their claims are resized on rollout). */
  readonly grown: readonly string[];
}

export function onPodRollingUpdate(resource: Resource): boolean {
  return asString(asRecord(asRecord(resource.obj.spec)?.volumeClaimUpdateStrategy)?.type) === 'OnPodRollingUpdate';
}

export function advancedClaimTemplateUpdate(pair: ObjectPair, graph: ResourceGraph): AdvancedClaimTemplateUpdate {
  const none = { rejected: [], stalls: [], grown: [] };
  if (!onPodRollingUpdate(pair.next)) return none;
  // ValidateStatefulSetUpdate, which runs first, sets the new object's strategy to the old one's and
  // does not restore it, so the webhook may read either: report rejections only when both ask for it.
  const checked = onPodRollingUpdate(pair.base);
  const before = asArray(asRecord(pair.base.obj.spec)?.volumeClaimTemplates).filter(isRecord);
  const after = asArray(asRecord(pair.next.obj.spec)?.volumeClaimTemplates).filter(isRecord);
  const rejected: ForbiddenChange[] = [];
  const stalls: ForbiddenChange[] = [];
  const grown: string[] = [];
  if (before.length !== after.length) {
    const path = ['spec', 'volumeClaimTemplates'];
    rejected.push({ kind: 'kruise-claim-templates', path, field: fieldName(path), before: before.map(nameOfTemplate), after: after.map(nameOfTemplate) });
    return checked ? { rejected, stalls, grown } : none;
  }
  const old = new Map(before.map((t) => [nameOfTemplate(t), t] as const));
  for (const [i, template] of after.entries()) {
    const name = nameOfTemplate(template);
    const previous = old.get(name);
    const base: Path = ['spec', 'volumeClaimTemplates', i];
    if (!previous) {
      const path = [...base, 'metadata', 'name'];
      rejected.push({
        kind: 'kruise-claim-templates',
        path,
        field: fieldName(path),
        before: [...old.keys()].find((n) => !after.some((t) => nameOfTemplate(t) === n)),
        after: name,
      });
      continue;
    }
    const was = asRecord(previous.spec);
    const now = asRecord(template.spec);
    const classBefore = asString(was?.storageClassName);
    const classAfter = asString(now?.storageClassName);
    if (classBefore !== undefined && classAfter !== undefined && classBefore !== classAfter) {
      const path = [...base, 'spec', 'storageClassName'];
      rejected.push({ kind: 'kruise-claim-templates', path, field: fieldName(path), before: classBefore, after: classAfter });
      continue;
    }
    const modesBefore = asArray(was?.accessModes);
    const modesAfter = asArray(now?.accessModes);
    if (modesBefore.length !== modesAfter.length || modesBefore.some((m, j) => m !== modesAfter[j])) {
      const path = [...base, 'spec', 'accessModes'];
      rejected.push({ kind: 'kruise-claim-templates', path, field: fieldName(path), before: modesBefore, after: modesAfter });
      continue;
    }
    // Before StorageClasses have `allowVolumeExpansion` (a release OpenKruise does not run on) nothing is said about resizing.
    if (!holds('pvc-expansion-field', graph.settings.kubernetesVersion)) continue;
    const resize = (['requests', 'limits'] as const).find(
      (k) => !sameQuantity(getIn(was, ['resources', k, 'storage']), getIn(now, ['resources', k, 'storage'])),
    );
    if (!resize) continue;
    const path = [...base, 'spec', 'resources', resize, 'storage'];
    const change = { path, field: fieldName(path), before: getIn(was, ['resources', resize, 'storage']), after: getIn(now, ['resources', resize, 'storage']) };
    // Kruise reads `storageClassName` only (not the beta annotation); without it, the default class.
    const storageClass = classAfter !== undefined ? graph.get('StorageClass', '', classAfter) : defaultStorageClass(graph);
    if (storageClass?.obj.allowVolumeExpansion === false) {
      rejected.push({ kind: 'kruise-claim-expand', ...change, storageClass: storageClass.name });
      continue;
    }
    if (storageClass && storageClass.obj.allowVolumeExpansion !== true)
      stalls.push({ kind: 'kruise-claim-expand', ...change, storageClass: storageClass.name });
    const from = parseQuantityExact(getIn(was, ['resources', 'requests', 'storage']));
    const to = parseQuantityExact(getIn(now, ['resources', 'requests', 'storage']));
    if (from && to && compareQuantities(to, from) > 0 && name) grown.push(name);
  }
  if (!checked) return { rejected: [], stalls, grown };
  return rejected.length > 0 ? { rejected, stalls: [], grown: [] } : { rejected, stalls, grown };
}

function sameQuantity(a: unknown, b: unknown): boolean {
  const x = parseQuantityExact(a);
  const y = parseQuantityExact(b);
  return x && y ? compareQuantities(x, y) === 0 : a === b;
}

/**
 * Every change the update of a StatefulSet cannot make: the API server's rules for apps/v1, the
 * OpenKruise webhook's for an Advanced StatefulSet (its mutable fields, and its claim-template
 * checks under `OnPodRollingUpdate`).
 */
export function setUpdateRejected(pair: ObjectPair, graph: ResourceGraph, target: KubernetesVersion): ForbiddenChange[] {
  if (!isAdvancedStatefulSet(pair.next)) return statefulSetForbidden(pair, target);
  return [...advancedStatefulSetForbidden(pair, target), ...advancedClaimTemplateUpdate(pair, graph).rejected];
}

export function fieldName(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i > 0 ? '.' : ''}${s}`)).join('');
}

export function statefulSetForbidden(pair: ObjectPair, target: KubernetesVersion): ForbiddenChange[] {
  return [...statefulSetChanges(pair, target, 'no'), ...containerCountChange(pair, target)];
}

/**
 * 1.6–1.7: ValidateStatefulSetUpdate also ran ValidateContainerUpdates on the template's containers,
 * which rejects adding or removing one even where the containers may change (change-facts.tsv
 * `statefulset-container-count-fixed`; kubernetes#51051 lifted it for 1.8).
 */
function containerCountChange(pair: ObjectPair, target: KubernetesVersion): ForbiddenChange[] {
  if (!holds('statefulset-container-count-fixed', target)) return [];
  const count = (resource: Resource) => asArray(getIn(resource.obj, ['spec', 'template', 'spec', 'containers'])).length;
  const before = count(pair.base);
  const after = count(pair.next);
  if (before === after) return [];
  const path = ['spec', 'template', 'spec', 'containers'];
  return [{ kind: 'statefulset-container-count', path, field: fieldName(path), before, after }];
}

/**
 * The changes of spec fields whose mutability at the target release is not settled
 * (statefulset-mutable-fields.tsv: between `from` and `settled`): neither rejected nor accepted.
 */
export function statefulSetUnsettled(pair: ObjectPair, target: KubernetesVersion): ForbiddenChange[] {
  return statefulSetChanges(pair, target, 'unsettled');
}

function statefulSetChanges(pair: ObjectPair, target: KubernetesVersion, verdict: 'no' | 'unsettled'): ForbiddenChange[] {
  // Before the first release the tables describe (PetSet, 1.3–1.4) nothing is claimed.
  if (!isAtLeast(target, FIRST_STATEFULSET_RELEASE)) return [];
  const mutable = mutableStatefulSetFields(target);
  const base = frozenSpec(pair.base, target);
  const next = frozenSpec(pair.next, target);
  const out: ForbiddenChange[] = [];
  const keys = [...new Set([...Object.keys(next), ...Object.keys(base)])];
  for (const key of keys) {
    if (NEVER_COMPARED.has(key) || mayChange(mutable, [key]) !== verdict) continue;
    if (key === 'volumeClaimTemplates') {
      out.push(...claimTemplateChanges(base[key], next[key], pair.mode));
      continue;
    }
    // Only claim templates may carry server-set fields in an export; the rest is defaulted above.
    // A field mutable below this one (1.6: the template's containers) is left out of the comparison.
    const inner = firstDifference(withoutMutable(base[key], key, mutable), withoutMutable(next[key], key, mutable), 'equal');
    if (!inner) continue;
    const path = ['spec', key, ...inner];
    out.push({ kind: 'statefulset-spec', path, field: fieldName(path), before: getIn(base, [key, ...inner]), after: getIn(next, [key, ...inner]) });
  }
  return out;
}

/** `value` (the spec field `key`) without the parts below it that the release lets change. */
function withoutMutable(value: unknown, key: string, mutable: MutableFields): unknown {
  const below = [...mutable.certain, ...mutable.unsettled].filter((f) => f.startsWith(`${key}.`)).map((f) => f.slice(key.length + 1).split('.'));
  let out = value;
  for (const path of below) out = withoutPath(out, path);
  return out;
}

function withoutPath(value: unknown, path: readonly string[]): unknown {
  if (!isRecord(value) || path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (!(head in value)) return value;
  const { [head]: inner, ...others } = value;
  return rest.length === 0 ? others : { ...others, [head]: withoutPath(inner, rest) };
}

function claimTemplateChanges(base: unknown, next: unknown, mode: CompareMode): ForbiddenChange[] {
  const before = asArray(base);
  const after = asArray(next);
  const out: ForbiddenChange[] = [];
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    if (i >= after.length) {
      const path = ['spec', 'volumeClaimTemplates'];
      out.push({ kind: 'statefulset-spec', path, field: `spec.volumeClaimTemplates[${i}]`, before: nameOfTemplate(before[i]), after: undefined });
      break;
    }
    if (i >= before.length) {
      const path = ['spec', 'volumeClaimTemplates', i];
      out.push({ kind: 'statefulset-spec', path, field: fieldName(path), before: undefined, after: nameOfTemplate(after[i]) });
      continue;
    }
    const inner = firstDifference(before[i], after[i], mode);
    if (!inner) continue;
    const path = ['spec', 'volumeClaimTemplates', i, ...inner];
    out.push({ kind: 'statefulset-spec', path, field: fieldName(path), before: getIn(before[i], inner), after: getIn(after[i], inner) });
  }
  return out;
}

function nameOfTemplate(template: unknown): string | undefined {
  return asString(asRecord(asRecord(template)?.metadata)?.name);
}

/** The spec with the server's defaults filled in, and claim templates without what an export adds. */
function frozenSpec(resource: Resource, target: KubernetesVersion): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...(asRecord(resource.obj.spec) ?? {}) };
  // Both fields arrived in 1.7 (pod management policies; revision history, kubernetes#46669); before, the server drops them.
  if (isAtLeast(target, '1.7')) {
    spec.podManagementPolicy ??= 'OrderedReady';
    spec.revisionHistoryLimit ??= 10;
  } else {
    delete spec.podManagementPolicy;
    delete spec.revisionHistoryLimit;
  }
  if (spec.serviceName === '') delete spec.serviceName;
  // apps/v1beta1 defaulted a missing selector from the pod template's labels.
  if (spec.selector === undefined && resource.apiVersion === 'apps/v1beta1') {
    const labels = asRecord(asRecord(asRecord(spec.template)?.metadata)?.labels);
    if (labels) spec.selector = { matchLabels: labels };
  }
  spec.volumeClaimTemplates = asArray(spec.volumeClaimTemplates).map(claimTemplate);
  return spec;
}

function claimTemplate(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  const { apiVersion: _apiVersion, kind: _kind, status: _status, ...rest } = raw;
  const metadata = asRecord(rest.metadata);
  const spec = asRecord(rest.spec);
  return {
    ...rest,
    ...(metadata ? { metadata: { ...metadata, creationTimestamp: undefined } } : {}),
    ...(spec ? { spec: { ...spec, volumeMode: spec.volumeMode ?? 'Filesystem' } } : {}),
  };
}

// ---------- Service ----------

function serviceType(obj: JsonRecord): string {
  return asString(asRecord(obj.spec)?.type) || 'ClusterIP';
}

/** The primary cluster IP as written (`None` for headless); undefined when the manifest leaves it to the server. */
function primaryIP(obj: JsonRecord): { value: string; path: Path } | undefined {
  const spec = asRecord(obj.spec);
  const list = asArray(spec?.clusterIPs);
  const first = asString(list[0]);
  if (first) return { value: first, path: ['spec', 'clusterIPs', 0] };
  const single = asString(spec?.clusterIP);
  return single ? { value: single, path: ['spec', 'clusterIP'] } : undefined;
}

export function serviceForbidden(pair: ObjectPair, target: KubernetesVersion): ForbiddenChange[] {
  const { base, next } = pair;
  if (serviceType(base.obj) === 'ExternalName' || serviceType(next.obj) === 'ExternalName') return [];
  const out: ForbiddenChange[] = [];
  const before = primaryIP(base.obj);
  const after = primaryIP(next.obj);
  if (after && ((before && before.value !== after.value) || (!before && after.value === 'None'))) {
    // Without a written base IP the Service got one allocated, so it cannot become headless.
    out.push({ kind: 'cluster-ip', path: after.path, field: fieldName(after.path), before: before?.value, after: after.value });
  } else if (before && after) {
    const baseList = asArray(asRecord(base.obj.spec)?.clusterIPs);
    const nextList = asArray(asRecord(next.obj.spec)?.clusterIPs);
    if (baseList.length === nextList.length) {
      const i = nextList.findIndex((ip, index) => ip !== baseList[index]);
      if (i > 0) out.push({ kind: 'cluster-ip', path: ['spec', 'clusterIPs', i], field: `spec.clusterIPs[${i}]`, before: baseList[i], after: nextList[i] });
    }
  }
  const headless = (before?.value ?? 'allocated') === 'None' || (after?.value ?? before?.value) === 'None';
  const baseFamilies = asArray(asRecord(base.obj.spec)?.ipFamilies);
  const nextFamilies = asArray(asRecord(next.obj.spec)?.ipFamilies);
  // spec.ipFamilies exists from 1.20; before, the server drops it.
  if (!headless && baseFamilies.length > 0 && nextFamilies.length > 0 && holds('service-ip-families', target)) {
    const i =
      baseFamilies[0] !== nextFamilies[0]
        ? 0
        : baseFamilies.length === nextFamilies.length
          ? nextFamilies.findIndex((f, index) => f !== baseFamilies[index])
          : -1;
    if (i >= 0)
      out.push({ kind: 'ip-families', path: ['spec', 'ipFamilies', i], field: `spec.ipFamilies[${i}]`, before: baseFamilies[i], after: nextFamilies[i] });
  }
  return out;
}

// ---------- PersistentVolumeClaim ----------

const STORAGE_REQUEST: Path = ['spec', 'resources', 'requests', 'storage'];

export function claimForbidden(pair: ObjectPair, graph: ResourceGraph, target: KubernetesVersion): ForbiddenChange[] {
  const { base, next } = pair;
  const out: ForbiddenChange[] = [];
  const baseSpec = comparableClaimSpec(base.obj);
  const nextSpec = comparableClaimSpec(next.obj);
  const inner = firstDifference(baseSpec, nextSpec, pair.mode);
  if (inner) {
    const path = ['spec', ...inner];
    out.push({ kind: 'claim-spec', path, field: fieldName(path), before: getIn(baseSpec, inner), after: getIn(nextSpec, inner) });
  }
  // A class or volume written on both sides must stay; unset on either side, the server decides
  // (the default class, the binding) and a difference is not a change.
  for (const field of ['storageClassName', 'volumeName'] as const) {
    const was = asString(asRecord(base.obj.spec)?.[field]);
    const now = asString(asRecord(next.obj.spec)?.[field]);
    if (was && now && was !== now) out.push({ kind: 'claim-spec', path: ['spec', field], field: `spec.${field}`, before: was, after: now });
  }
  const before = getIn(base.obj, STORAGE_REQUEST);
  const after = getIn(next.obj, STORAGE_REQUEST);
  const from = parseQuantityExact(before);
  const to = parseQuantityExact(after);
  if (from && to) {
    const order = compareQuantities(to, from);
    if (order < 0 && shrinkRejected(base.obj, to, target))
      out.push({ kind: 'claim-shrink', path: STORAGE_REQUEST, field: fieldName(STORAGE_REQUEST), before, after });
    if (order > 0 && !holds('pvc-expansion-default', target)) {
      // Volume expansion is off by default before 1.11: a bigger request is a spec change like any other.
      out.push({ kind: 'claim-expand-unsupported', path: STORAGE_REQUEST, field: fieldName(STORAGE_REQUEST), before, after });
    } else if (order > 0 && !expansionAllowed(next.obj, base.obj, graph)) {
      out.push({ kind: 'claim-expand', path: STORAGE_REQUEST, field: fieldName(STORAGE_REQUEST), before, after });
    }
  }
  return out;
}

/** The claim's capacity when the base was read back from a cluster (`status.capacity.storage`). */
export function claimCapacity(claim: JsonRecord): unknown {
  return getIn(claim, ['status', 'capacity', 'storage']);
}

/**
 * Whether a lower request is rejected. Before 1.32 any decrease is ("field can not be less than
 * previous value"); from 1.32 (RecoverVolumeExpansionFailure) a request may go down while it stays
 * above the claim's capacity, so a known capacity below the new request means the update passes.
 */
function shrinkRejected(baseClaim: JsonRecord, to: NonNullable<ReturnType<typeof parseQuantityExact>>, target: KubernetesVersion): boolean {
  if (!holds('pvc-shrink-to-capacity', target)) return true;
  const capacity = parseQuantityExact(claimCapacity(baseClaim));
  return !capacity || compareQuantities(to, capacity) <= 0;
}

/**
 * The claim spec without what may change (the storage request, a first `volumeName`,
 * `volumeAttributesClassName`) or what the server fills in (a missing `storageClassName`, the
 * `volumeMode` default), so that a difference left is one the server rejects.
 */
function comparableClaimSpec(obj: JsonRecord): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...(asRecord(obj.spec) ?? {}) };
  const resources = asRecord(spec.resources);
  const requests = asRecord(resources?.requests);
  if (requests) {
    const { storage: _storage, ...others } = requests;
    spec.resources = { ...resources, requests: others };
  }
  delete spec.volumeName;
  delete spec.volumeAttributesClassName;
  delete spec.storageClassName;
  spec.volumeMode ??= 'Filesystem';
  return spec;
}

/** Whether a bigger request is accepted: decided only by a StorageClass present in the input. */
function expansionAllowed(claim: JsonRecord, baseClaim: JsonRecord, graph: ResourceGraph): boolean {
  const written = claimClass(baseClaim) ?? claimClass(claim);
  // Statically provisioned claims (`storageClassName: ""`) cannot be resized.
  if (written?.name === '') return false;
  const storageClass = written ? graph.get('StorageClass', '', written.name) : defaultStorageClass(graph);
  if (!storageClass) return true;
  return storageClass.obj.allowVolumeExpansion === true;
}
