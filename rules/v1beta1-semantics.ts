import { defineRule } from '../src/engine/rule.js';
import { formatLabels } from '../src/api/labels.js';
import { suggestedMatchLabels, statefulSetView } from '../src/kubernetes/statefulset.js';
import { getIn } from '../src/shared/value.js';
import { formatVersion, isAtLeast, type KubernetesVersion } from '../src/api/version.js';
import { servedVerdict } from '../src/schema/served.js';

export default defineRule({
  id: 'v1beta1-semantics',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description:
      'An apps/v1beta1 StatefulSet relies on defaults that apps/v1 changed: template changes are not rolled out (OnDelete) and the selector is taken from the template labels.',
    messages: {
      onDelete:
        'StatefulSet `{{set}}` is apps/v1beta1 and sets no `updateStrategy`, so Kubernetes {{target}} defaults it to OnDelete: changes to the pod template reach a pod only when someone deletes it, and the same manifest in {{successor}} would roll out automatically. ' +
        'Set `updateStrategy: {type: RollingUpdate}` (the {{successorName}} default) or write `{type: OnDelete}` if that is intended, and move to {{move}}.',
      selector:
        'StatefulSet `{{set}}` is apps/v1beta1 and sets no `spec.selector`, so Kubernetes {{target}} defaults it from the template labels ({{labels}}){{objectLabels}}; {{successor}} has no such defaults and rejects the manifest, and the selector cannot change once created. ' +
        'Add `selector: {matchLabels: {{{suggestion}}}}` (the labels it has today) before moving to {{move}}.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const target = graph.settings.kubernetesVersion;
      // Served 1.5–1.15; from 1.16 api-removed reports the same defaults with the migration.
      if (resource.apiVersion !== 'apps/v1beta1' || resource.kind !== 'StatefulSet') return;
      if (!isAtLeast(target, '1.5') || isAtLeast(target, '1.16')) return;
      const sts = statefulSetView(graph, resource);
      const data = { set: sts.name, target: formatVersion(target), ...successorOf(target) };

      // updateStrategy exists from 1.7; before it, only replicas and containers could change.
      if (isAtLeast(target, '1.7') && getIn(resource.obj, ['spec', 'updateStrategy', 'type']) === undefined) {
        report({ resource, path: ['spec', 'updateStrategy', 'type'], messageId: 'onDelete', data });
      }
      const selector = getIn(resource.obj, ['spec', 'selector']);
      // Without template labels there is nothing to default from: selector-mismatch reports that.
      if ((selector === undefined || selector === null) && Object.keys(sts.templateLabels).length > 0) {
        const hasObjectLabels = getIn(resource.obj, ['metadata', 'labels']) !== undefined;
        report({
          resource,
          path: ['spec', 'selector'],
          messageId: 'selector',
          data: {
            ...data,
            labels: formatLabels(sts.templateLabels),
            objectLabels: hasObjectLabels ? '' : " and the StatefulSet's own labels from them too",
            suggestion: suggestedMatchLabels(sts),
          },
        });
      }
    },
  }),
});

/**
 * The group-version an apps/v1beta1 StatefulSet moves to on `target` (scripts/data/api-history.tsv):
 * apps/v1 where it is served (1.9), apps/v1beta2 where only that is (1.8), before that apps/v1 as
 * the version to write once the cluster serves it; its defaults are the same in both.
 */
function successorOf(target: KubernetesVersion): { successor: string; successorName: string; move: string } {
  const v1 = servedVerdict('apps/v1', 'StatefulSet', target);
  if (v1?.served) return { successor: 'apps/v1', successorName: 'apps/v1', move: 'apps/v1' };
  const since = v1?.served === false && v1.reason === 'notYet' ? v1.introducedIn : '1.9';
  if (servedVerdict('apps/v1beta2', 'StatefulSet', target)?.served) {
    return { successor: 'apps/v1beta2', successorName: 'apps/v1beta2', move: `apps/v1beta2 (apps/v1 from ${since})` };
  }
  return { successor: `apps/v1 (served from Kubernetes ${since})`, successorName: 'apps/v1', move: 'apps/v1 once the cluster serves it' };
}
