import { defineRule } from '../src/engine/rule.js';
import { updateStrategyType } from '../src/kubernetes/statefulset.js';
import { gatedFieldOutcome } from '../src/api/validation.js';
import { maxUnavailableEnabled } from '../src/api/feature-gates.js';
import { isAtLeast } from '../src/api/version.js';
import { asRecord, shownValue } from '../src/shared/value.js';

const PERCENT = /^[0-9]+%$/;

export default defineRule({
  id: 'max-unavailable-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description: '`updateStrategy.rollingUpdate.maxUnavailable` must be a positive integer or a percentage from 1% to 100%.',
    messages: {
      invalid:
        'StatefulSet `{{set}}` sets `maxUnavailable: {{value}}`, which is invalid: {{reason}}. {{outcome}}. ' +
        'Use a positive integer such as `1` or a percentage such as `25%`.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const version = graph.settings.kubernetesVersion;
      if (!isAtLeast(version, '1.24')) return; // the field does not exist yet (schema rules report it)
      const rollingUpdate = asRecord(asRecord(asRecord(resource.obj.spec)?.updateStrategy)?.rollingUpdate);
      const value = rollingUpdate?.maxUnavailable;
      if (value === undefined || value === null || updateStrategyType(resource) !== 'RollingUpdate') return;
      const reason = problem(value);
      if (!reason) return;
      const outcome = gatedFieldOutcome(maxUnavailableEnabled(version), 'MaxUnavailableStatefulSet', version, 'the field');
      const shown = typeof value === 'string' ? `"${value}"` : shownValue(value);
      report({
        resource,
        path: ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'],
        messageId: 'invalid',
        data: { set: resource.name, value: shown, reason, outcome },
      });
    },
  }),
});

/** validateRollingUpdateStatefulSet: ValidatePositiveIntOrPercent, "cannot be 0", IsNotMoreThan100Percent. */
function problem(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return undefined; // not an int-or-string at all: the schema's concern
    if (value < 0) return 'it must be greater than or equal to 0';
    if (value === 0) return 'it cannot be 0, or no pod could ever be updated';
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  if (!PERCENT.test(value)) {
    return /^[0-9]+$/.test(value)
      ? 'a quoted number is read as a percentage string and needs a trailing `%`; write the number unquoted'
      : 'a string must be a whole-number percentage such as `25%`';
  }
  const percent = Number(value.slice(0, -1));
  if (percent === 0) return 'it cannot be 0%, or no pod could ever be updated';
  if (percent > 100) return 'it must not be greater than 100%';
  return undefined;
}
