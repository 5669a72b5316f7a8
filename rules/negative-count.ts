import { defineRule } from '../src/engine/rule.js';
import { updateStrategyType } from '../src/kubernetes/statefulset.js';
import { asInteger, getIn } from '../src/shared/value.js';
import { GATED_FIELDS } from '../src/api/feature-gates.js';
import { isAtLeast } from '../src/api/version.js';

/** The counts ValidateStatefulSetSpec checks with ValidateNonnegativeField, and what 0 means. */
const FIELDS: readonly { path: readonly string[]; zero: string }[] = [
  { path: ['spec', 'replicas'], zero: 'use 0 to run no pods' },
  { path: ['spec', 'minReadySeconds'], zero: 'use 0 (the default) to count pods available as soon as they are ready' },
  { path: ['spec', 'ordinals', 'start'], zero: 'remove it to number the pods from 0' },
  { path: ['spec', 'updateStrategy', 'rollingUpdate', 'partition'], zero: 'use 0 (the default) to update every pod' },
];

export default defineRule({
  id: 'negative-count',
  meta: {
    severity: 'error',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description: '`replicas`, `minReadySeconds`, `ordinals.start` and `updateStrategy.rollingUpdate.partition` may not be negative.',
    messages: {
      negative:
        'StatefulSet `{{set}}` sets `{{field}}: {{value}}`, but it may not be negative ("must be greater than or equal to 0"), so the API server rejects the object. ' +
        'Use a value of 0 or more: {{zero}}.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const target = graph.settings.kubernetesVersion;
      for (const { path, zero } of FIELDS) {
        const value = asInteger(getIn(resource.obj, path));
        if (value === undefined || value >= 0) continue;
        // Where the target drops the field (its gate off, or the field not there yet) nothing
        // validates it: gated-field-dropped and schema-invalid say so instead.
        const gated = GATED_FIELDS.find((f) => f.path.join('.') === path.join('.'));
        if (gated && !gated.enabled(target)) continue;
        if (path.includes('partition') && !isAtLeast(target, '1.7')) continue;
        // The partition is only validated when the strategy is RollingUpdate; with OnDelete the
        // whole rollingUpdate block is the error (rolling-update-with-on-delete).
        if (path.includes('partition') && updateStrategyType(resource) !== 'RollingUpdate') continue;
        report({ resource, path, messageId: 'negative', data: { set: resource.name, field: path.slice(1).join('.'), value, zero } });
      }
    },
  }),
});
