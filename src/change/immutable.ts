// Changes the API server rejects on update, by kind and target release.
//
// - StatefulSet: ValidateStatefulSetUpdate (pkg/apis/apps/validation/validation.go) copies the
//   mutable fields from the old object and rejects any other spec difference ("updates to
//   statefulset spec for fields other than … are forbidden"). Mutable: replicas, template,
//   updateStrategy (1.7+), minReadySeconds, persistentVolumeClaimRetentionPolicy and ordinals
//   (from the releases that introduced them), revisionHistoryLimit from 1.33 (a 1.31 server
//   rejects it, kubernetes#130263; 1.32 is not known for sure, so it is never reported there).
//   Claim templates are immutable in every release (KEP-4650 is not merged).
// - Service: validateUpgradeDowngradeClusterIPs / validateUpgradeDowngradeIPFamilies
//   (pkg/apis/core/validation/validation.go); a new manifest without clusterIP keeps the
//   allocated one (patchAllocatedValues in the Service registry), so only written values count.
// - PersistentVolumeClaim: ValidatePersistentVolumeClaimUpdate: the spec is immutable except the
//   storage request, which may not shrink; growing it needs a StorageClass with
//   `allowVolumeExpansion: true` (admission plugin PersistentVolumeClaimResize).

import { claimClass } from '../api/storage.js';
import { compareQuantities, parseQuantityExact } from '../api/quantity.js';
import { isAtLeast, type KubernetesVersion } from '../api/version.js';
import type { Path } from '../shared/finding.js';
import type { Resource, ResourceGraph } from '../graph/graph.js';
import { asArray, asRecord, asString, getIn, isRecord, type JsonRecord } from '../shared/value.js';
import type { ObjectPair } from './change-set.js';
import { firstDifference, type CompareMode } from './compare.js';

export type ForbiddenKind = 'statefulset-spec' | 'cluster-ip' | 'ip-families' | 'claim-spec' | 'claim-shrink' | 'claim-expand';

export interface ForbiddenChange {
  readonly kind: ForbiddenKind;
  /** Where in the new manifest (the nearest existing node is used when the field was removed). */
  readonly path: Path;
  /** The field as a message names it, e.g. `spec.volumeClaimTemplates[0].spec.resources.requests.storage`. */
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** Spec fields a StatefulSet update may change in the target release, in the server's order. */
export function mutableStatefulSetFields(target: KubernetesVersion): string[] {
  const fields = ['replicas'];
  if (isAtLeast(target, '1.26')) fields.push('ordinals');
  fields.push('template', 'updateStrategy');
  if (isAtLeast(target, '1.33')) fields.push('revisionHistoryLimit');
  if (isAtLeast(target, '1.23')) fields.push('persistentVolumeClaimRetentionPolicy');
  if (isAtLeast(target, '1.22')) fields.push('minReadySeconds');
  return fields;
}

/** Fields never compared: mutable in every release that knows them. */
const ALWAYS_MUTABLE = new Set(['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'persistentVolumeClaimRetentionPolicy', 'ordinals']);

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
export function advancedStatefulSetForbidden(pair: ObjectPair): ForbiddenChange[] {
  const base = frozenSpec(pair.base);
  const next = frozenSpec(pair.next);
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

export function fieldName(path: Path): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i > 0 ? '.' : ''}${s}`)).join('');
}

export function statefulSetForbidden(pair: ObjectPair, target: KubernetesVersion): ForbiddenChange[] {
  const base = frozenSpec(pair.base);
  const next = frozenSpec(pair.next);
  // 1.32 may or may not accept it: never claim a rejection that might not happen.
  const historyFrozen = !isAtLeast(target, '1.32');
  const out: ForbiddenChange[] = [];
  const keys = [...new Set([...Object.keys(next), ...Object.keys(base)])];
  for (const key of keys) {
    if (ALWAYS_MUTABLE.has(key) || (key === 'revisionHistoryLimit' && !historyFrozen)) continue;
    if (key === 'volumeClaimTemplates') {
      out.push(...claimTemplateChanges(base[key], next[key], pair.mode));
      continue;
    }
    // Only claim templates may carry server-set fields in an export; the rest is defaulted above.
    const inner = firstDifference(base[key], next[key], 'equal');
    if (!inner) continue;
    const path = ['spec', key, ...inner];
    out.push({ kind: 'statefulset-spec', path, field: fieldName(path), before: getIn(base, [key, ...inner]), after: getIn(next, [key, ...inner]) });
  }
  return out;
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
function frozenSpec(resource: Resource): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...(asRecord(resource.obj.spec) ?? {}) };
  spec.podManagementPolicy ??= 'OrderedReady';
  spec.revisionHistoryLimit ??= 10;
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

export function serviceForbidden(pair: ObjectPair): ForbiddenChange[] {
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
  if (!headless && baseFamilies.length > 0 && nextFamilies.length > 0) {
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

export function claimForbidden(pair: ObjectPair, graph: ResourceGraph): ForbiddenChange[] {
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
    if (order < 0) out.push({ kind: 'claim-shrink', path: STORAGE_REQUEST, field: fieldName(STORAGE_REQUEST), before, after });
    if (order > 0 && !expansionAllowed(next.obj, base.obj, graph)) {
      out.push({ kind: 'claim-expand', path: STORAGE_REQUEST, field: fieldName(STORAGE_REQUEST), before, after });
    }
  }
  return out;
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
  const storageClass = written ? graph.get('StorageClass', '', written.name) : graph.ofType('StorageClass').find(isDefaultClass);
  if (!storageClass) return true;
  return storageClass.obj.allowVolumeExpansion === true;
}

function isDefaultClass(storageClass: Resource): boolean {
  return asRecord(asRecord(storageClass.obj.metadata)?.annotations)?.['storageclass.kubernetes.io/is-default-class'] === 'true';
}

/** The StorageClass a claim template would use, from the input, with its expansion setting. */
export function templateClass(template: JsonRecord, graph: ResourceGraph): Resource | undefined {
  const written = claimClass(template);
  if (written?.name === '') return undefined;
  return written ? graph.get('StorageClass', '', written.name) : graph.ofType('StorageClass').find(isDefaultClass);
}
