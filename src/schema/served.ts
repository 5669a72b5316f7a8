// Whether the API server of a target release serves an apiVersion for a kind, from the
// served-group-versions table of the releases stslint has data for (1.23 on), and from the
// deprecation guide for what had gone before those releases.

import { compareVersions, release as releaseOf, type KubernetesVersion } from '../api/version.js';
import { RELEASES } from './catalog.generated.js';
import { dataReleaseFor, OLDEST_RELEASE, servedIn } from './releases.js';

/**
 * Group-versions of the kinds stslint reads that were no longer served before the oldest release
 * in the data, and the release that stopped serving them (kubernetes.io deprecation guide,
 * sections v1.16 and v1.22; PetSet: the StatefulSet rename in 1.5).
 */
const REMOVED_BEFORE_DATA: Readonly<Record<string, string>> = {
  'apps/v1alpha1': '1.5',
  'apps/v1beta1': '1.16',
  'apps/v1beta2': '1.16',
  'extensions/v1beta1': '1.16',
};

/**
 * Kinds that left a group-version that is still served for other kinds: storage.k8s.io/v1beta1
 * kept CSIStorageCapacity and VolumeAttributesClass, but StorageClass is served only as
 * storage.k8s.io/v1 since 1.22 (deprecation guide, v1.22).
 */
const KIND_REMOVED: Readonly<Record<string, string>> = {
  'storage.k8s.io/v1beta1/StorageClass': '1.22',
};

export type ServedVerdict = { served: true } | { served: false; removedIn?: string };

export function servedVerdict(apiVersion: string, kind: string, target: KubernetesVersion): ServedVerdict {
  const kindRemoved = KIND_REMOVED[`${apiVersion}/${kind}`];
  if (kindRemoved && atLeast(target, kindRemoved)) return { served: false, removedIn: kindRemoved };
  const removedBefore = REMOVED_BEFORE_DATA[apiVersion];
  if (compareVersions(target, releaseOf(OLDEST_RELEASE)) < 0 && removedBefore) {
    // Older than the data: only the history above can answer.
    return atLeast(target, removedBefore) ? { served: false, removedIn: removedBefore } : { served: true };
  }
  const { release } = dataReleaseFor(target);
  const served = servedIn(apiVersion);
  if (served.includes(release)) return { served: true };
  const index = RELEASES.indexOf(release);
  const lastBefore = RELEASES.slice(0, index)
    .filter((r) => served.includes(r))
    .pop();
  if (lastBefore) return { served: false, removedIn: RELEASES[RELEASES.indexOf(lastBefore) + 1]! };
  return removedBefore ? { served: false, removedIn: removedBefore } : { served: false };
}

function atLeast(target: KubernetesVersion, release: string): boolean {
  return compareVersions(target, releaseOf(release)) >= 0;
}
