import { defineRule } from '../src/engine/rule.js';
import type { Resource, ResourceGraph } from '../src/graph/graph.js';
import { formatLabels, mapSelectorMatches } from '../src/api/labels.js';
import { listAnd } from '../src/shared/text.js';
import { asRecord, asStringMap } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'service-selector-mismatch',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: "The governing Service must have a selector that selects the StatefulSet's pods.",
    messages: {
      noSelector:
        'Service `{{service}}` governs StatefulSet {{sets}} but has no selector, so it gets no endpoints and the pods get no DNS records. ' +
        "Add `spec.selector` with the pod template's labels ({{labels}}).",
      mismatch:
        'Service `{{service}}` governs StatefulSet `{{set}}` but its selector `{{selector}}` does not select the pods (pod template labels: {{labels}}), so the pods get no DNS records. ' +
        'Make the Service selector a subset of the pod template labels.',
    },
  },
  create: ({ graph, report }) => ({
    Service(service) {
      const governed = graph.governedBy(service);
      // An ExternalName Service has no endpoints at all: service-not-headless reports that.
      if (governed.length === 0 || asRecord(service.obj.spec)?.type === 'ExternalName') return;
      const selector = asStringMap(asRecord(service.obj.spec)?.selector) ?? {};
      if (Object.keys(selector).length === 0) {
        if (hasManualEndpoints(graph, service)) return;
        const views = governed.map((r) => statefulSetView(graph, r));
        report({
          resource: service,
          path: ['spec', 'selector'],
          on: 'key',
          messageId: 'noSelector',
          data: { service: service.name, sets: listAnd(views.map((v) => v.name)), labels: formatLabels(views[0]!.templateLabels) },
        });
        return;
      }
      for (const resource of governed) {
        const sts = statefulSetView(graph, resource);
        if (mapSelectorMatches(selector, sts.templateLabels)) continue;
        const failing = Object.keys(selector).find((k) => sts.templateLabels[k] !== selector[k])!;
        report({
          resource: service,
          path: ['spec', 'selector', failing],
          messageId: 'mismatch',
          data: { service: service.name, set: sts.name, selector: formatLabels(selector), labels: formatLabels(sts.templateLabels) },
        });
      }
    },
  }),
});

/** A selector-less Service whose endpoints are managed by hand (Endpoints or EndpointSlices in the input). */
function hasManualEndpoints(graph: ResourceGraph, service: Resource): boolean {
  if (graph.get('Endpoints', service.namespace, service.name)) return true;
  return graph
    .inNamespace('EndpointSlice', service.namespace)
    .some((slice) => asStringMap(asRecord(slice.obj.metadata)?.labels)?.['kubernetes.io/service-name'] === service.name);
}
