import { defineRule } from '../src/engine/rule.js';
import { claimTemplateOutcome, podTemplateOutcome } from '../src/api/validation.js';
import { dns1123LabelProblem } from '../src/api/names.js';
import { asRecord } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'claim-template-name-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: 'Every volume claim template needs a `metadata.name` that is a DNS label, because it becomes a pod volume name.',
    messages: {
      missing:
        "Volume claim template #{{index}} of StatefulSet `{{set}}` has no `metadata.name`; the name becomes the pod volume's name and the start of each claim's name, so {{outcome}}. " +
        'Add `metadata: {name: data}` (the name your `volumeMounts` use).',
      invalid:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` is not a DNS label ({{reason}}); the name becomes a pod volume name, which must be one, so {{outcome}}. ' +
        'Rename it to lower-case letters, digits and `-` (and rename the `volumeMounts` that use it).',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const version = graph.settings.kubernetesVersion;
      for (const claim of sts.claimTemplates) {
        const raw = asRecord(claim.raw.metadata)?.name;
        if (raw !== undefined && raw !== null && typeof raw !== 'string') continue; // the schema's concern
        if (!claim.name) {
          // Before 1.34 the claim `-<set>-0` is not even a valid name, so the claims fail first.
          report({
            resource,
            path: [...claim.path, 'metadata', 'name'],
            on: 'key',
            messageId: 'missing',
            data: { set: sts.name, index: claim.index, outcome: claimTemplateOutcome(version) },
          });
          continue;
        }
        const reason = dns1123LabelProblem(claim.name);
        if (!reason) continue;
        report({
          resource,
          path: [...claim.path, 'metadata', 'name'],
          messageId: 'invalid',
          data: { set: sts.name, claim: claim.name, reason, outcome: podTemplateOutcome(version) },
        });
      }
    },
  }),
});
