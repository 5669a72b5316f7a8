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
