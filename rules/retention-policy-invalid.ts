import { defineRule } from '../src/engine/rule.js';
import { didYouMean, gatedFieldOutcome } from '../src/api/validation.js';
import { gateEnabled } from '../src/api/feature-gates.js';
import { isAtLeast } from '../src/api/version.js';
import { asRecord } from '../src/shared/value.js';

const POLICIES = ['Retain', 'Delete'];

export default defineRule({
  id: 'retention-policy-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: '`persistentVolumeClaimRetentionPolicy.whenDeleted` and `.whenScaled` must be `Retain` or `Delete`.',
    messages: {
      invalid:
        'StatefulSet `{{set}}` sets `persistentVolumeClaimRetentionPolicy.{{field}}: {{value}}`{{hint}}, but only `Retain` and `Delete` are supported. {{outcome}}. ' +
        'Use `Retain` (the default: claims outlive their pods) or `Delete`.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const version = graph.settings.kubernetesVersion;
      if (!isAtLeast(version, '1.23')) return; // the field does not exist yet (schema rules report it)
      const policy = asRecord(asRecord(resource.obj.spec)?.persistentVolumeClaimRetentionPolicy);
      if (!policy) return;
      // Gate StatefulSetAutoDeletePVC: alpha (off) 1.23–1.26, then on; when off the field is dropped.
      const outcome = gatedFieldOutcome(gateEnabled('StatefulSetAutoDeletePVC', version), 'StatefulSetAutoDeletePVC', version, 'the policy');
      for (const field of ['whenDeleted', 'whenScaled']) {
        const value = policy[field];
        // An empty value is defaulted to Retain.
        if (typeof value !== 'string' || value === '' || POLICIES.includes(value)) continue;
        report({
          resource,
          path: ['spec', 'persistentVolumeClaimRetentionPolicy', field],
          messageId: 'invalid',
          data: { set: resource.name, field, value, hint: didYouMean(value, POLICIES), outcome },
        });
      }
    },
  }),
});
