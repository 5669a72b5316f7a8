import { defineRule } from '../src/engine/rule.js';
import { budgetSelector, disruptionFacts } from '../src/kubernetes/disruption.js';
import { suggestedMatchLabels, statefulSetView } from '../src/kubernetes/statefulset.js';
import { formatLabels, formatRequirement } from '../src/api/labels.js';

export default defineRule({
  id: 'pdb-selector-mismatch',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: 'A PodDisruptionBudget written for a StatefulSet must select its pods, in its namespace.',
    messages: {
      mismatch:
        'PodDisruptionBudget `{{pdb}}` looks meant for StatefulSet `{{set}}` ({{why}}), but its selector requires `{{requirement}}` while the pods are labelled {{labels}}, so it selects none of them and a drain may evict several members at once. ' +
        'Change the selector to match the pod template labels, e.g. `selector: {matchLabels: {{{suggestion}}}}`.',
      noSelector:
        "PodDisruptionBudget `{{pdb}}` looks meant for StatefulSet `{{set}}` (by its name), but {{what}}, so it protects none of the set's pods. " +
        'Add `selector: {matchLabels: {{{suggestion}}}}`{{migrate}}.',
      otherNamespace:
        'PodDisruptionBudget `{{pdb}}` in namespace `{{pdbNamespace}}` selects the labels of StatefulSet `{{set}}`, but the set runs in namespace `{{namespace}}` and a budget only protects pods of its own namespace{{defaulted}}. ' +
        'Put the budget in namespace `{{namespace}}`.',
    },
  },
  create: ({ graph, report }) => ({
    PodDisruptionBudget(pdb) {
      const intent = disruptionFacts(graph).intentOf(pdb);
      if (!intent) return;
      const sts = statefulSetView(graph, intent.set);
      const base = { pdb: pdb.name, set: sts.name, suggestion: suggestedMatchLabels(sts) };

      if (intent.because === 'namespace') {
        const defaulted = pdb.namespaceExplicit
          ? ''
          : ` (it sets no \`metadata.namespace\`, so it lands in \`${pdb.namespace}\` or whichever namespace it is applied to)`;
        report({
          resource: pdb,
          path: ['metadata', 'namespace'],
          messageId: 'otherNamespace',
          data: { ...base, pdbNamespace: pdb.namespace, namespace: sts.namespace, defaulted },
        });
        return;
      }
      if (intent.failing) {
        report({
          resource: pdb,
          path: ['spec', 'selector', ...intent.failing.path],
          messageId: 'mismatch',
          data: {
            ...base,
            why: intent.because === 'name' ? 'by its name' : 'it asks for some of the labels of its pods',
            requirement: formatRequirement(intent.failing),
            labels: formatLabels(sts.templateLabels),
          },
        });
        return;
      }
      const selector = budgetSelector(pdb);
      const empty = selector.kind === 'none' && selector.reason === 'empty';
      report({
        resource: pdb,
        path: ['spec', 'selector'],
        on: 'key',
        messageId: 'noSelector',
        data: {
          ...base,
          what: empty ? 'its `selector: {}` selects no pod in policy/v1beta1' : 'it has no `spec.selector`, which selects no pod',
          migrate: empty ? ' (in policy/v1, which replaces policy/v1beta1, `{}` would select every pod of the namespace)' : '',
        },
      });
    },
  }),
});
