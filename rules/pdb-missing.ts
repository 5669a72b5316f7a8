import { defineRule } from '../src/engine/rule.js';
import { isAtLeast } from '../src/api/version.js';
import { disruptionFacts } from '../src/kubernetes/disruption.js';
import { suggestedMatchLabels, statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'pdb-missing',
  meta: {
    severity: 'info',
    preset: 'all',
    description: 'A StatefulSet with several replicas should have a PodDisruptionBudget, so that a node drain cannot take down several members at once.',
    messages: {
      missing:
        'StatefulSet `{{set}}` runs {{replicas}} pods but no PodDisruptionBudget in namespace `{{namespace}}` selects them, so draining nodes (upgrades, autoscaling) may evict several members at once and break a quorum. ' +
        'Add a PodDisruptionBudget in `{{namespace}}` with `{{budget}}` and `selector: {matchLabels: {{{labels}}}}`.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      if (sts.replicas <= 1) return;
      const facts = disruptionFacts(graph);
      // A budget written for the set that misses it is reported by pdb-selector-mismatch.
      if (facts.budgetsFor(resource).length > 0 || facts.misdirectedBudgets(resource).length > 0) return;
      report({
        resource,
        path: ['metadata', 'name'],
        messageId: 'missing',
        data: {
          set: sts.name,
          replicas: sts.replicas,
          namespace: sts.namespace,
          labels: suggestedMatchLabels(sts),
          // `maxUnavailable` exists in budgets from 1.7; before, only `minAvailable`.
          budget: isAtLeast(graph.settings.kubernetesVersion, '1.7') ? 'maxUnavailable: 1' : `minAvailable: ${sts.replicas - 1}`,
        },
      });
    },
  }),
});
