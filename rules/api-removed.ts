import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/graph.js';
import { formatLabels } from '../src/api/labels.js';
import { servedKindsOf, servedReplacement, servedVerdict, type ServedVerdict } from '../src/schema/served.js';
import { listAnd } from '../src/shared/text.js';
import { asRecord, getIn } from '../src/shared/value.js';
import { formatVersion, isAtLeast } from '../src/api/version.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

/** The StatefulSet APIs before apps/v1, whose migration needs more than a new apiVersion. */
const BETA_STATEFULSET_APIS = new Set(['apps/v1alpha1', 'apps/v1beta1', 'apps/v1beta2']);

/** What changes with the move, where it matters (kubernetes.io deprecation guide, v1.16, v1.25, v1.26). */
function migrationNote(resource: Resource, replacement: string): string {
  const spec = asRecord(resource.obj.spec);
  if (resource.apiVersion === 'policy/v1beta1' && resource.kind === 'PodDisruptionBudget' && replacement === 'policy/v1') {
    const selector = asRecord(spec?.selector);
    return selector && Object.keys(selector).length === 0
      ? '; note that the empty `spec.selector` (`{}`) selects every pod in the namespace in policy/v1, where it selected none in policy/v1beta1'
      : '';
  }
  if (resource.apiVersion === 'autoscaling/v2beta1' && replacement === 'autoscaling/v2') {
    return '; the metric targets change shape in autoscaling/v2 (`targetAverageUtilization: 80` becomes `target: {type: Utilization, averageUtilization: 80}`)';
  }
  if (resource.apiVersion === 'extensions/v1beta1' && replacement.startsWith('apps/') && spec?.selector === undefined) {
    return ' and add the `spec.selector` that apps/v1 requires (it cannot be changed later)';
  }
  return '';
}

