import { defineRule } from '../src/engine/rule.js';
import { misspelledKey } from '../src/shared/text.js';
import { isAtLeast } from '../src/api/version.js';
import { asRecord } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'service-name-empty',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: 'A StatefulSet without `spec.serviceName` gives its pods no stable DNS names.',
    messages: {
      empty:
        'StatefulSet `{{set}}` has no `spec.serviceName`, so its pods get no subdomain and no stable DNS names such as `{{example}}.<service>`: peers cannot find each other by name.{{schema}} ' +
        'Create a headless Service (`clusterIP: None`) that selects the pods and name it in `spec.serviceName`.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const spec = asRecord(resource.obj.spec);
      const value = spec?.serviceName;
      if (typeof value === 'string' && value !== '') return;
      if (value !== undefined && value !== null && typeof value !== 'string') return; // the schema's concern
      if (value === undefined && misspelledKey(spec, 'serviceName')) return; // schema-invalid reports the typo
      const sts = statefulSetView(graph, resource);
      // The Go field had no omitempty before 1.33 (PR #130233), so client-side schemas call it required.
      const schema = isAtLeast(graph.settings.kubernetesVersion, '1.33')
        ? ''
        : ' Client-side validation for this release (kubectl --validate, kubeconform) also reports `missing required field "serviceName"`.';
      const path = value === undefined ? ['spec'] : ['spec', 'serviceName'];
      report({ resource, path, on: 'key', messageId: 'empty', data: { set: sts.name, example: sts.identity.podName(sts.identity.firstOrdinal), schema } });
    },
  }),
});
