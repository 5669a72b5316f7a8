import { defineRule } from '../src/engine/rule.js';
import { listAnd } from '../src/shared/text.js';
import { podManagementPolicy } from '../src/kubernetes/rollout.js';
import { updateStrategyType, statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'readiness-probe-missing',
  meta: {
    severity: 'info',
    preset: 'all',
    description:
      'A StatefulSet with several replicas should give its containers a `readinessProbe`, because ordered start-up and rolling updates wait for each pod to be Ready.',
    messages: {
      missing:
        'StatefulSet `{{set}}` runs {{replicas}} pods but none of its containers ({{containers}}) has a `readinessProbe`: each pod counts as Ready as soon as its containers start, so {{gated}} go on before the member actually serves. ' +
        'Add a `readinessProbe` to `{{container}}` that succeeds only once the member has joined and can serve.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      if (sts.replicas <= 1) return;
      const main = sts.containers.filter((c) => c.group === 'containers');
      if (main.length === 0 || main.some((c) => c.raw.readinessProbe !== undefined && c.raw.readinessProbe !== null)) return;

      // Readiness gates start-up and scaling with OrderedReady, and every rolling update.
      const ordered = podManagementPolicy(sts) === 'OrderedReady';
      const rolling = updateStrategyType(resource) === 'RollingUpdate';
      if (!ordered && !rolling) return;
      const gated = ordered && rolling ? 'ordered start-up and rolling updates' : ordered ? 'ordered start-up and scaling' : 'rolling updates';

      const first = main[0]!;
      report({
        resource,
        path: [...first.path, 'readinessProbe'],
        messageId: 'missing',
        data: {
          set: sts.name,
          replicas: sts.replicas,
          containers: listAnd(main.map((c) => c.name)),
          container: first.name,
          gated,
        },
      });
    },
  }),
});