export default defineRule({
  id: 'api-removed',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description:
      'Every object of a built-in API group must use an apiVersion that the target Kubernetes release (`--kubernetes-version`) serves for its kind: not PetSet after 1.4, not apps/v1beta1 StatefulSets from 1.16, not rbac.authorization.k8s.io/v1beta1 from 1.22, not apps/v1 before 1.9.',
    messages: {
      petSet:
        '`kind: PetSet` is not served since Kubernetes 1.5, when PetSet became StatefulSet, so the API server of Kubernetes {{target}} rejects it. ' +
        'Migrate to `apiVersion: {{replacement}}` and `kind: StatefulSet`{{selectorAdvice}}.',
      neverServed:
        '`kind: {{kind}}` was never served as `{{apiVersion}}`{{history}}, so no API server accepts it. Use `apiVersion: {{replacement}}`{{selectorAdvice}}.',
      removedStatefulSet:
        'StatefulSet `apiVersion: {{apiVersion}}` is not served since Kubernetes {{release}}, so the API server of Kubernetes {{target}} rejects it. ' +
        'Use `apiVersion: {{replacement}}`{{selectorAdvice}}{{strategyNote}}.',
      removedKind:
        '{{kind}} `apiVersion: {{apiVersion}}` is not served since Kubernetes {{release}}, so the API server of Kubernetes {{target}} rejects it. ' +
        'Use `apiVersion: {{replacement}}`{{note}}.',
      removedNoReplacement:
        '{{kind}} `apiVersion: {{apiVersion}}` is not served since Kubernetes {{release}}, and Kubernetes {{target}} serves no other version of it, so the API server rejects it. ' +
        'Remove the object, or replace what it does by other means.',
      notYet:
        '{{kind}} `apiVersion: {{apiVersion}}` is served only from Kubernetes {{release}}, so the API server of Kubernetes {{target}} rejects it. ' +
        '{{fix}}.',
      notServed: '{{kind}} `apiVersion: {{apiVersion}}` is not an API version that Kubernetes {{target}} serves, so the API server rejects it. ' + '{{fix}}.',
      kindNotServed:
        'Kubernetes {{target}} serves `{{apiVersion}}`, but only for {{kinds}}, not for `kind: {{kind}}`, so the API server rejects it. ' + '{{fix}}.',
    },
  },
  create: ({ graph, report }) => {
    const target = graph.settings.kubernetesVersion;
    const targetText = formatVersion(target);

    /** PetSet and the beta StatefulSet APIs: the selector apps/v1 needs, the strategy default that changes. */
    const statefulSetAdvice = (resource: Resource, replacement: string): { selectorAdvice: string; strategyNote: string } => {
      const toV1 = replacement === 'apps/v1';
      const selector = getIn(resource.obj, ['spec', 'selector']);
      const labels = statefulSetView(graph, resource).templateLabels;
      const pairs = Object.entries(labels)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ');
      const selectorAdvice =
        !toV1 || (selector !== undefined && selector !== null)
          ? ''
          : ` and add the \`spec.selector\` that apps/v1 requires: \`selector: {matchLabels: {${pairs || 'app: <name>'}}}\`` +
            (pairs ? ` (the pod template labels ${formatLabels(labels)})` : '');
      // apps/v1beta1 and PetSet defaulted the update strategy to OnDelete (PetSet had none);
      // apps/v1beta2 already defaults to RollingUpdate, like apps/v1 (deprecation guide, v1.16).
      const explicitStrategy = getIn(resource.obj, ['spec', 'updateStrategy', 'type']) !== undefined;
      const strategyNote =
        toV1 && resource.apiVersion === 'apps/v1beta1' && !explicitStrategy
          ? '; note that apps/v1 defaults `updateStrategy` to RollingUpdate where apps/v1beta1 defaulted to OnDelete: set `updateStrategy: {type: OnDelete}` to keep the old behaviour'
          : '';
      return { selectorAdvice, strategyNote };
    };

    const reportVerdict = (resource: Resource, verdict: Exclude<ServedVerdict, { served: true }>): void => {
      const kindServed = resource.kind === 'PetSet' ? 'StatefulSet' : resource.kind;
      const replacement = servedReplacement(kindServed, resource.group, target);
      const isStatefulSet = resource.kind === 'StatefulSet' || resource.kind === 'PetSet';
      const advice = isStatefulSet && replacement ? statefulSetAdvice(resource, replacement) : { selectorAdvice: '', strategyNote: '' };
      const base = { kind: resource.kind, apiVersion: resource.apiVersion, target: targetText };
      const fix = replacement
        ? `Use \`apiVersion: ${replacement}\`, which Kubernetes ${targetText} serves for ${kindServed}`
        : resource.kind === 'StatefulSet' && !isAtLeast(target, '1.5')
          ? `Kubernetes ${targetText} has no StatefulSet: it serves its predecessor, \`kind: PetSet\` of \`apps/v1alpha1\`. Write that, or lint for the release you deploy to with \`--kubernetes-version\``
          : `No apiVersion that stslint knows serves ${resource.kind} in Kubernetes ${targetText}: remove the object, or lint for the release you deploy to with \`--kubernetes-version\``;
      const at = { resource, path: ['apiVersion'] };
      if (resource.kind === 'PetSet' && verdict.reason === 'removed' && replacement) {
        report({ ...at, messageId: 'petSet', data: { target: targetText, replacement, selectorAdvice: advice.selectorAdvice } });
        return;
      }
      switch (verdict.reason) {
        case 'removed':
          if (!replacement) report({ ...at, messageId: 'removedNoReplacement', data: { ...base, release: verdict.removedIn } });
          else if (isStatefulSet && BETA_STATEFULSET_APIS.has(resource.apiVersion)) {
            report({ ...at, messageId: 'removedStatefulSet', data: { ...base, release: verdict.removedIn, replacement, ...advice } });
          } else
            report({ ...at, messageId: 'removedKind', data: { ...base, release: verdict.removedIn, replacement, note: migrationNote(resource, replacement) } });
          return;
        case 'notYet':
          report({ ...at, messageId: 'notYet', data: { ...base, release: verdict.introducedIn, fix } });
          return;
        case 'neverServed':
          if (replacement) {
            const history =
              resource.kind === 'StatefulSet' && resource.apiVersion === 'apps/v1alpha1'
                ? ' (apps/v1alpha1 served PetSet, which was renamed StatefulSet in apps/v1beta1)'
                : '';
            report({
              ...at,
              messageId: 'neverServed',
              data: { kind: resource.kind, apiVersion: resource.apiVersion, history, replacement, selectorAdvice: advice.selectorAdvice },
            });
          } else {
            const kinds = servedKindsOf(resource.apiVersion, target);
            if (kinds.length > 0) report({ ...at, messageId: 'kindNotServed', data: { ...base, fix, kinds: listAnd(kinds) } });
            else report({ ...at, messageId: 'notServed', data: { ...base, fix } });
          }
          return;
        case 'unknownVersion':
          report({ ...at, messageId: 'notServed', data: { ...base, fix } });
          return;
      }
    };

    return {
      '*'(resource: Resource) {
        if (!resource.kind || !resource.apiVersion) return;
        const verdict = servedVerdict(resource.apiVersion, resource.kind, target);
        if (!verdict || verdict.served) return;
        reportVerdict(resource, verdict);
      },
    };
  },
});
