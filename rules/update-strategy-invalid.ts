import { defineRule } from '../src/engine/rule.js';
import { didYouMean } from '../src/api/validation.js';
import { isAtLeast } from '../src/api/version.js';
import { asRecord } from '../src/shared/value.js';

const TYPES = ['RollingUpdate', 'OnDelete'];

export default defineRule({
  id: 'update-strategy-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: '`updateStrategy.type` must be `RollingUpdate` or `OnDelete`.',
    messages: {
      invalid:
        'StatefulSet `{{set}}` sets `updateStrategy.type: {{type}}`{{hint}}, but a StatefulSet only knows `RollingUpdate` and `OnDelete`, so the API server rejects the object. ' +
        'Use `RollingUpdate` (the default) or `OnDelete`.',
      recreate:
        'StatefulSet `{{set}}` sets `updateStrategy.type: Recreate`, which {{why}}, so the API server rejects the object. ' +
        'Use `RollingUpdate` (the default; add `rollingUpdate.maxUnavailable` to replace several pods at once) or `OnDelete` to replace pods only when you delete them.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const type = asRecord(asRecord(resource.obj.spec)?.updateStrategy)?.type;
      // An empty type is defaulted; other value types are the schema's concern.
      if (typeof type !== 'string' || type === '' || TYPES.includes(type)) return;
      const path = ['spec', 'updateStrategy', 'type'];
      if (type === 'Recreate') {
        // Recreate exists from 1.37, behind the alpha gate StatefulSetRecreateStrategy (off by default).
        const why = isAtLeast(graph.settings.kubernetesVersion, '1.37')
          ? 'needs the alpha feature gate `StatefulSetRecreateStrategy`, off by default'
          : 'is a Deployment strategy that StatefulSets do not have before Kubernetes 1.37 (and then only behind an alpha feature gate)';
        report({ resource, path, messageId: 'recreate', data: { set: resource.name, why } });
        return;
      }
      report({ resource, path, messageId: 'invalid', data: { set: resource.name, type, hint: didYouMean(type, TYPES) } });
    },
  }),
});
