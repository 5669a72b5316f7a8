import { defineRule } from '../src/engine/rule.js';
import { asRecord } from '../src/shared/value.js';

export default defineRule({
  id: 'restart-policy-not-always',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: "A StatefulSet's pod template may only use `restartPolicy: Always`.",
    messages: {
      notAlways:
        'StatefulSet `{{set}}` sets `restartPolicy: {{policy}}` in its pod template, but a StatefulSet keeps its pods running and only accepts `Always`, so the API server rejects the object. ' +
        'Remove `restartPolicy` (it defaults to `Always`); for run-to-completion work use a Job instead.',
    },
  },
  create: ({ report }) => ({
    StatefulSet(resource) {
      const policy = asRecord(asRecord(asRecord(resource.obj.spec)?.template)?.spec)?.restartPolicy;
      // An empty value is defaulted to Always; other types are the schema's concern.
      if (typeof policy !== 'string' || policy === '' || policy === 'Always') return;
      report({ resource, path: ['spec', 'template', 'spec', 'restartPolicy'], messageId: 'notAlways', data: { set: resource.name, policy } });
    },
  }),
});
