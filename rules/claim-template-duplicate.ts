import { defineRule } from '../src/engine/rule.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'claim-template-duplicate',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: 'Volume claim template names must be unique; the controller keeps only the last template of a name.',
    messages: {
      duplicate:
        'Volume claim templates #{{first}} and #{{index}} of StatefulSet `{{set}}` are both named `{{claim}}`. The API server accepts this, but the controller files templates by name, so each pod gets one claim `{{example}}` made from the last of them, and the other template is silently ignored. ' +
        'Give each template its own name (and a matching `volumeMounts` entry), or remove the duplicate.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const firstIndex = new Map<string, number>();
      for (const claim of sts.claimTemplates) {
        if (!claim.name) continue;
        const first = firstIndex.get(claim.name);
        if (first === undefined) {
          firstIndex.set(claim.name, claim.index);
          continue;
        }
        report({
          resource,
          path: [...claim.path, 'metadata', 'name'],
          messageId: 'duplicate',
          data: {
            first: first + 1,
            index: claim.index + 1,
            set: sts.name,
            claim: claim.name,
            example: sts.identity.claimName(claim.name, sts.identity.firstOrdinal),
          },
        });
      }
    },
  }),
});
