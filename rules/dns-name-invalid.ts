import { defineRule } from '../src/engine/rule.js';
import { DNS1123_LABEL_MAX, DNS1123_SUBDOMAIN_MAX, dns1123LabelProblem, isDns1123Subdomain } from '../src/api/names.js';
import { validatesAt } from '../src/api/facts/index.js';
import { formatVersion } from '../src/api/version.js';
import { getIn } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

/** The kubelet refuses a hostname FQDN longer than this with `setHostnameAsFQDN: true`. */
const HOSTNAME_FQDN_MAX = 64;

export default defineRule({
  id: 'dns-name-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: 'The set name, `serviceName` and namespace must form valid pod DNS names.',
    messages: {
      setName: 'StatefulSet name `{{set}}` is not a DNS-1123 label ({{reason}}); {{consequence}}. ' + 'Use lower-case letters, digits and `-` only.',
      podName:
        'Pod hostname `{{pod}}` of StatefulSet `{{set}}` is {{length}} characters long, more than the 63 a DNS label allows, so that pod cannot be created. Shorten the StatefulSet name.',
      serviceName:
        '`spec.serviceName` `{{service}}` of StatefulSet `{{set}}` is not a DNS-1123 label ({{reason}}); {{consequence}}. ' +
        'Use lower-case letters, digits and `-` only, and rename the Service to match.',
      namespace:
        'Namespace `{{namespace}}` of StatefulSet `{{set}}` is not a DNS-1123 label ({{reason}}): namespace names must be, so no such namespace can exist and the API server rejects the StatefulSet (`metadata.namespace`). Use a valid namespace name.',
      hostnameFqdn:
        'StatefulSet `{{set}}` sets `setHostnameAsFQDN: true`, but the pod FQDN `{{fqdn}}` is {{length}} characters long and the kubelet refuses hostnames over 64 characters, so the pod never starts. ' +
        'Shorten the set, Service or namespace name, or remove `setHostnameAsFQDN`.',
      fqdnTooLong:
        'Pod DNS name `{{fqdn}}` of StatefulSet `{{set}}` is {{length}} characters long, more than the 253 DNS allows. Shorten the set, Service or namespace name, or the cluster domain.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const { identity } = sts;
      const lastOrdinal = Math.max(identity.firstOrdinal, identity.lastOrdinal);
      let valid = true;

      const target = graph.settings.kubernetesVersion;
      const nameProblem = sts.name ? dns1123LabelProblem(sts.name) : undefined;
      if (nameProblem) {
        // scripts/data/create-validation.tsv: a DNS label from 1.27 (kubernetes#114172), a DNS
        // subdomain before; a name the server accepts still fails every pod, whose hostname is a label.
        valid = false;
        const rejected = validatesAt('statefulset-name-label', target) || !isDns1123Subdomain(sts.name);
        const consequence = rejected
          ? `the API server of Kubernetes ${formatVersion(target)} rejects the StatefulSet (\`metadata.name\`)`
          : `the API server of Kubernetes ${formatVersion(target)} accepts it (it checks StatefulSet names as DNS labels only from 1.27), but pod names and hostnames are built from it, so no pod can be created`;
        report({ resource, path: ['metadata', 'name'], messageId: 'setName', data: { set: sts.name, reason: nameProblem, consequence } });
      } else if (sts.name && identity.hostname(lastOrdinal).length > DNS1123_LABEL_MAX) {
        valid = false;
        const pod = identity.hostname(lastOrdinal);
        report({ resource, path: ['metadata', 'name'], messageId: 'podName', data: { set: sts.name, pod, length: pod.length } });
      }

      const service = sts.serviceName;
      const serviceProblem = service === undefined ? undefined : dns1123LabelProblem(service);
      if (service !== undefined && serviceProblem) {
        valid = false;
        // scripts/data/create-validation.tsv: validated as a DNS label from 1.33 (kubernetes#130233).
        const consequence = validatesAt('statefulset-service-name-label', target)
          ? `the API server of Kubernetes ${formatVersion(target)} rejects the StatefulSet (\`spec.serviceName\`)`
          : `it becomes every pod's \`subdomain\`, so no pod can be created (the API server checks \`serviceName\` itself only from 1.33)`;
        report({ resource, path: ['spec', 'serviceName'], messageId: 'serviceName', data: { set: sts.name, service, reason: serviceProblem, consequence } });
      }

      const namespaceProblem = resource.namespaceExplicit ? dns1123LabelProblem(sts.namespace) : undefined;
      if (namespaceProblem) {
        valid = false;
        report({
          resource,
          path: ['metadata', 'namespace'],
          messageId: 'namespace',
          data: { set: sts.name, namespace: sts.namespace, reason: namespaceProblem },
        });
      }

      const fqdn = identity.fqdn(lastOrdinal);
      if (!valid || !sts.name || fqdn === undefined) return;
      const asFqdn = getIn(resource.obj, ['spec', 'template', 'spec', 'setHostnameAsFQDN']) === true;
      if (asFqdn && fqdn.length > HOSTNAME_FQDN_MAX) {
        report({
          resource,
          path: ['spec', 'template', 'spec', 'setHostnameAsFQDN'],
          messageId: 'hostnameFqdn',
          data: { set: sts.name, fqdn, length: fqdn.length },
        });
      } else if (fqdn.length > DNS1123_SUBDOMAIN_MAX) {
        report({ resource, path: ['metadata', 'name'], messageId: 'fqdnTooLong', data: { set: sts.name, fqdn, length: fqdn.length } });
      }
    },
  }),
});
