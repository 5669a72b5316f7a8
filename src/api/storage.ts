// How Kubernetes reads the storage fields of a claim (or a claim template), shared by the
// storage rules.

import type { Path } from '../shared/finding.js';
import { asArray, asRecord, asString, asStringMap, type JsonRecord } from '../shared/value.js';

export const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
/** Ignored since Kubernetes 1.6 (alpha dynamic provisioning); the default StorageClass applies. */
export const ALPHA_STORAGE_CLASS = 'volume.alpha.kubernetes.io/storage-class';

export interface ClaimClass {
  /** The class name asked for; '' asks for no class (pre-provisioned volumes only). */
  readonly name: string;
  /** Path inside the claim of the field that names it. */
  readonly path: Path;
  readonly fromAnnotation: boolean;
}

/**
 * The StorageClass a claim asks for, or undefined when it asks for none (the default class
 * applies). The beta annotation wins over `spec.storageClassName`, as in
 * storagehelpers.GetPersistentVolumeClaimClass.
 */
export function claimClass(claim: JsonRecord): ClaimClass | undefined {
  const annotations = asStringMap(asRecord(claim.metadata)?.annotations) ?? {};
  const beta = annotations[BETA_STORAGE_CLASS];
  if (beta !== undefined) return { name: beta, path: ['metadata', 'annotations', BETA_STORAGE_CLASS], fromAnnotation: true };
  const field = asString(asRecord(claim.spec)?.storageClassName);
  return field === undefined ? undefined : { name: field, path: ['spec', 'storageClassName'], fromAnnotation: false };
}

/** `spec.accessModes`, the strings only. */
export function accessModes(claim: JsonRecord): string[] {
  return asArray(asRecord(claim.spec)?.accessModes).filter((m): m is string => typeof m === 'string');
}

/** The pod volume sources that keep data beyond the pod's life on their own. */
const EPHEMERAL_SOURCES = new Set(['emptyDir', 'configMap', 'secret', 'downwardAPI', 'projected', 'ephemeral', 'gitRepo', 'image']);

/** Whether a pod volume (`spec.volumes[i]`) keeps data when its pod is deleted. */
export function isPersistentVolumeSource(volume: JsonRecord): boolean {
  const sources = Object.keys(volume).filter((k) => k !== 'name');
  return sources.length > 0 && sources.some((k) => !EPHEMERAL_SOURCES.has(k));
}

/**
 * Whether the attach/detach controller lets a volume of these access modes (the
 * PersistentVolume's) be attached to several nodes at once: only `ReadWriteMany` or
 * `ReadOnlyMany` allow it (`IsMultiAttachAllowed`, pkg/volume/util/util.go). Without modes it
 * does not know and lets the attacher decide.
 */
export function allowsMultiAttach(modes: readonly string[]): boolean {
  return modes.length === 0 || modes.includes('ReadWriteMany') || modes.includes('ReadOnlyMany');
}

/** Provisioners of node-local volumes (host paths, local disks), which are not CSI volumes and never attached. */
export const NODE_LOCAL_PROVISIONERS: ReadonlySet<string> = new Set([
  'kubernetes.io/no-provisioner',
  'kubernetes.io/host-path',
  'k8s.io/minikube-hostpath',
  'rancher.io/local-path',
  'microk8s.io/hostpath',
  'docker.io/hostpath',
]);

/**
 * Provisioners whose volumes are never attached to a node: node-local volumes (the pods must
 * run where the volume is, which its node affinity ensures) and network file systems every node
 * mounts directly. A `ReadWriteOnce` claim of theirs draws no Multi-Attach error.
 */
const UNATTACHED_PROVISIONERS = new Set([
  ...NODE_LOCAL_PROVISIONERS,
  'openebs.io/local',
  'nfs.csi.k8s.io',
  'cephfs.csi.ceph.com',
  'efs.csi.aws.com',
  'file.csi.azure.com',
  'filestore.csi.storage.gke.io',
]);

/** Whether volumes of this provisioner are mounted without being attached to a node first. */
export function isUnattachedProvisioner(provisioner: string): boolean {
  // NFS provisioners are named by whoever installs them (`cluster.local/nfs-subdir-external-provisioner`).
  return UNATTACHED_PROVISIONERS.has(provisioner) || /(^|[^a-z])nfs([^a-z]|$)/i.test(provisioner);
}

/** The pod volume sources of a PersistentVolume that are mounted without being attached to a node. */
const UNATTACHED_SOURCES = ['nfs', 'hostPath', 'local', 'cephfs', 'glusterfs'];

/** Whether a PersistentVolume's source is mounted without being attached to a node. */
export function isUnattachedVolume(persistentVolume: JsonRecord): boolean {
  const spec = asRecord(persistentVolume.spec);
  return UNATTACHED_SOURCES.some((source) => asRecord(spec?.[source]) !== undefined);
}
