// The resource graph: every manifest given, indexed once so that no rule scans the whole
// input per resource. Read-only for rules.

import type { ResourceRef } from '../shared/finding.js';
import { isClusterScoped, resourceTypeOf, splitApiVersion, type ResourceType } from '../api/kinds.js';
import { mapSelectorMatches, type Labels } from '../api/labels.js';
import type { Manifest } from '../yaml/manifest.js';
import { NEWEST_KUBERNETES_VERSION, parseKubernetesVersion, type KubernetesVersion } from '../api/version.js';
import { asRecord, asString, asStringMap, type JsonRecord } from '../shared/value.js';

export interface Resource {
  readonly manifest: Manifest;
  readonly apiVersion: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** '' when the manifest has no name (generateName only). */
  readonly name: string;
  /** '' for cluster-scoped kinds; the default namespace when the manifest sets none. */
  readonly namespace: string;
  /** Whether `metadata.namespace` was written in the manifest. */
  readonly namespaceExplicit: boolean;
  readonly type: ResourceType | undefined;
  readonly obj: JsonRecord;
}

export interface GraphSettings {
  /** Namespace of namespaced objects that set none (kubectl's `--namespace`). */
  namespace: string;
  clusterDomain: string;
  /** The Kubernetes release the manifests are meant for (`--kubernetes-version`). */
  kubernetesVersion: KubernetesVersion;
}

export const DEFAULT_SETTINGS: GraphSettings = {
  namespace: 'default',
  clusterDomain: 'cluster.local',
  kubernetesVersion: parseKubernetesVersion(NEWEST_KUBERNETES_VERSION)!,
};

export function refOf(resource: Resource): ResourceRef {
  return { apiVersion: resource.apiVersion, kind: resource.kind, namespace: resource.namespace, name: resource.name };
}

export function describeResource(resource: Resource): string {
  const where = resource.namespace ? ` in namespace \`${resource.namespace}\`` : '';
  return `${resource.kind} \`${resource.name}\`${where}`;
}

/** The parts joined by NUL; fixed arity, as it runs for every lookup of every rule. */
function key(a: string, b: string, c?: string): string {
  return c === undefined ? `${a}\u0000${b}` : `${a}\u0000${b}\u0000${c}`;
}

export class ResourceGraph {
  readonly resources: readonly Resource[];
  readonly settings: GraphSettings;
  // Lookups by type, namespace and name are nested maps, not maps of joined keys: rules ask them
  // per resource and per DNS name scanned, and a joined key is a new string to hash every time.
  private readonly byType = new Map<ResourceType, Resource[]>();
  private readonly byNamespacedName = new Map<ResourceType, Map<string, Map<string, Resource[]>>>();
  private readonly byName = new Map<ResourceType, Map<string, Resource[]>>();
  private readonly byNamespace = new Map<ResourceType, Map<string, Resource[]>>();
  private readonly governed = new Map<string, Map<string, Resource[]>>();
  /** Services by namespace and the first pair of their selector (see servicesSelecting). */
  private readonly serviceSelectorIndex = new Map<string, Resource[]>();
  /** HorizontalPodAutoscalers by namespace, target kind and target name (`spec.scaleTargetRef`). */
  private readonly autoscalers = new Map<string, Resource[]>();

  /**
   * Namespaces of objects known to exist but not in the graph (context objects that relate to
   * nothing linted, src/input/relations.ts): names in DNS references are read against them.
   */
  readonly otherNamespaces: ReadonlySet<string>;

  constructor(manifests: readonly Manifest[], settings: GraphSettings = DEFAULT_SETTINGS, otherNamespaces: ReadonlySet<string> = new Set()) {
    this.settings = settings;
    this.otherNamespaces = otherNamespaces;
    this.resources = manifests.map((m) => toResource(m, settings.namespace));
    for (const resource of this.resources) this.index(resource);
  }

  private index(resource: Resource): void {
    const { type } = resource;
    if (!type) return;
    push(this.byType, type, resource);
    push(inner(inner(this.byNamespacedName, type), resource.namespace), resource.name, resource);
    push(inner(this.byName, type), resource.name, resource);
    push(inner(this.byNamespace, type), resource.namespace, resource);
    if (type === 'StatefulSet') {
      const serviceName = asString(asRecord(resource.obj.spec)?.serviceName);
      if (serviceName) push(inner(this.governed, resource.namespace), serviceName, resource);
    }
    if (type === 'HorizontalPodAutoscaler') {
      const target = asRecord(asRecord(resource.obj.spec)?.scaleTargetRef);
      const kind = asString(target?.kind);
      const name = asString(target?.name);
      if (kind && name) push(this.autoscalers, key(resource.namespace, kind, name), resource);
    }
    if (type === 'Service') {
      const selector = asStringMap(asRecord(resource.obj.spec)?.selector);
      const first = selector && firstKey(selector);
      if (selector && first !== undefined) push(this.serviceSelectorIndex, key(resource.namespace, first, selector[first]), resource);
    }
  }

