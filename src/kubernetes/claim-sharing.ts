// Workloads other than StatefulSets (Deployments, ReplicaSets, ReplicationControllers,
// DaemonSets) that mount one PersistentVolumeClaim in all their pods: which of those claims only
// one node (`ReadWriteOnce`, for volumes that are attached to a node) or one pod
// (`ReadWriteOncePod`) can use, and how many pods the workload runs at once.
//
// The attach/detach controller attaches a volume whose PersistentVolume has neither
// `ReadWriteMany` nor `ReadOnlyMany` to one node at a time and reports a `Multi-Attach error` for
// any other node (pkg/controller/volume/attachdetach/reconciler/reconciler.go); pods on the node
// where it is attached share it. The scheduler lets one pod in the cluster use a
// `ReadWriteOncePod` claim (VolumeRestrictions plugin), on by default from Kubernetes 1.27.

import type { Path } from '../shared/finding.js';
import type { Resource, ResourceGraph } from '../graph/graph.js';
import { accessModes, allowsMultiAttach, isUnattachedProvisioner, isUnattachedVolume } from '../api/storage.js';
import { storageClassOf } from './storage-classes.js';
import { pinnedNode, type PinnedNode } from '../api/pod-scheduling.js';
import { isAtLeast } from '../api/version.js';
import { asArray, asInteger, asRecord, asString, type JsonRecord } from '../shared/value.js';

/** `ReadWriteOncePod` is accepted and enforced by default from 1.27 (feature gate ReadWriteOncePod: alpha 1.22, beta 1.27, GA 1.29). */
export const RWOP_ON_BY_DEFAULT = '1.27';

export type ExclusiveMode = 'ReadWriteOnce' | 'ReadWriteOncePod';

export interface ExclusiveClaim {
  /** The pod volume that names the claim. */
  readonly volume: string;
  readonly claim: Resource;
  /** Path of the volume's `persistentVolumeClaim.claimName` in the workload. */
  readonly path: Path;
  readonly mode: ExclusiveMode;
}

/** The pod template's spec of a workload. */
export function templatePodSpec(workload: Resource): JsonRecord | undefined {
  return asRecord(asRecord(asRecord(workload.obj.spec)?.template)?.spec);
}

/**
 * The claims in the input (in the workload's namespace: a pod sees no other) that the pods of
 * `workload` mount and only one node or one pod can use. A `ReadWriteOnce` claim is left out when
 * its volume is never attached to a node (a PersistentVolume or StorageClass of the input says so)
 * or when every pod runs on one node (see `pinnedNode`): then the pods share it.
 */
export function exclusiveClaims(graph: ResourceGraph, workload: Resource): ExclusiveClaim[] {
  const podSpec = templatePodSpec(workload);
  const pinned = pinnedNode(podSpec);
  const rwop = isAtLeast(graph.settings.kubernetesVersion, RWOP_ON_BY_DEFAULT);
  const found: ExclusiveClaim[] = [];
  const seen = new Set<Resource>();
  for (const [i, raw] of asArray(podSpec?.volumes).entries()) {
    const volume = asRecord(raw);
    const claimName = asString(asRecord(volume?.persistentVolumeClaim)?.claimName);
    if (!volume || !claimName) continue;
    const claim = graph.get('PersistentVolumeClaim', workload.namespace, claimName);
    // Two volumes naming one claim are one use of it.
    if (!claim || seen.has(claim)) continue;
    const mode = exclusiveMode(graph, claim.obj, rwop, pinned);
    if (!mode) continue;
    seen.add(claim);
    found.push({
      volume: asString(volume.name) ?? '',
      claim,
      path: ['spec', 'template', 'spec', 'volumes', i, 'persistentVolumeClaim', 'claimName'],
      mode,
    });
  }
  return found;
}

function exclusiveMode(graph: ResourceGraph, claim: JsonRecord, rwop: boolean, pinned: PinnedNode | undefined): ExclusiveMode | undefined {
  const modes = accessModes(claim);
  if (modes.includes('ReadWriteOncePod')) return rwop ? 'ReadWriteOncePod' : undefined;
  if (!modes.includes('ReadWriteOnce') || allowsMultiAttach(modes) || pinned) return undefined;
  // The controller reads the bound PersistentVolume's modes; a claim asking ReadWriteOnce can be bound to a volume that allows more.
  const volumeName = asString(asRecord(claim.spec)?.volumeName);
  const volume = volumeName ? graph.get('PersistentVolume', '', volumeName) : undefined;
  if (volume && (allowsMultiAttach(accessModes(volume.obj)) || isUnattachedVolume(volume.obj) || pinnedByVolume(volume.obj))) return undefined;
  const storageClass = storageClassOf(graph, claim);
  if (storageClass && isUnattachedProvisioner(asString(storageClass.obj.provisioner) ?? '')) return undefined;
  return 'ReadWriteOnce';
}

/** A PersistentVolume whose node affinity allows one node: its pods all run there. */
function pinnedByVolume(volume: JsonRecord): boolean {
  return (
    pinnedNode({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: asRecord(asRecord(volume.spec)?.nodeAffinity)?.required } } }) !==
    undefined
  );
}

export interface PodCount {
  /** `spec.replicas` (default 1); undefined for a DaemonSet, which runs one pod per eligible node. */
  readonly replicas: number | undefined;
  /** The HorizontalPodAutoscaler that scales the workload, with its bounds. */
  readonly autoscaler?: { readonly resource: Resource; readonly min: number; readonly max: number | undefined };
}

export function podCountOf(graph: ResourceGraph, workload: Resource): PodCount {
  const replicas = workload.type === 'DaemonSet' ? undefined : (asInteger(asRecord(workload.obj.spec)?.replicas) ?? 1);
  const hpa = graph.autoscalersOf(workload)[0];
  if (!hpa) return { replicas };
  const spec = asRecord(hpa.obj.spec);
  return { replicas, autoscaler: { resource: hpa, min: asInteger(spec?.minReplicas) ?? 1, max: asInteger(spec?.maxReplicas) } };
}
