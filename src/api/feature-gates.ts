// What a target release does with gated StatefulSet fields and controller-set pod labels,
// by default (no `--feature-gates` overrides). Stages from the feature-gate pages of
// kubernetes/website; "off" means `dropStatefulSetDisabledFields` (pkg/registry/apps/statefulset/
// strategy.go) drops the field on create, or the controller ignores it.

import { isAtLeast, type KubernetesVersion } from './version.js';

export interface GatedField {
  /** Path inside the StatefulSet. */
  readonly path: readonly string[];
  readonly gate: string;
  /** First release that knows the field (earlier releases: unknown field, not this module's concern). */
  readonly since: string;
  /** Whether the gate is on by default in `target` (only asked for targets ≥ since). */
  enabled(target: KubernetesVersion): boolean;
  /** When the gate is on by default, for messages. */
  readonly onBy: string;
}

/**
 * `MaxUnavailableStatefulSet`: alpha (off) 1.24–1.34; beta and on in 1.35.0–1.35.3; turned off
 * again from 1.35.4 and in 1.36 after a regression in Parallel pod management (kubernetes#137409,
 * PRs #137904 and #137926); on again from 1.37 (PR #139466). A target without a patch level is
 * read as that release's latest patch, which is what an up-to-date cluster runs.
 */
export function maxUnavailableEnabled(target: KubernetesVersion): boolean {
  if (isAtLeast(target, '1.37')) return true;
  if (target.major === 1 && target.minor === 35) return target.patch !== undefined && target.patch <= 3;
  return false;
}

export const GATED_FIELDS: readonly GatedField[] = [
  {
    path: ['spec', 'minReadySeconds'],
    gate: 'StatefulSetMinReadySeconds',
    since: '1.22',
    enabled: (t) => isAtLeast(t, '1.23'),
    onBy: '1.23',
  },
  {
    path: ['spec', 'persistentVolumeClaimRetentionPolicy'],
    gate: 'StatefulSetAutoDeletePVC',
    since: '1.23',
    enabled: (t) => isAtLeast(t, '1.27'),
    onBy: '1.27',
  },
  {
    path: ['spec', 'ordinals', 'start'],
    gate: 'StatefulSetStartOrdinal',
    since: '1.26',
    enabled: (t) => isAtLeast(t, '1.27'),
    onBy: '1.27',
  },
  {
    path: ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'],
    gate: 'MaxUnavailableStatefulSet',
    since: '1.24',
    enabled: maxUnavailableEnabled,
    onBy: '1.35.0–1.35.3 and from 1.37',
  },
];

/** Release from which the StatefulSet controller sets a pod label (`updateIdentity`), by label. */
export const CONTROLLER_POD_LABELS: Readonly<Record<string, { since: string }>> = {
  // kubernetes/api commit 5e58908f, first in 1.9.0.
  'statefulset.kubernetes.io/pod-name': { since: '1.9' },
  // Gate PodIndexLabel: beta (on by default) from 1.28, GA in 1.32; kubernetes/api commit 60ab6827.
  'apps.kubernetes.io/pod-index': { since: '1.28' },
};

/** Whether a StatefulSet field gate of GATED_FIELDS is on by default in `target`. */
export function gateEnabled(gate: string, target: KubernetesVersion): boolean {
  const field = GATED_FIELDS.find((f) => f.gate === gate);
  if (!field) throw new Error(`unknown feature gate ${gate}`);
  return field.enabled(target);
}
