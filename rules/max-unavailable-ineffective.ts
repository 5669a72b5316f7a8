import { orphanFlag } from '../src/api/release-facts.js';
import { defineRule } from '../src/engine/rule.js';
import { maxUnavailableEnabled } from '../src/api/feature-gates.js';
import { formatIntOrPercent } from '../src/api/int-or-string.js';
import { maxUnavailable, podManagementPolicy } from '../src/kubernetes/rollout.js';
import { updateStrategyType, statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'max-unavailable-ineffective',
  meta: {
    severity: 'info',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description: '`rollingUpdate.maxUnavailable` above 1 may not speed up a rollout under `OrderedReady` pod management, which brings pods back one at a time.',
    messages: {
      ordered:
        'StatefulSet `{{set}}` sets `maxUnavailable: {{value}}` ({{pods}} of its {{replicas}} pods) but uses OrderedReady pod management, for which the API reference warns that this setting "might not be effective": that policy "ensures pods are created and become ready one at a time", so the pods it lets go down together still come back one by one. ' +
        'Use `podManagementPolicy: Parallel` if members may start together (it cannot be changed on an existing set: recreate the set with `kubectl delete statefulset {{set}} {{orphan}}`, then apply), or drop `maxUnavailable`.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      // Where the gate is off the field is dropped: gated-field-dropped reports that instead.
      if (!maxUnavailableEnabled(graph.settings.kubernetesVersion)) return;
      if (podManagementPolicy(sts) !== 'OrderedReady' || updateStrategyType(resource) !== 'RollingUpdate') return;
      const limit = maxUnavailable(sts);
      if (!limit || limit.pods <= 1 || sts.replicas <= 1) return;
      report({
        resource,
        path: ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'],
        messageId: 'ordered',
        data: {
          set: sts.name,
          value: formatIntOrPercent(limit.written),
          pods: Math.min(limit.pods, sts.replicas),
          replicas: sts.replicas,
          orphan: orphanFlag(graph.settings.kubernetesVersion),
        },
      });
    },
  }),
});
