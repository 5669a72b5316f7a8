import { defineRule } from '../src/engine/rule.js';
import { didYouMean, serviceIps } from '../src/api/validation.js';
import { isDns1123Subdomain } from '../src/api/names.js';
import { asArray, asRecord } from '../src/shared/value.js';

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

export default defineRule({
  id: 'service-headless-type-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description:
      "A Service's `type` must be known and agree with its cluster IPs: no `clusterIP: None` with NodePort or LoadBalancer, no cluster IPs or IP families with ExternalName.",
    messages: {
      unknownType:
        'Service `{{service}}` has `type: {{type}}`{{hint}}, which is not a Service type, so the API server rejects it. ' +
        'Use `ClusterIP` (with `clusterIP: None` for a headless Service), `NodePort`, `LoadBalancer` or `ExternalName`.',
      headlessWithType:
        'Service `{{service}}` is headless (`clusterIP: None`) but has `type: {{type}}`; the API server rejects it ("may not be set to \'None\' for {{type}} services"), because a {{type}} Service needs a cluster IP. ' +
        'Use `type: ClusterIP` for the headless Service and a second Service of type {{type}} to expose the pods.',
      externalNameField:
        'Service `{{service}}` has `type: ExternalName` and sets `{{field}}`, which "may not be set for ExternalName services", so the API server rejects it. ' +
        'Remove `{{field}}`, or use `type: ClusterIP` if the Service should select pods.',
      externalNameMissing:
        'Service `{{service}}` has `type: ExternalName` but {{problem}}, so the API server rejects it. ' +
        'Set `externalName` to the DNS name the Service should alias, e.g. `db.example.com`.',
    },
  },
  create: ({ graph, report }) => ({
    Service(service) {
      const spec = asRecord(service.obj.spec);
      const rawType = spec?.type;
      if (typeof rawType === 'string' && rawType !== '' && !TYPES.includes(rawType)) {
        report({
          resource: service,
          path: ['spec', 'type'],
          messageId: 'unknownType',
          data: { service: service.name, type: rawType, hint: didYouMean(rawType, TYPES) },
        });
        return;
      }
      const ips = serviceIps(spec);
      // A governing Service of these types is reported by service-not-headless at `spec.type`:
      // the fix (make it a headless ClusterIP Service) is the same, so it is one finding.
      if (ips.type !== 'ClusterIP' && graph.governedBy(service).length > 0) return;
      const data = { service: service.name, type: ips.type };
      if ((ips.type === 'NodePort' || ips.type === 'LoadBalancer') && ips.headless) {
        const path = ips.fromList ? ['spec', 'clusterIPs', 0] : ['spec', 'clusterIP'];
        report({ resource: service, path, messageId: 'headlessWithType', data });
        return;
      }
      if (ips.type !== 'ExternalName') return;
      if (ips.clusterIP !== '')
        report({ resource: service, path: ['spec', 'clusterIP'], on: 'key', messageId: 'externalNameField', data: { ...data, field: 'clusterIP' } });
      else if (ips.fromList)
        report({ resource: service, path: ['spec', 'clusterIPs'], on: 'key', messageId: 'externalNameField', data: { ...data, field: 'clusterIPs' } });
      if (asArray(spec?.ipFamilies).length > 0)
        report({ resource: service, path: ['spec', 'ipFamilies'], on: 'key', messageId: 'externalNameField', data: { ...data, field: 'ipFamilies' } });
      if (spec?.ipFamilyPolicy !== undefined && spec?.ipFamilyPolicy !== null) {
        report({ resource: service, path: ['spec', 'ipFamilyPolicy'], on: 'key', messageId: 'externalNameField', data: { ...data, field: 'ipFamilyPolicy' } });
      }
      const externalName = typeof spec?.externalName === 'string' ? spec.externalName.replace(/\.$/, '') : '';
      if (externalName === '') {
        report({
          resource: service,
          path: ['spec', 'externalName'],
          on: 'key',
          messageId: 'externalNameMissing',
          data: { ...data, problem: 'has no `externalName`' },
        });
      } else if (!isDns1123Subdomain(externalName)) {
        report({
          resource: service,
          path: ['spec', 'externalName'],
          messageId: 'externalNameMissing',
          data: { ...data, problem: `its \`externalName\` \`${externalName}\` is not a DNS name (lower-case letters, digits, \`-\` and \`.\`)` },
        });
      }
    },
  }),
});
