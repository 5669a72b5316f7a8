import { orphanFlag } from '../src/api/release-facts.js';
import { defineRule } from '../src/engine/rule.js';
import { podManagementPolicy, rollingUpdate } from '../src/kubernetes/rollout.js';
import { updateStrategyType, statefulSetView } from '../src/kubernetes/statefulset.js';
import { asInteger } from '../src/shared/value.js';

export default defineRule({
  id: 'forced-rollback-risk',
  meta: {
    severity: 'info',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description:
      'A staged (`partition`) rolling update with `OrderedReady` pod management cannot be rolled back by reverting the template alone when the new pods never become Ready.',
    messages: {
      staged:
        'StatefulSet `{{set}}` stages its rollout with `partition: {{partition}}` (pods `{{firstUpdated}}` and up get the new template first) under OrderedReady pod management. ' +
        'If an updated pod never becomes Ready, the controller stops and reverting the template does not replace it: you must also delete the pods already running the bad revision (Kubernetes issue #67250). ' +
        'Plan that step in the canary procedure, or use `podManagementPolicy: Parallel` (immutable: recreate the set with `kubectl delete statefulset {{set}} {{orphan}}`, then apply) if members may start in parallel.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      if (podManagementPolicy(sts) !== 'OrderedReady' || updateStrategyType(resource) !== 'RollingUpdate') return;
      // A canary or staged rollout is where a rollback is expected; partition ≥ replicas rolls nothing yet.
      const partition = asInteger(rollingUpdate(sts)?.partition);
      if (partition === undefined || partition <= 0 || partition >= sts.replicas) return;
      report({
        resource,
        path: ['spec', 'updateStrategy', 'rollingUpdate', 'partition'],
        messageId: 'staged',
        data: {
          set: sts.name,
          partition,
          firstUpdated: sts.identity.podName(sts.startOrdinal + partition),
          orphan: orphanFlag(graph.settings.kubernetesVersion),
        },
      });
    },
  }),
});
