import { defineRule } from '../src/engine/rule.js';
import { isAtLeast } from '../src/api/version.js';
import { spreadingOf } from '../src/kubernetes/spreading.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'anti-affinity-missing',
  meta: {
    severity: 'info',
    preset: 'all',
    description: 'A StatefulSet with several replicas should keep its pods on different nodes or zones with pod anti-affinity or a topology spread constraint.',
    messages: {
      missing:
        'StatefulSet `{{set}}` runs {{replicas}} pods with nothing that keeps them apart, so the scheduler may put several members on one node and a single node failure takes them down together. ' +
        'Add a `podAntiAffinity` term (preferred or required) or a `topologySpreadConstraints` entry over `kubernetes.io/hostname` (or `topology.kubernetes.io/zone`) whose `labelSelector` matches the pod labels ({{labels}}).',
      missingBeforeSpread:
        'StatefulSet `{{set}}` runs {{replicas}} pods with nothing that keeps them apart, so the scheduler may put several members on one node and a single node failure takes them down together. ' +
        'Add a `podAntiAffinity` term (preferred or required) over `kubernetes.io/hostname` whose `labelSelector` matches the pod labels ({{labels}}).',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      if (sts.replicas <= 1 || !sts.podSpec) return;
      // The affinity field exists from 1.6; topology spread constraints are on by default from 1.18.
      const target = graph.settings.kubernetesVersion;
      if (!isAtLeast(target, '1.6')) return;
      const spreading = spreadingOf(graph, sts);
      // A term aimed at the pods that misses them is reported by anti-affinity-ineffective.
      if (spreading.effective.length > 0 || spreading.misaimed.length > 0 || spreading.usesHostPort) return;
      const labels =
        Object.entries(sts.templateLabels)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ') || 'none yet: add some';
      report({
        resource,
        path: ['spec', 'template', 'spec', 'affinity', 'podAntiAffinity'],
        messageId: isAtLeast(target, '1.18') ? 'missing' : 'missingBeforeSpread',
        data: { set: sts.name, replicas: sts.replicas, labels },
      });
    },
  }),
});
