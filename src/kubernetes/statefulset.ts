// What a StatefulSet manifest means once the controller acts on it: its ordinals, pod names,
// DNS names and claim names (pkg/controller/statefulset/stateful_set_utils.go), and a safe
// view of the fields rules read most.

import type { Path } from '../shared/finding.js';
import type { GraphSettings, Resource, ResourceGraph } from '../graph/graph.js';
import { asArray, asInteger, asRecord, asString, asStringMap, type JsonRecord } from '../shared/value.js';
import { isAdvancedStatefulSet } from '../api/kinds.js';

export interface ContainerView {
  /** `containers` or `initContainers` */
  readonly group: 'containers' | 'initContainers';
  readonly index: number;
  readonly name: string;
  readonly path: Path;
  readonly raw: JsonRecord;
  /** volumeMounts and volumeDevices, by the volume name they reference. */
  readonly volumeRefs: readonly { name: string; path: Path }[];
}

export interface NamedEntry {
  readonly index: number;
  readonly name: string;
  readonly path: Path;
  readonly raw: JsonRecord;
}

export interface StatefulSetView {
  readonly resource: Resource;
  readonly name: string;
  readonly namespace: string;
  readonly serviceName: string | undefined;
  /** `spec.replicas`, defaulted to 1 (also when it is not a valid integer). */
  readonly replicas: number;
  /** `spec.ordinals.start`, 0 when unset or invalid. */
  readonly startOrdinal: number;
  readonly spec: JsonRecord | undefined;
  readonly templateLabels: Readonly<Record<string, string>>;
  readonly podSpec: JsonRecord | undefined;
  readonly containers: readonly ContainerView[];
  readonly volumes: readonly NamedEntry[];
  readonly claimTemplates: readonly NamedEntry[];
  /** An Advanced StatefulSet's `reserveOrdinals`, as sorted, merged ranges; empty for apps/v1. */
  readonly reservedOrdinals: readonly (readonly [number, number])[];
  readonly identity: StatefulSetIdentity;
}

export interface StatefulSetIdentity {
  /** First and last ordinal; `last < first` when there are no replicas. */
  readonly firstOrdinal: number;
  readonly lastOrdinal: number;
  /**
   * Whether no pod has this ordinal although it lies between the first and the last: an
   * Advanced StatefulSet's `reserveOrdinals` (OpenKruise) skips them. Always false for apps/v1.
   */
  isReserved(ordinal: number): boolean;
  podName(ordinal: number): string;
  /** The pod's `spec.hostname`, which is its name. */
  hostname(ordinal: number): string;
  /** `<set>-<i>.<service>.<ns>.svc.<cluster-domain>`, undefined without a serviceName. */
  fqdn(ordinal: number): string | undefined;
  /** `<claim>-<set>-<i>` */
  claimName(claim: string, ordinal: number): string;
}

const views = new WeakMap<Resource, StatefulSetView>();

/** The derived facts of a StatefulSet of the graph (names, ordinals, containers, claims), computed once. */
export function statefulSetView(graph: ResourceGraph, resource: Resource): StatefulSetView {
  let view = views.get(resource);
  if (!view) {
    view = describeStatefulSet(resource, graph.settings);
    views.set(resource, view);
  }
  return view;
}

