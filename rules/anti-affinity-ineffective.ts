import { defineRule } from '../src/engine/rule.js';
import { formatLabels, formatRequirement } from '../src/api/labels.js';
import { spreadingOf } from '../src/kubernetes/spreading.js';
import { suggestedMatchLabels, statefulSetView } from '../src/kubernetes/statefulset.js';

const TERM_NAMES = {
  podAffinity: 'pod affinity term',
  podAntiAffinity: 'pod anti-affinity term',
  topologySpreadConstraints: 'topology spread constraint',
} as const;

export default defineRule({
  id: 'anti-affinity-ineffective',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: "A pod anti-affinity term or topology spread constraint meant to keep a StatefulSet's pods apart must select those pods.",
    messages: {
      mismatch:
        "The {{term}} of StatefulSet `{{set}}` requires `{{requirement}}`, but the set's pods are labelled {{labels}} and no pod of the input matches it, so it never keeps two members apart and several may share a node. " +
        'Make its `labelSelector` match the pod template labels, e.g. `matchLabels: {{{suggestion}}}`.',
      noSelector:
        'The {{term}} of StatefulSet `{{set}}` has no `labelSelector`, which selects no pod, so it never keeps two members apart and several may share a node. ' +
        'Add `labelSelector: {matchLabels: {{{suggestion}}}}` with the pod template labels.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      if (sts.replicas <= 1) return;
      const spreading = spreadingOf(graph, sts);
      // With one effective term, a term on the same keys may target other pods on purpose.
      if (spreading.effective.length > 0 || spreading.usesHostPort) return;
      const first = spreading.misaimed[0];
      if (!first) return;
      const data = {
        set: sts.name,
        term: TERM_NAMES[first.term.kind],
        labels: formatLabels(sts.templateLabels),
        suggestion: suggestedMatchLabels(sts),
      };
      if (first.failing) {
        report({
          resource,
          path: [...first.term.selectorPath, ...first.failing.path],
          messageId: 'mismatch',
          data: { ...data, requirement: formatRequirement(first.failing) },
        });
      } else {
        report({ resource, path: first.term.selectorPath, messageId: 'noSelector', data });
      }
    },
  }),
});
