import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/graph.js';
import { exclusiveClaims, podCountOf, templatePodSpec, type ExclusiveClaim, type PodCount } from '../src/kubernetes/claim-sharing.js';
import { pinnedNode } from '../src/api/pod-scheduling.js';
import { asArray, asRecord, asString } from '../src/shared/value.js';

const FIX_RWX = 'Use a `ReadWriteMany` claim if the pods may share the data, or a StatefulSet with `volumeClaimTemplates` to give each pod a claim of its own';

export default defineRule({
  id: 'rwo-claim-replicas',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description:
      'A Deployment, ReplicaSet, ReplicationController or DaemonSet that can run several pods must not mount a `ReadWriteOnce` or `ReadWriteOncePod` claim in all of them: pods on other nodes, or every pod but one, cannot use it.',
    messages: {
      rwo:
        '{{workload}} runs {{pods}}, and all of them mount PersistentVolumeClaim `{{claim}}` (volume `{{volume}}`), which is `ReadWriteOnce`: a volume attached to a node (a cloud disk, most CSI block storage) is attached to one node at a time, so a pod the scheduler places on another node stays in `ContainerCreating` with a `Multi-Attach error` ("Volume is already used by pod(s) …"); only pods on the same node share it. ' +
        '{{fixRwx}}{{fixOne}}.',
      rwop:
        '{{workload}} runs {{pods}}, and all of them mount PersistentVolumeClaim `{{claim}}` (volume `{{volume}}`), which is `ReadWriteOncePod`: the scheduler lets one pod in the cluster use it and keeps {{others}} Pending ("node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode"). ' +
        '{{fixRwx}}{{fixOne}}.',
    },
  },
  create: ({ graph, report }) => {
    const check = (resource: Resource) => {
      if (isOwned(resource)) return;
      const count = podCountOf(graph, resource);
      const several = count.autoscaler ? (count.autoscaler.max ?? 0) > 1 : count.replicas === undefined || count.replicas > 1;
      if (!several) return;
      const podSpec = templatePodSpec(resource);
      // A DaemonSet kept to one node runs one pod.
      if (resource.type === 'DaemonSet' && pinnedNode(podSpec)) return;
      const bypassesScheduler = asString(podSpec?.nodeName) !== undefined;
      for (const use of exclusiveClaims(graph, resource)) {
        // Pods with `nodeName` never meet the scheduler, which is what enforces ReadWriteOncePod.
        if (use.mode === 'ReadWriteOncePod' && bypassesScheduler) continue;
        report({
          resource,
          path: use.path,
          messageId: use.mode === 'ReadWriteOncePod' ? 'rwop' : 'rwo',
          data: messageData(resource, use, count),
          // A second pod that can never run is certain with a fixed count; an autoscaler may never add one.
          ...(use.mode === 'ReadWriteOncePod' && certain(count) ? { severity: 'error' as const } : {}),
        });
      }
    };
    return { Deployment: check, ReplicaSet: check, ReplicationController: check, DaemonSet: check };
  },
});

/** Several pods run for sure: a fixed count above one, or an autoscaler whose minimum is above one. */
function certain(count: PodCount): boolean {
  if (count.autoscaler) return count.autoscaler.min > 1;
  return count.replicas !== undefined;
}

/** A ReplicaSet a Deployment owns (an export of a cluster) is reported on its Deployment. */
function isOwned(resource: Resource): boolean {
  return asArray(asRecord(resource.obj.metadata)?.ownerReferences).some((ref) => asRecord(ref)?.controller === true);
}

function messageData(resource: Resource, use: ExclusiveClaim, count: PodCount): Record<string, string> {
  const workload = `${resource.kind} \`${resource.name}\``;
  const { autoscaler, replicas } = count;
  let pods: string;
  let others: string;
  if (autoscaler) {
    pods = `up to ${autoscaler.max} pods (HorizontalPodAutoscaler \`${autoscaler.resource.name}\` scales it between ${autoscaler.min} and ${autoscaler.max})`;
    others = 'every pod the autoscaler adds';
  } else if (replicas === undefined) {
    pods = 'a pod on every eligible node';
    others = 'the pods of every other node';
  } else {
    pods = `${replicas} pods (\`replicas: ${replicas}\`)`;
    others = replicas === 2 ? 'the other pod' : `the other ${replicas - 1} pods`;
  }
  const fixOne =
    resource.type === 'Deployment'
      ? `, or run one replica with \`strategy: {type: Recreate}\`${autoscaler ? ' and no autoscaler' : ''}`
      : resource.type === 'DaemonSet'
        ? ''
        : `, or run one replica${autoscaler ? ' and no autoscaler' : ''}`;
  return { workload, pods, others, claim: use.claim.name, volume: use.volume, fixRwx: FIX_RWX, fixOne };
}