export function describeStatefulSet(resource: Resource, settings: GraphSettings): StatefulSetView {
  const spec = asRecord(resource.obj.spec);
  const template = asRecord(spec?.template);
  const podSpec = asRecord(template?.spec);
  const replicasRaw = asInteger(spec?.replicas);
  const replicas = replicasRaw !== undefined && replicasRaw >= 0 ? replicasRaw : 1;
  const startRaw = asInteger(asRecord(spec?.ordinals)?.start);
  const startOrdinal = startRaw !== undefined && startRaw >= 0 ? startRaw : 0;
  const serviceName = asString(spec?.serviceName) || undefined;
  const name = resource.name;
  const namespace = resource.namespace;
  // Only v1beta1 has the field; the API server prunes it from a v1alpha1 object.
  const reserved = isAdvancedStatefulSet(resource) && resource.version === 'v1beta1' ? reservedOrdinals(spec?.reserveOrdinals) : [];
  const span = ordinalsAfterReserved(startOrdinal, replicas, reserved);

  const identity = new SetIdentity(span.first, span.last, reserved, name, serviceName, namespace, settings.clusterDomain);

  return {
    resource,
    name,
    namespace,
    serviceName,
    replicas,
    startOrdinal,
    spec,
    templateLabels: asStringMap(asRecord(template?.metadata)?.labels) ?? {},
    podSpec,
    containers: readContainers(podSpec),
    volumes: readNamed(podSpec?.volumes, VOLUMES_PATH, volumeName),
    claimTemplates: readNamed(spec?.volumeClaimTemplates, CLAIMS_PATH, claimName),
    reservedOrdinals: reserved,
    identity,
  };
}

/**
 * A class, not an object of five arrow functions: the views of every set live as long as the
 * graph, and closures cost ~0.3 KB a set (1.5 MB over 5,000 sets).
 */
class SetIdentity implements StatefulSetIdentity {
  constructor(
    readonly firstOrdinal: number,
    readonly lastOrdinal: number,
    private readonly reserved: readonly (readonly [number, number])[],
    private readonly name: string,
    private readonly serviceName: string | undefined,
    private readonly namespace: string,
    private readonly clusterDomain: string,
  ) {}

  isReserved(ordinal: number): boolean {
    return this.reserved.some(([lo, hi]) => ordinal >= lo && ordinal <= hi);
  }

  podName(ordinal: number): string {
    return `${this.name}-${ordinal}`;
  }

  hostname(ordinal: number): string {
    return `${this.name}-${ordinal}`;
  }

  fqdn(ordinal: number): string | undefined {
    return this.serviceName === undefined ? undefined : `${this.name}-${ordinal}.${this.serviceName}.${this.namespace}.svc.${this.clusterDomain}`;
  }

  claimName(claim: string, ordinal: number): string {
    return `${claim}-${this.name}-${ordinal}`;
  }
}

/**
 * `spec.reserveOrdinals` of an Advanced StatefulSet as merged, sorted ranges: whole numbers, and
 * `"<a>-<b>"` ranges from OpenKruise 1.7 (its webhook's `^\\d+-\\d+$`). Anything else is left out
 * (advanced-statefulset-invalid reports it).
 */
