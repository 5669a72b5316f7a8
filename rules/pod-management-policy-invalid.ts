import { defineRule } from '../src/engine/rule.js';
import { didYouMean } from '../src/api/validation.js';
import { asRecord } from '../src/shared/value.js';

const POLICIES = ['OrderedReady', 'Parallel'];

export default defineRule({
  id: 'pod-management-policy-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: '`podManagementPolicy` must be `OrderedReady` or `Parallel`.',
    messages: {
      invalid:
        'StatefulSet `{{set}}` sets `podManagementPolicy: {{policy}}`{{hint}}, but it must be `OrderedReady` or `Parallel`, so the API server rejects the object. ' +
        'Use `OrderedReady` (the default: one pod at a time, in order) or `Parallel` (all pods at once); note the field cannot be changed after creation.',
    },
  },
  create: ({ report }) => ({
    StatefulSet(resource) {
      const policy = asRecord(resource.obj.spec)?.podManagementPolicy;
      // An empty value is defaulted to OrderedReady in every served version.
      if (typeof policy !== 'string' || policy === '' || POLICIES.includes(policy)) return;
      report({
        resource,
        path: ['spec', 'podManagementPolicy'],
        messageId: 'invalid',
        data: { set: resource.name, policy, hint: didYouMean(policy, POLICIES) },
      });
    },
  }),
});
