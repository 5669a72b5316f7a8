import { defineRule } from '../src/engine/rule.js';
import type { Path } from '../src/shared/finding.js';
import type { Resource } from '../src/graph/graph.js';
import { isAdvancedStatefulSet } from '../src/api/kinds.js';
import { parseIntOrPercent, scaleIntOrPercent } from '../src/api/int-or-string.js';
import { asArray, asInteger, asRecord, asString, shownValue } from '../src/shared/value.js';

/** OpenKruise's pod update policies (apis/apps/v1beta1/statefulset_types.go: PodUpdateStrategyType). */
const POD_UPDATE_POLICIES = ['ReCreate', 'InPlaceIfPossible', 'InPlaceOnly'];
const IN_PLACE_READY = 'InPlaceUpdateReady';
/** `MaxMinReadySeconds`. */
const MAX_MIN_READY_SECONDS = 300;

const WEBHOOK = 'so the OpenKruise webhook rejects the object';

export default defineRule({
  id: 'advanced-statefulset-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description:
      "An OpenKruise Advanced StatefulSet's own fields must pass OpenKruise's validating webhook: `podUpdatePolicy` and its readiness gate, `maxUnavailable` with its pod management policy, `unorderedUpdate`, `minReadySeconds` and `reserveOrdinals`.",
    messages: {
      podUpdatePolicy:
        'Advanced StatefulSet `{{set}}` sets `podUpdatePolicy: {{value}}`, but it must be `ReCreate`, `InPlaceIfPossible` or `InPlaceOnly`, ' +
        WEBHOOK +
        '. Use one of those (the default is `ReCreate`).',
      readinessGate:
        'Advanced StatefulSet `{{set}}` updates pods in place (`podUpdatePolicy: {{value}}`), but its pod template has no readiness gate `InPlaceUpdateReady` ("must contains InPlaceUpdateReady when podUpdatePolicy is {{value}}"), ' +
        WEBHOOK +
        ': the controller marks a pod not ready through this gate before it updates it in place. Add `readinessGates: [{conditionType: InPlaceUpdateReady}]` to `spec.template.spec`.',
      maxUnavailableParallel:
        'Advanced StatefulSet `{{set}}` sets `{{field}}: {{value}}` under `podManagementPolicy: {{policy}}`, but OpenKruise allows a `maxUnavailable` other than 1 only with `Parallel` ("can only work with Parallel PodManagementPolicyType"), ' +
        WEBHOOK +
        '. Set `podManagementPolicy: Parallel` (only when the set is created: it cannot change later), or remove `{{field}}`.',
      maxUnavailableValue:
        'Advanced StatefulSet `{{set}}` sets `{{field}}: {{value}}`, but it must be a positive number or a percentage that comes to at least 1 pod ({{detail}}), ' +
        WEBHOOK +
        '. Use e.g. `1` or `"20%"`.',
      unorderedUpdate:
        'Advanced StatefulSet `{{set}}` sets `updateStrategy.rollingUpdate.unorderedUpdate` under `podManagementPolicy: {{policy}}`, but unordered updates need `Parallel` ("unorderedUpdate can only work with Parallel PodManagementPolicyType"), ' +
        WEBHOOK +
        '. Remove `unorderedUpdate`, or create the set with `podManagementPolicy: Parallel`.',
      minReadySeconds:
        'Advanced StatefulSet `{{set}}` sets `updateStrategy.rollingUpdate.minReadySeconds: {{value}}`, but it must be from 0 to 300 seconds, ' +
        WEBHOOK +
        '. Use a value in that range.',
      reserveOrdinal:
        'Advanced StatefulSet `{{set}}` reserves ordinal `{{value}}` (`reserveOrdinals`), which is not a non-negative number nor a range `<from>-<to>` ({{detail}}), ' +
        WEBHOOK +
        '. Write `3` or `"3-5"`.',
    },
  },
  create: ({ report }) => ({
    StatefulSet(resource) {
      if (!isAdvancedStatefulSet(resource)) return;
      const spec = asRecord(resource.obj.spec);
      if (!spec) return;
      const set = resource.name;
      const policy = asString(spec.podManagementPolicy) ?? 'OrderedReady';
      const at = (path: Path, messageId: Parameters<typeof report>[0]['messageId'], data: Record<string, string>) =>
        report({ resource, path, messageId, data: { set, ...data } });

      const strategy = asRecord(spec.updateStrategy);
      const rollingUpdate = asRecord(strategy?.rollingUpdate);
      const rollingPath = ['spec', 'updateStrategy', 'rollingUpdate'];
      // The webhook checks rollingUpdate only under the RollingUpdate type (the default).
      if (rollingUpdate && (strategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
        const podUpdatePolicy = rollingUpdate.podUpdatePolicy;
        if (podUpdatePolicy !== undefined && podUpdatePolicy !== null && podUpdatePolicy !== '') {
          const value = shownValue(podUpdatePolicy);
          if (!POD_UPDATE_POLICIES.includes(value)) at([...rollingPath, 'podUpdatePolicy'], 'podUpdatePolicy', { value });
          else if (value !== 'ReCreate' && !hasInPlaceReadinessGate(resource)) at([...rollingPath, 'podUpdatePolicy'], 'readinessGate', { value });
        }
        checkMaxUnavailable(rollingUpdate.maxUnavailable, [...rollingPath, 'maxUnavailable'], 'updateStrategy.rollingUpdate.maxUnavailable', policy, at);
        if (rollingUpdate.unorderedUpdate !== undefined && rollingUpdate.unorderedUpdate !== null && policy !== 'Parallel') {
          at([...rollingPath, 'unorderedUpdate'], 'unorderedUpdate', { policy });
        }
        const minReady = asInteger(rollingUpdate.minReadySeconds);
        if (minReady !== undefined && (minReady < 0 || minReady > MAX_MIN_READY_SECONDS))
          at([...rollingPath, 'minReadySeconds'], 'minReadySeconds', { value: String(minReady) });
      }
      // `scaleStrategy` and `reserveOrdinals` are v1beta1 fields (schema-invalid reports them in v1alpha1).
      if (resource.version !== 'v1beta1') return;
      const scaleStrategy = asRecord(spec.scaleStrategy);
      checkMaxUnavailable(scaleStrategy?.maxUnavailable, ['spec', 'scaleStrategy', 'maxUnavailable'], 'scaleStrategy.maxUnavailable', policy, at);

      for (const [i, item] of asArray(spec.reserveOrdinals).entries()) {
        const problem = reserveOrdinalProblem(item);
        if (problem) at(['spec', 'reserveOrdinals', i], 'reserveOrdinal', { value: shownValue(item), detail: problem });
      }
    },
  }),
});

