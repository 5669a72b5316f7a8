import { defineRule } from '../src/engine/rule.js';
import { asInteger, asRecord } from '../src/shared/value.js';

export default defineRule({
  id: 'revision-history-limit-negative',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description: 'A negative `revisionHistoryLimit` keeps every old revision of the StatefulSet.',
    messages: {
      negative:
        'StatefulSet `{{set}}` sets `revisionHistoryLimit: {{value}}`. The API server accepts it (newer servers warn "a negative value retains all historical revisions"), so ControllerRevisions pile up with every template change, and before the fix of kubernetes#129018 a negative value could crash kube-controller-manager. ' +
        'Use 0 or more, e.g. the default `10`.',
    },
  },
  create: ({ report }) => ({
    StatefulSet(resource) {
      const value = asInteger(asRecord(resource.obj.spec)?.revisionHistoryLimit);
      if (value === undefined || value >= 0) return;
      report({ resource, path: ['spec', 'revisionHistoryLimit'], messageId: 'negative', data: { set: resource.name, value } });
    },
  }),
});
