import { defineRule } from '../src/engine/rule.js';
import { parseQuantity } from '../src/api/quantity.js';
import { asArray, asRecord, getIn, shownValue } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'claim-template-incomplete',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: 'Every volume claim template needs `accessModes` and a positive `resources.requests.storage` quantity.',
    messages: {
      noAccessModes:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` has no `accessModes`, so its claims (`{{example}}`) are invalid and no pod is ever created. ' +
        'Add `accessModes: [ReadWriteOnce]` (or `ReadWriteOncePod`) to its `spec`.',
      noStorage:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` requests no storage, so its claims (`{{example}}`) are invalid and no pod is ever created. ' +
        'Add `resources: {requests: {storage: 10Gi}}` (with the size you need) to its `spec`.',
      accessModesNotList:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` has `accessModes` that is not a list, so its claims are invalid and no pod is ever created. ' +
        'Write it as a list, e.g. `accessModes: [ReadWriteOnce]`.',
      badStorage:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` requests storage that is not a valid size: {{reason}}. ' +
        'Use a positive quantity such as `10Gi`.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      for (const claim of sts.claimTemplates) {
        const data = {
          claim: claim.name || `number ${claim.index + 1} (unnamed)`,
          set: sts.name,
          example: claim.name ? sts.identity.claimName(claim.name, sts.identity.firstOrdinal) : 'no valid name',
        };
        const spec = asRecord(claim.raw.spec);
        const accessModes = spec?.accessModes;
        if (accessModes !== undefined && accessModes !== null && !Array.isArray(accessModes)) {
          report({ resource, path: [...claim.path, 'spec', 'accessModes'], messageId: 'accessModesNotList', data });
        } else if (asArray(accessModes).length === 0) {
          report({ resource, path: [...claim.path, 'spec', 'accessModes'], on: 'key', messageId: 'noAccessModes', data });
        }
        const storagePath = [...claim.path, 'spec', 'resources', 'requests', 'storage'];
        const storage = getIn(resource.obj, storagePath);
        if (storage === undefined || storage === null) {
          report({ resource, path: storagePath, on: 'key', messageId: 'noStorage', data });
          continue;
        }
        const parsed = parseQuantity(storage);
        if (!parsed.ok) report({ resource, path: storagePath, messageId: 'badStorage', data: { ...data, reason: parsed.reason } });
        else if (parsed.value <= 0) {
          report({ resource, path: storagePath, messageId: 'badStorage', data: { ...data, reason: `\`${shownValue(storage)}\` is not greater than zero` } });
        }
      }
    },
  }),
});
