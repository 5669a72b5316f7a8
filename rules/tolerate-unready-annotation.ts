import { defineRule } from '../src/engine/rule.js';
import { listAnd } from '../src/shared/text.js';
import { isAtLeast } from '../src/api/version.js';
import { asRecord, asStringMap } from '../src/shared/value.js';

const ALPHA_KEY = 'service.alpha.kubernetes.io/tolerate-unready-endpoints';
/** Written in some manifests (e.g. the kubernetes e2e PetSet examples), but never read by any controller. */
const BETA_KEY = 'service.beta.kubernetes.io/tolerate-unready-endpoints';

/** strconv.ParseBool's true values, which the endpoints controller used to read the annotation. */
const TRUE_VALUES = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

export default defineRule({
  id: 'tolerate-unready-annotation',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: 'The `tolerate-unready-endpoints` annotation is ignored by current clusters; use `spec.publishNotReadyAddresses`.',
    messages: {
      ignored:
        'Service `{{service}}`{{governs}} relies on the annotation `{{key}}`, which {{status}}, so pods that are not Ready get no DNS records; peers that must find each other before they become Ready never do. ' +
        'Set `spec.publishNotReadyAddresses: true` and remove the annotation.',
    },
  },
  create: ({ graph, report }) => ({
    Service(service) {
      const annotations = asStringMap(asRecord(service.obj.metadata)?.annotations) ?? {};
      const key = [ALPHA_KEY, BETA_KEY].find((k) => annotations[k] !== undefined && TRUE_VALUES.has(annotations[k]));
      if (key === undefined) return;
      if (asRecord(service.obj.spec)?.publishNotReadyAddresses === true) return; // the field already does the job
      // The EndpointSlice controller never read it, and the Endpoints controller stopped in 1.24 (kubernetes#108020).
      const status =
        key === BETA_KEY
          ? 'no Kubernetes release ever read (only the `service.alpha.kubernetes.io/` key was honoured, until 1.24)'
          : isAtLeast(graph.settings.kubernetesVersion, '1.24')
            ? 'Kubernetes ignores since 1.24 (EndpointSlices, which DNS uses, never honoured it)'
            : 'is deprecated since 1.11, is not honoured by EndpointSlices and is removed in 1.24';
      const sets = graph.governedBy(service).map((s) => s.name);
      report({
        resource: service,
        path: ['metadata', 'annotations', key],
        on: 'key',
        messageId: 'ignored',
        data: { service: service.name, key, governs: sets.length > 0 ? ` (governing StatefulSet ${listAnd(sets)})` : '', status },
      });
    },
  }),
});
