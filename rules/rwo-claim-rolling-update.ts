import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/graph.js';
import type { ChangeSet } from '../src/change/change-set.js';
import { sameValue } from '../src/change/compare.js';
import { exclusiveClaims, podCountOf, type ExclusiveClaim } from '../src/kubernetes/claim-sharing.js';
import { deploymentRollout, type RollingFenceposts } from '../src/kubernetes/deployment-rollout.js';
import { asArray, asRecord, asString } from '../src/shared/value.js';

const FIX = 'Set `strategy: {type: Recreate}`, which stops the old pod before it starts the new one, or use a `ReadWriteMany` claim.';

export default defineRule({
  id: 'rwo-claim-rolling-update',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description:
      'A single-replica Deployment that mounts a `ReadWriteOnce` or `ReadWriteOncePod` claim should use `strategy: Recreate`: a rolling update starts the new pod while the old one still holds the volume.',
    messages: {
      rwo:
        'Deployment `{{name}}` runs one pod on PersistentVolumeClaim `{{claim}}` (volume `{{volume}}`, `ReadWriteOnce`) with the `RollingUpdate` strategy ({{fenceposts}}), so {{which}} starts the new pod before it stops the old one. ' +
        "When the scheduler places the new pod on another node, the volume is still attached to the old pod's node: the new pod waits in `ContainerCreating` with a `Multi-Attach error`, the old pod is not stopped because the new one never becomes available, and the rollout stalls{{deadline}}. " +
        FIX,
      rwop:
        'Deployment `{{name}}` runs one pod on PersistentVolumeClaim `{{claim}}` (volume `{{volume}}`, `ReadWriteOncePod`) with the `RollingUpdate` strategy ({{fenceposts}}), so {{which}} starts the new pod before it stops the old one. ' +
        'The scheduler keeps the new pod Pending while the old one uses the claim ("node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode"; it preempts the old pod only for a new pod of higher priority), the old pod is not stopped because the new one never becomes available, and the rollout stalls{{deadline}}. ' +
        FIX,
    },
  },
  create: ({ graph, change, report }) => ({
    Deployment(resource) {
      const count = podCountOf(graph, resource);
      // Several pods draw rwo-claim-replicas; no pod has nothing to roll.
      const onePod = count.autoscaler ? count.autoscaler.max === 1 : count.replicas === 1;
      if (!onePod) return;
      const rollout = deploymentRollout(resource, 1);
      if (rollout.type !== 'RollingUpdate' || rollout.unavailable > 0) return;
      const podSpec = asRecord(asRecord(asRecord(resource.obj.spec)?.template)?.spec);
      const bypassesScheduler = asString(podSpec?.nodeName) !== undefined;
      for (const use of exclusiveClaims(graph, resource)) {
        if (use.mode === 'ReadWriteOncePod' && bypassesScheduler) continue;
        report({
          resource,
          path: ['spec', 'strategy', 'type'],
          messageId: use.mode === 'ReadWriteOncePod' ? 'rwop' : 'rwo',
          data: {
            name: resource.name,
            claim: use.claim.name,
            volume: use.volume,
            fenceposts: rollout.shown,
            which: whichRollout(change, resource, use),
            deadline: deadline(rollout),
          },
          // Certain for ReadWriteOncePod; for ReadWriteOnce only when the new pod lands on another node.
          ...(use.mode === 'ReadWriteOncePod' ? { severity: 'error' as const } : {}),
        });
      }
    },
  }),
});

function deadline(rollout: RollingFenceposts): string {
  return rollout.progressDeadlineSeconds === undefined
    ? ' for good (no `progressDeadlineSeconds` is set)'
    : ` until \`progressDeadlineSeconds\` (${rollout.progressDeadlineSeconds} s) marks it failed (\`ProgressDeadlineExceeded\`); nothing is rolled back`;
}

/**
 * Which rollouts meet the claim. With a base version, a changed pod template is rolled out when
 * the change is applied: that rollout meets it only if the old pods already mount the claim.
 */
function whichRollout(change: ChangeSet | undefined, resource: Resource, use: ExclusiveClaim): string {
  const pair = change?.pairOf(resource);
  if (!change || !pair) return 'every rollout';
  const baseTemplate = asRecord(asRecord(pair.base.obj.spec)?.template);
  const nextTemplate = asRecord(asRecord(resource.obj.spec)?.template);
  if (sameValue(baseTemplate, nextTemplate, pair.mode)) return 'every rollout';
  const baseUses = asArray(asRecord(baseTemplate?.spec)?.volumes).some(
    (v) => asString(asRecord(asRecord(v)?.persistentVolumeClaim)?.claimName) === use.claim.name,
  );
  return baseUses
    ? `the rollout of this change (the pod template differs from ${change.label}), like every later one,`
    : `every rollout after this change (this one is not held up: the old pod, as of ${change.label}, does not mount claim \`${use.claim.name}\`)`;
}