  ofType(type: ResourceType): readonly Resource[] {
    return this.byType.get(type) ?? [];
  }

  /** The object of that type, namespace and name (the first one when it is given twice). */
  get(type: ResourceType, namespace: string, name: string): Resource | undefined {
    return this.byNamespacedName.get(type)?.get(namespace)?.get(name)?.[0];
  }

  /** Objects of that type and name in every namespace. */
  named(type: ResourceType, name: string): readonly Resource[] {
    return this.byName.get(type)?.get(name) ?? NONE;
  }

  inNamespace(type: ResourceType, namespace: string): readonly Resource[] {
    return this.byNamespace.get(type)?.get(namespace) ?? NONE;
  }

  /** StatefulSets whose `spec.serviceName` names this Service (same namespace). */
  governedBy(service: Resource): readonly Resource[] {
    return this.governed.get(service.namespace)?.get(service.name) ?? NONE;
  }

  /** Services in `namespace` whose (non-empty) selector selects `labels`, in the order of the files. */
  servicesSelecting(namespace: string, labels: Labels): Resource[] {
    // Each matching Service's first selector pair is one of the labels, so looking up the
    // labels' pairs finds every candidate without scanning the namespace.
    const found: Resource[] = [];
    for (const [k, v] of Object.entries(labels)) {
      for (const service of this.serviceSelectorIndex.get(key(namespace, k, v)) ?? []) {
        const selector = asStringMap(asRecord(service.obj.spec)?.selector) ?? {};
        if (mapSelectorMatches(selector, labels)) found.push(service);
      }
    }
    if (found.length < 2) return found;
    // In the order of the files, whichever pair each Service is indexed by.
    const order = this.inNamespace('Service', namespace);
    return found.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  }

  /**
   * HorizontalPodAutoscalers of the same namespace whose `scaleTargetRef` names this object
   * (a `scaleTargetRef.apiVersion` of another API group, e.g. OpenKruise's StatefulSet, does not count).
   */
  autoscalersOf(target: Resource): readonly Resource[] {
    // Most objects have none: asked per set by several rules, the answer is then the shared empty list.
    if (this.autoscalers.size === 0) return NONE;
    const kind = target.kind === 'PetSet' ? 'StatefulSet' : target.kind;
    const candidates = this.autoscalers.get(key(target.namespace, kind, target.name));
    if (!candidates) return NONE;
    return candidates.filter((hpa) => {
      const apiVersion = asString(asRecord(asRecord(hpa.obj.spec)?.scaleTargetRef)?.apiVersion);
      return apiVersion === undefined || splitApiVersion(apiVersion).group === target.group;
    });
  }
}

/** What a lookup that finds nothing returns (frozen: callers must not fill it). */
const NONE: readonly Resource[] = Object.freeze([]);

/** The map under `k`, made on first use. */
function inner<K, K2, V>(map: Map<K, Map<K2, V>>, k: K): Map<K2, V> {
  let found = map.get(k);
  if (!found) {
    found = new Map();
    map.set(k, found);
  }
  return found;
}

function push<K, V>(map: Map<K, V[]>, k: K, value: V): void {
  const list = map.get(k);
  if (list) list.push(value);
  else map.set(k, [value]);
}

function toResource(manifest: Manifest, defaultNamespace: string): Resource {
  const { obj } = manifest;
  const apiVersion = asString(obj.apiVersion) ?? '';
  const kind = asString(obj.kind) ?? '';
  const { group, version } = splitApiVersion(apiVersion);
  const metadata = asRecord(obj.metadata);
  const writtenNamespace = asString(metadata?.namespace);
  const clusterScoped = isClusterScoped(kind);
  return {
    manifest,
    apiVersion,
    group,
    version,
    kind,
    name: asString(metadata?.name) ?? '',
    namespace: clusterScoped ? '' : writtenNamespace || defaultNamespace,
    namespaceExplicit: !clusterScoped && !!writtenNamespace,
    type: resourceTypeOf(group, kind),
    obj,
  };
}

/** The selector's first key in code-point order (the pair a Service is indexed by: any one of its pairs would do). */
function firstKey(selector: Readonly<Record<string, string>>): string | undefined {
  let first: string | undefined;
  for (const k of Object.keys(selector)) if (first === undefined || k < first) first = k;
  return first;
}
