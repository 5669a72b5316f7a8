import { defineRule, type SuggestionReport } from '../src/engine/rule.js';
import { getIn } from '../src/shared/value.js';
import { isDns1123Label } from '../src/api/names.js';
import { listOr, nearMisses } from '../src/shared/text.js';
import { isHeadlessService, statefulSetView } from '../src/kubernetes/statefulset.js';

/** Above this many Services in one namespace, near-miss names are not searched (keeps big inputs linear). */
const NEAR_MISS_LIMIT = 500;

export default defineRule({
  id: 'service-missing',
  meta: {
    severity: 'error',
    preset: 'recommended',
    hasSuggestions: true,
    description: "`spec.serviceName` must name a Service in the StatefulSet's namespace.",
    messages: {
      missing:
        'StatefulSet `{{set}}` names Service `{{service}}` in `spec.serviceName`, but there is no Service `{{service}}` in namespace `{{namespace}}`{{hint}}. ' +
        'Without it no pod gets its DNS name `{{example}}`. Create a headless Service (`clusterIP: None`) named `{{service}}` in `{{namespace}}` that selects the pods, or correct `spec.serviceName`.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const service = sts.serviceName;
      // An invalid name is dns-name-invalid's finding; no Service could carry it anyway.
      if (!service || !isDns1123Label(service) || graph.get('Service', sts.namespace, service)) return;

      const hints: string[] = [];
      const elsewhere = graph.named('Service', service).map((s) => s.namespace);
      if (elsewhere.length > 0) {
        hints.push(`a Service of that name exists in namespace ${listOr(elsewhere)}, but pods only get DNS records from a Service in their own namespace`);
      }
      const neighbours = graph.inNamespace('Service', sts.namespace);
      let near: string[] = [];
      if (neighbours.length <= NEAR_MISS_LIMIT) {
        // Only a Service that could govern the set is worth suggesting.
        near = nearMisses(
          service,
          neighbours.filter(isHeadlessService).map((s) => s.name),
        );
        if (near.length > 0) hints.push(`did you mean ${listOr(near)}?`);
      }
      const selecting = graph.servicesSelecting(sts.namespace, sts.templateLabels).map((s) => s.name);
      const unmentioned = selecting.filter((name) => !hints.some((h) => h.includes(`\`${name}\``)));
      if (unmentioned.length > 0) hints.push(`Service ${listOr(unmentioned)} selects these pods but is not named by \`spec.serviceName\``);

      // Suggestions: the one near miss (`spec.serviceName` cannot be changed on a StatefulSet that
      // exists), or the headless Service the message asks for, selecting the template's labels.
      const suggest: SuggestionReport[] = [];
      if (near.length === 1) {
        suggest.push({
          desc: `Change spec.serviceName to ${near[0]!} (on a StatefulSet that exists, serviceName cannot be changed: delete and re-create it)`,
          edits: [{ op: 'set', path: ['spec', 'serviceName'], value: near[0]! }],
        });
      }
      if (Object.keys(sts.templateLabels).length > 0 && elsewhere.length === 0) {
        const namespace = getIn(resource.obj, ['metadata', 'namespace']);
        const metadata = { name: service, ...(typeof namespace === 'string' ? { namespace } : {}) };
        suggest.push({
          desc: `Add a headless Service ${service} that selects the pods (add the ports your clients use)`,
          edits: [
            { op: 'addObject', value: { apiVersion: 'v1', kind: 'Service', metadata, spec: { clusterIP: 'None', selector: { ...sts.templateLabels } } } },
          ],
        });
      }
      report({
        ...(suggest.length > 0 ? { suggest } : {}),
        resource,
        path: ['spec', 'serviceName'],
        messageId: 'missing',
        data: {
          set: sts.name,
          service,
          namespace: sts.namespace,
          hint: hints.length > 0 ? ` (${hints.join('; ')})` : '',
          example: sts.identity.fqdn(sts.identity.firstOrdinal) ?? '',
        },
      });
    },
  }),
});