function hasInPlaceReadinessGate(resource: Resource): boolean {
  const podSpec = asRecord(asRecord(asRecord(resource.obj.spec)?.template)?.spec);
  return asArray(podSpec?.readinessGates).some((gate) => asString(asRecord(gate)?.conditionType) === IN_PLACE_READY);
}

type Reporter = (path: Path, messageId: 'maxUnavailableParallel' | 'maxUnavailableValue', data: Record<string, string>) => void;

/** `validateMaxUnavailableField`: a positive int or percent that resolves to at least 1 of 1 pod, and not other than 1 without Parallel. */
function checkMaxUnavailable(raw: unknown, path: Path, field: string, policy: string, at: Reporter): void {
  if (raw === undefined || raw === null) return;
  const value = parseIntOrPercent(raw);
  const shown = typeof raw === 'string' ? `"${raw}"` : shownValue(raw);
  if (!value) {
    at(path, 'maxUnavailableValue', { field, value: shown, detail: 'it is neither a whole number nor a percentage' });
    return;
  }
  if (value.value < 0) {
    at(path, 'maxUnavailableValue', { field, value: shown, detail: 'it may not be negative' });
    return;
  }
  // GetValueFromIntOrPercent(maxUnavailable, 1, true): a percentage of one pod, rounded up.
  if (scaleIntOrPercent(value, 1, true) < 1) {
    at(path, 'maxUnavailableValue', { field, value: shown, detail: '"should not be less than 1"' });
    return;
  }
  if (policy !== 'Parallel' && (value.percent || value.value !== 1)) at(path, 'maxUnavailableParallel', { field, value: shown, policy });
}

/** `validateReserveOrdinals`: an integer ≥ 0, or a string `^\d+-\d+$` whose range parses. */
function reserveOrdinalProblem(item: unknown): string | undefined {
  if (typeof item === 'number') return Number.isInteger(item) && item >= 0 ? undefined : 'it is negative or not whole';
  if (typeof item !== 'string') return 'it is neither a number nor a string';
  const range = /^(\d+)-(\d+)$/.exec(item);
  return range ? undefined : 'a string must be a range like `3-5`';
}
