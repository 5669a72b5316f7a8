// How the Deployment controller rolls out a new pod template: the strategy and, for
// `RollingUpdate`, how many pods it adds above and takes below the desired count
// (`ResolveFenceposts`, pkg/controller/deployment/util/deployment_util.go).

import type { Resource } from '../graph/graph.js';
import { parseIntOrPercent, scaleIntOrPercent, formatIntOrPercent, type IntOrPercent } from '../api/int-or-string.js';
import { asInteger, asRecord, asString } from '../shared/value.js';

export interface RollingFenceposts {
  readonly type: 'RollingUpdate';
  /** Pods the controller may add above the desired count (maxSurge, rounded up). */
  readonly surge: number;
  /** Pods that may be unavailable below it (maxUnavailable, rounded down; 1 when both resolve to 0). */
  readonly unavailable: number;
  /** How the values were set, for messages: `maxSurge 25% → 1, maxUnavailable 25% → 0`. */
  readonly shown: string;
  /** `progressDeadlineSeconds`, written or defaulted; undefined when there is no deadline. */
  readonly progressDeadlineSeconds: number | undefined;
}

export type DeploymentRollout = RollingFenceposts | { readonly type: 'Recreate' } | { readonly type: 'unknown' };

/**
 * apps/v1 (and apps/v1beta1, v1beta2) default both fenceposts to 25% and the progress deadline to
 * 600 s; extensions/v1beta1 defaulted both to 1 and set no deadline
 * (pkg/apis/apps/v1/defaults.go, pkg/apis/extensions/v1beta1/defaults.go: SetDefaults_Deployment).
 */
function defaults(resource: Resource): { surge: IntOrPercent; unavailable: IntOrPercent; deadline: number | undefined } {
  return resource.group === 'extensions'
    ? { surge: { percent: false, value: 1 }, unavailable: { percent: false, value: 1 }, deadline: undefined }
    : { surge: { percent: true, value: 25 }, unavailable: { percent: true, value: 25 }, deadline: 600 };
}

/** The rollout of a Deployment that runs `replicas` pods; `unknown` for a strategy the server rejects. */
export function deploymentRollout(resource: Resource, replicas: number): DeploymentRollout {
  const spec = asRecord(resource.obj.spec);
  const strategy = asRecord(spec?.strategy);
  const type = strategy?.type ?? 'RollingUpdate';
  if (type === 'Recreate') return { type };
  if (type !== 'RollingUpdate') return { type: 'unknown' };
  const rollingUpdate = asRecord(strategy?.rollingUpdate);
  const d = defaults(resource);
  const surgeRaw = rollingUpdate?.maxSurge ?? undefined;
  const unavailableRaw = rollingUpdate?.maxUnavailable ?? undefined;
  const maxSurge = surgeRaw === undefined ? d.surge : parseIntOrPercent(surgeRaw);
  const maxUnavailable = unavailableRaw === undefined ? d.unavailable : parseIntOrPercent(unavailableRaw);
  if (!maxSurge || !maxUnavailable) return { type: 'unknown' };
  const surge = scaleIntOrPercent(maxSurge, replicas, true);
  let unavailable = scaleIntOrPercent(maxUnavailable, replicas, false);
  // "If both fenceposts resolve to zero, then we should set maxUnavailable to 1."
  if (surge === 0 && unavailable === 0) unavailable = 1;
  const deadline = asInteger(spec?.progressDeadlineSeconds) ?? d.deadline;
  return {
    type: 'RollingUpdate',
    surge,
    unavailable,
    shown: `maxSurge ${shown(maxSurge, surgeRaw === undefined, surge)}, maxUnavailable ${shown(maxUnavailable, unavailableRaw === undefined, unavailable)}`,
    progressDeadlineSeconds: deadline !== undefined && deadline < 2147483647 ? deadline : undefined,
  };
}

/** `25% by default → 1`, `50% → 0`, `1`: a percentage with the number it resolves to. */
function shown(value: IntOrPercent, defaulted: boolean, resolved: number): string {
  const text = value.percent ? `${value.value}%` : formatIntOrPercent(value);
  return `${text}${defaulted ? ' by default' : ''}${value.percent || resolved !== value.value ? ` → ${resolved}` : ''}`;
}

/** The strategy as written, for messages: `RollingUpdate` when none is. */
export function writtenStrategy(resource: Resource): string {
  return asString(asRecord(asRecord(resource.obj.spec)?.strategy)?.type) ?? 'RollingUpdate';
}
