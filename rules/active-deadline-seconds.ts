import { defineRule } from '../src/engine/rule.js';
import { asRecord } from '../src/shared/value.js';

export default defineRule({
  id: 'active-deadline-seconds',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: "A StatefulSet's pod template may not set `activeDeadlineSeconds`.",
    messages: {
      forbidden:
        'StatefulSet `{{set}}` sets `activeDeadlineSeconds` in its pod template; the API server rejects it ("activeDeadlineSeconds in StatefulSet is not Supported"), because a deadline would kill long-running pods that the controller then recreates. ' +
        'Remove `activeDeadlineSeconds`; use a Job for work with a deadline.',
    },
  },
  create: ({ report }) => ({
    StatefulSet(resource) {
      const podSpec = asRecord(asRecord(asRecord(resource.obj.spec)?.template)?.spec);
      const value = podSpec?.activeDeadlineSeconds;
      if (value === undefined || value === null) return;
      report({ resource, path: ['spec', 'template', 'spec', 'activeDeadlineSeconds'], on: 'key', messageId: 'forbidden', data: { set: resource.name } });
    },
  }),
});
