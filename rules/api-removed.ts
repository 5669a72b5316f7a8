import { defineRule } from '../src/rule.js';
import { getIn } from '../src/value.js';
import { formatLabels } from '../src/labels.js';

/** StatefulSet API versions no longer served, and the release that stopped serving them. */
const REMOVED: Readonly<Record<string, string>> = {
  'apps/v1alpha1': '1.5',
  'apps/v1beta1': '1.16',
  'apps/v1beta2': '1.16',
};

export default defineRule({
  id: 'api-removed',
  meta: {
    severity: 'error',
    description: 'PetSet and the apps/v1beta1 and apps/v1beta2 StatefulSet APIs are no longer served; use apps/v1 StatefulSet.',
    messages: {
      petSet:
        '`kind: PetSet` (here with `apiVersion: {{apiVersion}}`) does not exist since Kubernetes 1.5, when PetSet became StatefulSet, so no API server accepts it. ' +
        'Migrate to `apiVersion: apps/v1` and `kind: StatefulSet`{{selectorAdvice}}; move any init containers from the `pod.alpha.kubernetes.io/init-containers` annotation to `initContainers`.',
      neverServed:
        '`kind: StatefulSet` was never served as `{{apiVersion}}` (PetSet was renamed StatefulSet in apps/v1beta1), so no API server accepts it. ' +
        'Use `apiVersion: apps/v1`{{selectorAdvice}}.',
      removed:
        'StatefulSet `apiVersion: {{apiVersion}}` is not served since Kubernetes {{release}}. ' +
        'Use `apiVersion: apps/v1`{{selectorAdvice}}; note that apps/v1 defaults `updateStrategy` to RollingUpdate{{strategyNote}}.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const release = REMOVED[resource.apiVersion];
      if (release === undefined && resource.kind !== 'PetSet') return;
      const sts = graph.statefulSet(resource);
      const hasSelector = getIn(resource.obj, ['spec', 'selector']) !== undefined && getIn(resource.obj, ['spec', 'selector']) !== null;
      const labels = Object.entries(sts.templateLabels).map(([k, v]) => `${k}: ${v}`).join(', ');
      const selectorAdvice = hasSelector
        ? ''
        : ` and add the \`spec.selector\` that apps/v1 requires: \`selector: {matchLabels: {${labels || 'app: <name>'}}}\`` +
          (labels ? ` (the pod template labels ${formatLabels(sts.templateLabels)})` : '');
      const explicitStrategy = getIn(resource.obj, ['spec', 'updateStrategy', 'type']) !== undefined;
      const strategyNote = resource.apiVersion === 'apps/v1beta1' && !explicitStrategy
        ? ' where apps/v1beta1 defaulted to OnDelete: set `updateStrategy: {type: OnDelete}` to keep the old behaviour'
        : '';
      const data = { apiVersion: resource.apiVersion, release: release ?? '', selectorAdvice, strategyNote };
      const messageId = resource.kind === 'PetSet' ? 'petSet' : resource.apiVersion === 'apps/v1alpha1' ? 'neverServed' : 'removed';
      report({ resource, path: ['apiVersion'], messageId, data });
    },
  }),
});
