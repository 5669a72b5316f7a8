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
    fixable: 'code',
    description: 'The `tolerate-unready-endpoints` annotation is ignored by current clusters; use `spec.publishNotReadyAddresses`.',
    messages: {
      ignored:
        'Service `{{service}}`{{governs}} relies on the annotation `{{key}}`, which {{status}}, so pods that are not Ready get no DNS records; peers that must find each other before they become Ready never do. ' +
        'Set `spec.publishNotReadyAddresses: true` and remove the annotation.',
      deprecated:
        'Service `{{service}}`{{governs}} relies on the annotation `{{key}}`, which is deprecated since 1.11, is removed in 1.24 and was never honoured by EndpointSlices: where the cluster DNS reads EndpointSlices, and on every release from 1.24, pods that are not Ready get no DNS records, and peers that must find each other before they become Ready never do. ' +
        'Set `spec.publishNotReadyAddresses: true` (honoured since 1.11) and remove the annotation.',
      ignoredBeforeField:
        'Service `{{service}}`{{governs}} relies on the annotation `{{key}}`, which no Kubernetes release ever read, so pods that are not Ready get no DNS records; peers that must find each other before they become Ready never do. ' +
        'Before 1.11 only `service.alpha.kubernetes.io/tolerate-unready-endpoints: "true"` does this (`spec.publishNotReadyAddresses` is honoured from 1.11): use that key instead.',
    },
  },
  create: ({ graph, report }) => ({
    Service(service) {
      const annotations = asStringMap(asRecord(service.obj.metadata)?.annotations) ?? {};
      const key = [ALPHA_KEY, BETA_KEY].find((k) => annotations[k] !== undefined && TRUE_VALUES.has(annotations[k]));
      if (key === undefined) return;
      if (asRecord(service.obj.spec)?.publishNotReadyAddresses === true) return; // the field already does the job
      // The EndpointSlice controller never read it, and the Endpoints controller stopped in 1.24
      // (kubernetes#108020). The field replacing it exists from 1.8 (kubernetes#49061) but was
      // honoured only from 1.11 (kubernetes#63742), which deprecated the annotation.
      const target = graph.settings.kubernetesVersion;
      const fieldHonoured = isAtLeast(target, '1.11');
      let messageId: 'ignored' | 'deprecated' | 'ignoredBeforeField';
      let status = '';
      if (key === BETA_KEY) {
        messageId = fieldHonoured ? 'ignored' : 'ignoredBeforeField';
        status = 'no Kubernetes release ever read (only the `service.alpha.kubernetes.io/` key was honoured, until 1.24)';
      } else if (isAtLeast(target, '1.24')) {
        messageId = 'ignored';
        status = 'Kubernetes ignores since 1.24 (EndpointSlices, which DNS uses, never honoured it)';
      } else if (fieldHonoured) {
        messageId = 'deprecated';
      } else {
        return; // Before 1.11 the annotation is the way to publish unready pods.
      }
      const sets = graph.governedBy(service).map((s) => s.name);
      const remove = { op: 'remove', path: ['metadata', 'annotations', key] } as const;
      report({
        // The message's edit: before 1.11 the honoured key replaces the one never read; after, the field replaces the annotation.
        fix:
          messageId === 'ignoredBeforeField'
            ? [{ op: 'set', path: ['metadata', 'annotations', ALPHA_KEY], value: 'true', after: key }, remove]
            : [{ op: 'set', path: ['spec', 'publishNotReadyAddresses'], value: true }, remove],
        resource: service,
        path: ['metadata', 'annotations', key],
        on: 'key',
        messageId,
        data: { service: service.name, key, governs: sets.length > 0 ? ` (governing StatefulSet ${listAnd(sets)})` : '', status },
      });
    },
  }),
});
