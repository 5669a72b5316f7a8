import { defineRule } from '../src/engine/rule.js';
import { serviceNameProblem } from '../src/api/validation.js';
import { listAnd } from '../src/shared/text.js';

export default defineRule({
  id: 'service-name-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: 'A Service name must be a DNS label that starts with a letter (a digit is allowed from Kubernetes 1.36).',
    messages: {
      invalid:
        'Service name `{{service}}` is invalid: {{reason}}, so the API server rejects the Service{{governs}}. ' +
        'Rename it to lower-case letters, digits and `-`, starting with a letter (and update every reference to it, such as `spec.serviceName`).',
    },
  },
  create: ({ graph, report }) => ({
    Service(service) {
      if (!service.name) return; // generateName only
      const reason = serviceNameProblem(service.name, graph.settings.kubernetesVersion);
      if (!reason) return;
      const sets = graph.governedBy(service).map((s) => s.name);
      const governs = sets.length > 0 ? ` and StatefulSet ${listAnd(sets)} never gets the per-pod DNS records it should govern` : '';
      report({ resource: service, path: ['metadata', 'name'], messageId: 'invalid', data: { service: service.name, reason, governs } });
    },
  }),
});
