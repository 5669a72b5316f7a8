import { defineRule } from '../src/engine/rule.js';
import { validatesAt } from '../src/api/facts/index.js';
import type { KubernetesVersion } from '../src/api/version.js';
import { isAdvancedStatefulSet } from '../src/api/kinds.js';
import type { FixEdit } from '../src/shared/finding.js';
import { failedRequirements, formatLabels, formatRequirement, parseLabelSelector } from '../src/api/labels.js';
import { misspelledKey } from '../src/shared/text.js';
import { asRecord, getIn } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'selector-mismatch',
  meta: {
    severity: 'error',
    preset: 'recommended',
    fixable: 'code',
    description: "A StatefulSet needs a non-empty `spec.selector` that selects its pod template's labels.",
    messages: {
      missing:
        'StatefulSet `{{set}}` has no `spec.selector`; `{{apiVersion}}` requires one and the API server rejects the object. ' +
        'Add `selector: {matchLabels: {{{suggestion}}}}` matching the pod template labels.',
      missingNoLabels:
        '{{kind}} `{{set}}` has no `spec.selector` and no pod template labels: `{{apiVersion}}` defaults the selector from those labels, so it stays unset and the API server rejects the object. ' +
        'Add labels to `spec.template.metadata.labels` and a `selector` with the same `matchLabels`.',
      empty:
        'StatefulSet `{{set}}` has an empty `spec.selector`, which the API server rejects{{words}}. ' +
        'Add `matchLabels` taken from the pod template labels ({{labels}}).',
      invalid: 'StatefulSet `{{set}}` has an invalid `spec.selector`: {{reason}}. Fix `spec.selector` so the API server accepts the object.',
      mismatch:
        'StatefulSet `{{set}}` selector requires `{{requirement}}` but the pod template labels are {{labels}}, so the API server rejects the object ("`selector` does not match template `labels`"). ' +
        'Make the selector and `spec.template.metadata.labels` agree (the selector cannot be changed after creation).',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const raw = getIn(resource.obj, ['spec', 'selector']);
      const labels = formatLabels(sts.templateLabels);
      const data = { set: sts.name, labels };
      if ((raw === undefined || raw === null) && misspelledKey(asRecord(resource.obj.spec), 'selector')) return;
      if (raw === undefined || raw === null) {
        // PetSet and apps/v1beta1 default the selector from the template labels (when there are
        // any); apps/v1beta2 and apps/v1 require it. Other apiVersions are not served at all,
        // which api-removed reports.
        const defaulted = resource.kind === 'PetSet' || resource.apiVersion === 'apps/v1beta1';
        const hasLabels = Object.keys(sts.templateLabels).length > 0;
        if (defaulted) {
          if (!hasLabels)
            report({
              resource,
              path: ['spec', 'selector'],
              messageId: 'missingNoLabels',
              data: { ...data, kind: resource.kind, apiVersion: resource.apiVersion },
            });
          return;
        }
        if (resource.apiVersion !== 'apps/v1' && resource.apiVersion !== 'apps/v1beta2') return;
        const suggestion =
          Object.entries(sts.templateLabels)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ') || 'app: <name>';
        // The template labels decide: the selector that selects exactly them (the object was never accepted without one).
        const fix = Object.keys(sts.templateLabels).length > 0 ? { fix: [selectLabels(sts.templateLabels)] } : {};
        report({ resource, path: ['spec', 'selector'], messageId: 'missing', data: { ...data, apiVersion: resource.apiVersion, suggestion }, ...fix });
        return;
      }
      const selector = parseLabelSelector(raw);
      if (selector.kind === 'empty') {
        const fix = Object.keys(sts.templateLabels).length > 0 ? { fix: [selectLabels(sts.templateLabels)] } : {};
        const words = emptySelectorWords(resource, graph.settings.kubernetesVersion);
        report({ resource, path: ['spec', 'selector'], on: 'key', messageId: 'empty', data: { ...data, words }, ...fix });
        return;
      }
      if (selector.kind === 'invalid') {
        report({ resource, path: ['spec', 'selector', ...selector.path], messageId: 'invalid', data: { ...data, reason: selector.reason } });
        return;
      }
      const failed = failedRequirements(selector, sts.templateLabels);
      if (failed.length === 0) return;
      report({
        resource,
        path: ['spec', 'selector', ...failed[0]!.path],
        messageId: 'mismatch',
        data: { ...data, requirement: failed.map(formatRequirement).join(', ') },
      });
    },
  }),
});

function selectLabels(labels: Readonly<Record<string, string>>): FixEdit {
  return { op: 'set', path: ['spec', 'selector'], value: { matchLabels: { ...labels } }, after: 'replicas' };
}

/** The API server's words for an empty selector where scripts/data/create-validation.tsv settles them. */
function emptySelectorWords(resource: Parameters<typeof isAdvancedStatefulSet>[0], target: KubernetesVersion): string {
  if (isAdvancedStatefulSet(resource)) return '';
  if (validatesAt('statefulset-empty-selector-not-valid', target)) return ' ("empty selector is not valid for statefulset.")';
  if (validatesAt('statefulset-empty-selector-invalid', target)) return ' ("empty selector is invalid for statefulset")';
  return '';
}
