import { defineRule } from '../src/engine/rule.js';
import { disruptionFacts } from '../src/kubernetes/disruption.js';
import { formatIntOrPercent, parseIntOrPercent, scaleIntOrPercent } from '../src/api/int-or-string.js';
import { listAnd } from '../src/shared/text.js';
import { asRecord } from '../src/shared/value.js';

export default defineRule({
  id: 'pdb-blocks-drain',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: "A PodDisruptionBudget over a StatefulSet's pods must allow at least one eviction, or node drains never complete.",
    messages: {
      maxUnavailableZero:
        'PodDisruptionBudget `{{pdb}}` sets `maxUnavailable: {{value}}` for the pods of {{owners}}, so it allows no voluntary eviction: `kubectl drain` of a node that runs one of them never completes, and node upgrades and scale-downs stall. ' +
        'Use `maxUnavailable: 1` (or more, as far as the application tolerates).',
      minAvailableAll:
        'PodDisruptionBudget `{{pdb}}` requires `minAvailable: {{value}}`{{rounding}} of the {{expected}} pods of {{owners}}, so it allows no voluntary eviction: `kubectl drain` of a node that runs one of them never completes, and node upgrades and scale-downs stall. ' +
        'Use `maxUnavailable: 1`, or a `minAvailable` below {{expected}}.',
      minAvailableOnlyPod:
        'PodDisruptionBudget `{{pdb}}` requires `minAvailable: {{value}}` of the only pod of {{owners}}, so it allows no voluntary eviction: `kubectl drain` of its node never completes, and node upgrades and scale-downs stall. ' +
        'A single replica cannot stay available through a drain: run more replicas, or use `maxUnavailable: 1` and accept the short outage.',
    },
  },
  create: ({ graph, report }) => ({
    PodDisruptionBudget(pdb) {
      const selected = disruptionFacts(graph).selectedBy(pdb);
      if (!selected.some((w) => w.resource.type === 'StatefulSet')) return;
      const spec = asRecord(pdb.obj.spec);
      const min = spec?.minAvailable ?? undefined;
      const max = spec?.maxUnavailable ?? undefined;
      // Both at once is rejected by the API server; neither imposes nothing.
      if ((min === undefined) === (max === undefined)) return;
      const owners = listAnd(
        selected.map((w) => `${w.resource.kind} \`${w.resource.name}\``),
        false,
      );

      if (max !== undefined) {
        const value = parseIntOrPercent(max);
        // Zero stays zero whatever the pod count; any other value rounds up to at least 1.
        if (value?.value !== 0) return;
        report({
          resource: pdb,
          path: ['spec', 'maxUnavailable'],
          messageId: 'maxUnavailableZero',
          data: { pdb: pdb.name, value: formatIntOrPercent(value), owners },
        });
        return;
      }

      const value = parseIntOrPercent(min);
      // A DaemonSet's pod count (one per eligible node) is unknown here.
      if (!value || selected.some((w) => w.replicas === undefined)) return;
      const expected = selected.reduce((sum, w) => sum + (w.replicas ?? 0), 0);
      // The disruption controller rounds a percentage up (GetScaledValueFromIntOrPercent(..., true)).
      const required = scaleIntOrPercent(value, expected, true);
      if (expected === 0 || required < expected) return;
      report({
        resource: pdb,
        path: ['spec', 'minAvailable'],
        messageId: expected === 1 ? 'minAvailableOnlyPod' : 'minAvailableAll',
        data: {
          pdb: pdb.name,
          value: formatIntOrPercent(value),
          rounding: value.percent && value.value < 100 ? ` (rounded up to ${required})` : '',
          expected,
          owners,
        },
      });
    },
  }),
});
