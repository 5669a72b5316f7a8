// How a StatefulSet rolls out and scales once defaulted (SetDefaults_StatefulSet in
// pkg/apis/apps/{v1,v1beta1,v1beta2}/defaults.go); the update strategy type is
// `updateStrategyType` in statefulset.ts.

import { parseIntOrPercent, scaleIntOrPercent, type IntOrPercent } from '../api/int-or-string.js';
import type { StatefulSetView } from './statefulset.js';
import { asRecord, asString } from '../shared/value.js';

/** `spec.podManagementPolicy`, defaulted to OrderedReady in every API version. */
export function podManagementPolicy(sts: StatefulSetView): string {
  return asString(sts.spec?.podManagementPolicy) ?? 'OrderedReady';
}

/** `spec.updateStrategy.rollingUpdate`, when written. */
export function rollingUpdate(sts: StatefulSetView): Readonly<Record<string, unknown>> | undefined {
  return asRecord(asRecord(sts.spec?.updateStrategy)?.rollingUpdate);
}

/**
 * `rollingUpdate.maxUnavailable` as written and as the controller applies it to the set's
 * replicas (getStatefulSetMaxUnavailable rounds percentages down, although the API doc says up,
 * and counts anything below 1 as 1). Undefined when unset or not a valid int-or-percent.
 */
export function maxUnavailable(sts: StatefulSetView): { written: IntOrPercent; pods: number } | undefined {
  const written = parseIntOrPercent(rollingUpdate(sts)?.maxUnavailable);
  // Values the API server rejects (below 1, above 100%) are max-unavailable-invalid's.
  if (!written || written.value < 1 || (written.percent && written.value > 100)) return undefined;
  return { written, pods: Math.max(1, scaleIntOrPercent(written, sts.replicas, false)) };
}
