// The selector a workload controller really has: old API versions default a missing
// `spec.selector` from the pod template labels (PetSet, apps/v1beta1 and extensions/v1beta1
// SetDefaults_*); apps/v1beta2 and apps/v1 require it.

import type { Resource } from '../graph/graph.js';
import { parseLabelSelector, type Labels, type ParsedSelector } from '../api/labels.js';
import { asRecord, asStringMap, getIn } from '../shared/value.js';
import { rememberedPer } from '../shared/memo.js';

export interface WorkloadSelector {
  readonly selector: ParsedSelector;
  /** The selector was not written and comes from the template labels. */
  readonly defaulted: boolean;
  readonly templateLabels: Labels;
}

/** By resource: three rules ask for every workload. */
export const workloadSelector: (resource: Resource) => WorkloadSelector = rememberedPer(readWorkloadSelector);

/** `workloadSelector` without the memo (test/rule-memos.test.ts compares the two). */
export function readWorkloadSelector(resource: Resource): WorkloadSelector {
  const templateLabels = asStringMap(getIn(resource.obj, ['spec', 'template', 'metadata', 'labels'])) ?? {};
  const raw = asRecord(resource.obj.spec)?.selector;
  const defaulted = (raw === undefined || raw === null) && defaultsSelector(resource);
  return { selector: parseLabelSelector(defaulted ? { matchLabels: templateLabels } : raw), defaulted, templateLabels };
}

function defaultsSelector(resource: Resource): boolean {
  return resource.kind === 'PetSet' || resource.apiVersion === 'apps/v1beta1' || resource.apiVersion === 'extensions/v1beta1';
}
