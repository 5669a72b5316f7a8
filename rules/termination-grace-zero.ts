import { defineRule } from '../src/engine/rule.js';
import { asInteger } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'termination-grace-zero',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: "A StatefulSet's pods must not set `terminationGracePeriodSeconds: 0`, which makes every deletion a forced one.",
    messages: {
      zero:
        "StatefulSet `{{set}}` sets `terminationGracePeriodSeconds: 0`: its pods are killed without a chance to shut down, and a deleted pod's API object disappears before its containers have stopped, so the controller can start a replacement with the same identity and volumes while the old one still runs. " +
        'Remove the field (the default is 30 seconds) or set it to the time the application needs to shut down cleanly.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      if (asInteger(sts.podSpec?.terminationGracePeriodSeconds) !== 0) return;
      report({ resource, path: ['spec', 'template', 'spec', 'terminationGracePeriodSeconds'], messageId: 'zero', data: { set: sts.name } });
    },
  }),
});
