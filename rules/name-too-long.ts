import { defineRule } from '../src/engine/rule.js';
import { behavesAt } from '../src/api/facts/index.js';

/** `controller-revision-hash` = `<set>-<hash>`, the hash up to 10 characters, label values up to 63. */
export const MAX_STATEFULSET_NAME = 63 - 1 - 10;

export default defineRule({
  id: 'name-too-long',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: `A StatefulSet name longer than ${MAX_STATEFULSET_NAME} characters breaks pod creation through the \`controller-revision-hash\` label.`,
    messages: {
      tooLong:
        'StatefulSet name `{{set}}` is {{length}} characters long. Pods carry the label `controller-revision-hash: {{set}}-<hash>`, whose hash has up to 10 characters, and a label value may not exceed 63, ' +
        'so pod creation fails for most revisions (kubernetes/kubernetes#64023). Shorten the name to at most {{max}} characters.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      if (resource.kind !== 'StatefulSet' || resource.name.length <= MAX_STATEFULSET_NAME) return;
      // The label exists from 1.7 (scripts/data/cluster-behaviour.tsv); before, pods carried no revision hash.
      if (!behavesAt('controller-revision-hash-label', graph.settings.kubernetesVersion)) return;
      report({
        resource,
        path: ['metadata', 'name'],
        messageId: 'tooLong',
        data: { set: resource.name, length: resource.name.length, max: MAX_STATEFULSET_NAME },
      });
    },
  }),
});
