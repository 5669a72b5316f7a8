import { defineRule } from '../src/engine/rule.js';
import { controllerLabel, isManaged } from '../src/api/controller-labels.js';
import { formatVersion } from '../src/api/version.js';
import { workloadSelector } from '../src/kubernetes/workload-selector.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'template-controller-label',
  meta: {
    severity: 'info',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description: 'The pod template should not set the labels the StatefulSet controller sets per pod; their values are overwritten.',
    messages: {
      overwritten:
        'The pod template of StatefulSet `{{set}}` sets `{{key}}: {{value}}`, but the controller sets that label on every pod to {{meaning}}, so this value never reaches a pod (pod `{{pod}}` gets `{{example}}`). ' +
        'Remove it from `spec.template.metadata.labels`.',
      sameForAll:
        'The pod template of StatefulSet `{{set}}` sets `{{key}}: {{value}}`, which Kubernetes {{version}} does not manage (the controller sets it from 1.28), so every pod carries the same value and the label says nothing about the pod. ' +
        'Remove it from `spec.template.metadata.labels`; the ordinal is the suffix of the pod name.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      // Labels the selector needs stay: selector-controller-label judges those.
      const { selector } = workloadSelector(resource);
      const selected = new Set(selector.kind === 'ok' ? selector.requirements.map((r) => r.key) : Object.keys(sts.templateLabels));
      for (const [key, value] of Object.entries(sts.templateLabels)) {
        const label = controllerLabel(key);
        if (!label || selected.has(key)) continue;
        const ordinal = sts.identity.firstOrdinal;
        const data = {
          set: sts.name,
          key,
          value,
          meaning: label.meaning,
          pod: sts.identity.podName(ordinal),
          example: `${key}: ${label.value(sts.name, ordinal) ?? `${sts.name}-<hash>`}`,
          version: formatVersion(graph.settings.kubernetesVersion),
        };
        const managed = isManaged(label, graph.settings.kubernetesVersion);
        if (!managed && key !== 'apps.kubernetes.io/pod-index') continue;
        report({ resource, path: ['spec', 'template', 'metadata', 'labels', key], on: 'key', messageId: managed ? 'overwritten' : 'sameForAll', data });
      }
    },
  }),
});
