import { defineRule } from '../src/engine/rule.js';
import { asRecord } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'template-hostname-ignored',
  meta: {
    severity: 'info',
    preset: 'recommended',
    description: "The StatefulSet controller overwrites the pod template's `hostname` and `subdomain`.",
    messages: {
      hostname:
        "StatefulSet `{{set}}` sets `hostname: {{value}}` in its pod template, but the controller overwrites it with each pod's name (`{{example}}`, …), so the value is never used. " +
        'Remove `hostname`; the pod name is the stable hostname.',
      subdomain:
        'StatefulSet `{{set}}` sets `subdomain: {{value}}` in its pod template, but the controller overwrites it with `spec.serviceName`{{service}}, so the value is never used. ' +
        'Remove `subdomain` and set `spec.serviceName` to the headless Service instead.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const podSpec = asRecord(asRecord(sts.spec?.template)?.spec);
      const hostname = podSpec?.hostname;
      if (typeof hostname === 'string' && hostname !== '') {
        const example = sts.identity.podName(sts.identity.firstOrdinal);
        report({ resource, path: ['spec', 'template', 'spec', 'hostname'], messageId: 'hostname', data: { set: sts.name, value: hostname, example } });
      }
      const subdomain = podSpec?.subdomain;
      if (typeof subdomain === 'string' && subdomain !== '') {
        const service = sts.serviceName ? ` (\`${sts.serviceName}\`)` : ' (empty here)';
        report({ resource, path: ['spec', 'template', 'spec', 'subdomain'], messageId: 'subdomain', data: { set: sts.name, value: subdomain, service } });
      }
    },
  }),
});
