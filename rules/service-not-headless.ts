import { defineRule } from '../src/engine/rule.js';
import { listAnd } from '../src/shared/text.js';
import { asArray, asRecord, asString } from '../src/shared/value.js';

const TYPES_THAT_CANNOT_BE_HEADLESS = new Set(['NodePort', 'LoadBalancer', 'ExternalName']);

export default defineRule({
  id: 'service-not-headless',
  meta: {
    severity: 'error',
    preset: 'recommended',
    hasSuggestions: true,
    description: "The Service named by a StatefulSet's `spec.serviceName` must be headless (`clusterIP: None`).",
    messages: {
      clusterIp:
        'Service `{{service}}` governs StatefulSet {{sets}} but has `clusterIP: {{clusterIP}}`, so it is not headless: its name resolves to one virtual IP instead of the pods, and the Kubernetes DNS specification gives pods their own names (`<pod>.{{service}}`) only under a headless Service (kube-dns follows it; CoreDNS answers those names for a cluster IP Service too, so peers find each other only on some clusters). ' +
        'Set `clusterIP: None` (a cluster IP cannot be removed from an existing Service: delete and re-create it).',
      noClusterIp:
        'Service `{{service}}` governs StatefulSet {{sets}} but is not headless: without `clusterIP: None` it gets a virtual IP, its name resolves to that IP instead of the pods, and the Kubernetes DNS specification gives pods their own names (`<pod>.{{service}}`) only under a headless Service (kube-dns follows it; CoreDNS answers those names for a cluster IP Service too, so peers find each other only on some clusters). ' +
        'Add `clusterIP: None` to its `spec`.',
      externalName:
        'Service `{{service}}` governs StatefulSet {{sets}} but is an `ExternalName` Service, a DNS alias with no endpoints, so no DNS server gives the pods names under it. ' +
        'Make it a `ClusterIP` Service with `clusterIP: None` and a selector for the pods, and give the alias another name.',
      wrongType:
        'Service `{{service}}` governs StatefulSet {{sets}} but has `type: {{type}}`, which cannot be headless: its name resolves to a virtual IP instead of the pods, and the Kubernetes DNS specification gives pods their own names only under a headless Service (CoreDNS answers them anyway, kube-dns does not). ' +
        'Make it a `ClusterIP` Service with `clusterIP: None`, and expose the pods through a second Service if you need {{type}}.',
    },
  },
  create: ({ graph, report }) => ({
    Service(service) {
      const governed = graph.governedBy(service);
      if (governed.length === 0) return;
      const sets = listAnd(governed.map((s) => s.name));
      const spec = asRecord(service.obj.spec);
      const type = asString(spec?.type) ?? 'ClusterIP';
      const data = { service: service.name, sets };
      if (TYPES_THAT_CANNOT_BE_HEADLESS.has(type)) {
        const messageId = type === 'ExternalName' ? 'externalName' : 'wrongType';
        report({ resource: service, path: ['spec', 'type'], messageId, data: { ...data, type } });
        return;
      }
      const clusterIP = spec?.clusterIP;
      if (clusterIP === 'None') return;
      // `clusterIPs: [None]` alone means headless, but the API server rejects it without
      // `clusterIP: None` too; service-cluster-ips-inconsistent reports that, not this rule.
      if ((clusterIP === undefined || clusterIP === null || clusterIP === '') && asArray(spec?.clusterIPs)[0] === 'None') return;
      // A suggestion, not a fix: the cluster IP of a Service that exists cannot be removed (it must be
      // re-created), and which of `clusterIPs` to keep is the user's call.
      const suggest =
        spec?.clusterIPs === undefined
          ? [
              {
                desc: 'Make the Service headless (clusterIP: None); a Service that exists must be deleted and re-created, its cluster IP cannot be removed',
                edits: [{ op: 'set', path: ['spec', 'clusterIP'], value: 'None' } as const],
              },
            ]
          : undefined;
      if (typeof clusterIP === 'string' && clusterIP !== '') {
        report({ resource: service, path: ['spec', 'clusterIP'], messageId: 'clusterIp', data: { ...data, clusterIP }, ...(suggest ? { suggest } : {}) });
        return;
      }
      report({ resource: service, path: ['spec', 'clusterIP'], on: 'key', messageId: 'noClusterIp', data, ...(suggest ? { suggest } : {}) });
    },
  }),
});
