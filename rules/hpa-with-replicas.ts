import { defineRule } from '../src/engine/rule.js';
import { asInteger, asRecord, shownValue } from '../src/shared/value.js';
import { podManagementPolicy } from '../src/kubernetes/rollout.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'hpa-with-replicas',
  meta: {
    severity: 'info',
    preset: 'recommended',
    description: 'A StatefulSet scaled by a HorizontalPodAutoscaler should not set `spec.replicas` in its manifest.',
    messages: {
      replicas:
        'StatefulSet `{{set}}` sets `replicas: {{replicas}}`, but HorizontalPodAutoscaler `{{hpa}}` scales it{{bounds}}: each `kubectl apply` of this manifest sets the set back to {{pods}} until the autoscaler acts again{{ordered}}. ' +
        'Remove `spec.replicas` and let the autoscaler own it; if the set was applied with it before, first remove it from the last-applied configuration (`kubectl apply edit-last-applied`), or the apply that drops it scales the set to 1 pod, the default.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const spec = asRecord(resource.obj.spec);
      if (spec?.replicas === undefined || spec.replicas === null) return;
      const hpa = graph.autoscalersOf(resource)[0];
      if (!hpa) return;
      const hpaSpec = asRecord(hpa.obj.spec);
      const min = asInteger(hpaSpec?.minReplicas) ?? 1;
      const max = asInteger(hpaSpec?.maxReplicas);
      report({
        resource,
        path: ['spec', 'replicas'],
        messageId: 'replicas',
        data: {
          set: resource.name,
          replicas: shownValue(spec.replicas),
          pods: spec.replicas === 1 ? '1 pod' : `${shownValue(spec.replicas)} pods`,
          hpa: hpa.name,
          bounds: max === undefined ? '' : ` between ${min} and ${max} pods`,
          // Only OrderedReady scales one pod at a time; Parallel adds and removes them together.
          ordered: podManagementPolicy(statefulSetView(graph, resource)) === 'OrderedReady' ? ', removing or adding pods one at a time (`OrderedReady`)' : '',
        },
      });
    },
  }),
});
