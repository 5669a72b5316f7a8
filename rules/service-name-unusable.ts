import { defineRule } from '../src/engine/rule.js';
import { serviceNameProblem } from '../src/api/validation.js';
import { dns1123LabelProblem } from '../src/api/names.js';
import { formatVersion } from '../src/api/version.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'service-name-unusable',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: '`spec.serviceName` must be a name a Service can have, or no governing Service can exist.',
    messages: {
      unusable:
        'StatefulSet `{{set}}` names Service `{{service}}` in `spec.serviceName`, which the StatefulSet accepts, but no Service can be called that in Kubernetes {{release}}: {{reason}}. So no governing Service can exist and the pods never get DNS names. ' +
        'Choose a `serviceName` that starts with a letter, and name the headless Service the same (the field cannot be changed after creation).',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const service = sts.serviceName;
      // Not a DNS label at all: dns-name-invalid reports it. A Service of that name in the input:
      // service-name-invalid reports it there, once.
      if (!service || dns1123LabelProblem(service) || graph.get('Service', sts.namespace, service)) return;
      const version = graph.settings.kubernetesVersion;
      const reason = serviceNameProblem(service, version);
      if (!reason) return;
      report({ resource, path: ['spec', 'serviceName'], messageId: 'unusable', data: { set: sts.name, service, release: formatVersion(version), reason } });
    },
  }),
});