export function reservedOrdinals(raw: unknown): [number, number][] {
  const ranges: [number, number][] = [];
  for (const item of asArray(raw)) {
    if (typeof item === 'number' && Number.isInteger(item) && item >= 0) ranges.push([item, item]);
    const range = typeof item === 'string' ? /^(\d+)-(\d+)$/.exec(item) : null;
    if (range && Number(range[1]) <= Number(range[2])) ranges.push([Number(range[1]), Number(range[2])]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** The first and last ordinal of `replicas` pods counted from `start`, skipping the reserved ranges (sorted, merged). */
export function ordinalsAfterReserved(start: number, replicas: number, reserved: readonly (readonly [number, number])[]): { first: number; last: number } {
  let first = start;
  for (const [lo, hi] of reserved) if (first >= lo && first <= hi) first = hi + 1;
  let last = start + replicas - 1;
  if (replicas > 0) for (const [lo, hi] of reserved) if (hi >= start && lo <= last) last += hi - Math.max(lo, start) + 1;
  return { first: replicas > 0 ? first : start, last: replicas > 0 ? last : start - 1 };
}

// Made once: every set's view reads them.
const VOLUMES_PATH: Path = ['spec', 'template', 'spec', 'volumes'];
const CLAIMS_PATH: Path = ['spec', 'volumeClaimTemplates'];
const CONTAINER_GROUPS = ['initContainers', 'containers'] as const;
const MOUNT_FIELDS = ['volumeMounts', 'volumeDevices'] as const;
const volumeName = (raw: JsonRecord): string | undefined => asString(raw.name);
const claimName = (raw: JsonRecord): string | undefined => asString(asRecord(raw.metadata)?.name);

function readNamed(list: unknown, base: Path, nameOf: (raw: JsonRecord) => string | undefined): NamedEntry[] {
  const out: NamedEntry[] = [];
  const items = asArray(list);
  for (let index = 0; index < items.length; index++) {
    const raw = asRecord(items[index]);
    if (!raw) continue;
    out.push({ index, name: nameOf(raw) ?? '', path: base.concat(index), raw }); // concat: an exact-size array (a spread leaves room for 17)
  }
  return out;
}

function readContainers(podSpec: JsonRecord | undefined): ContainerView[] {
  const out: ContainerView[] = [];
  // Indexed loops: this runs for every set of a run, and `entries()` iterators cost more here.
  for (const group of CONTAINER_GROUPS) {
    const items = asArray(podSpec?.[group]);
    for (let index = 0; index < items.length; index++) {
      const raw = asRecord(items[index]);
      if (!raw) continue;
      const path: Path = ['spec', 'template', 'spec', group, index];
      const volumeRefs: { name: string; path: Path }[] = [];
      for (const field of MOUNT_FIELDS) {
        const mounts = asArray(raw[field]);
        for (let i = 0; i < mounts.length; i++) {
          const mountName = asString(asRecord(mounts[i])?.name);
          if (mountName !== undefined) volumeRefs.push({ name: mountName, path: ['spec', 'template', 'spec', group, index, field, i, 'name'] });
        }
      }
      out.push({ group, index, name: asString(raw.name) ?? '', path, raw, volumeRefs });
    }
  }
  return out;
}

/** Human range of pod names, e.g. `web-0` … `web-2`. */
export function podRange(view: StatefulSetView): string {
  const { firstOrdinal, lastOrdinal } = view.identity;
  if (lastOrdinal < firstOrdinal) return 'no pods (replicas: 0)';
  if (lastOrdinal === firstOrdinal) return `\`${view.identity.podName(firstOrdinal)}\``;
  return `\`${view.identity.podName(firstOrdinal)}\` … \`${view.identity.podName(lastOrdinal)}\``;
}

/** The labels a selector for this set's pods should use, as `k: v, …`: the set's `matchLabels`, else its pod template labels. */
export function suggestedMatchLabels(view: StatefulSetView): string {
  const matchLabels = asStringMap(asRecord(asRecord(view.spec?.selector)?.matchLabels)) ?? {};
  const labels = Object.keys(matchLabels).length > 0 ? matchLabels : view.templateLabels;
  return (
    Object.entries(labels)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ') || 'app: <name>'
  );
}

/**
 * `spec.updateStrategy.type` after defaulting: an empty type became OnDelete in apps/v1beta1
 * (and PetSet, which had no strategy) and RollingUpdate from apps/v1beta2 on
 * (pkg/apis/apps/*\/defaults.go). Undefined when the type is not a string.
 */
export function updateStrategyType(resource: Resource): string | undefined {
  const raw = asRecord(asRecord(resource.obj.spec)?.updateStrategy)?.type;
  if (raw !== undefined && raw !== null && typeof raw !== 'string') return undefined;
  if (raw) return raw;
  return resource.kind === 'PetSet' || resource.apiVersion === 'apps/v1beta1' ? 'OnDelete' : 'RollingUpdate';
}

/** Whether a Service can govern a StatefulSet: headless (`clusterIP: None`) and of type ClusterIP. */
export function isHeadlessService(service: Resource): boolean {
  const spec = asRecord(service.obj.spec);
  const type = asString(spec?.type) ?? 'ClusterIP';
  return type === 'ClusterIP' && (spec?.clusterIP === 'None' || asArray(spec?.clusterIPs)[0] === 'None');
}
