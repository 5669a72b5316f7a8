import { holds, since } from '../src/api/release-facts.js';
import { formatVersion } from '../src/api/version.js';
import { fieldName, setUpdateRejected } from '../src/change/immutable.js';
import { nameList, podNames, setChangeOf } from '../src/change/set-change.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'rollout-not-triggered',
  meta: {
    severity: 'info',
    preset: 'recommended',
    description: 'The pod template changed, but no pod will be updated: the update strategy is `OnDelete`, or the `partition` is at or above the replicas.',
    messages: {
      onDelete:
        'The pod template of StatefulSet `{{set}}` changed since {{base}} (`{{field}}`), but under the `OnDelete` update strategy no pod is replaced: {{pods}} keep the old template until each is deleted. ' +
        'Delete them one at a time, highest ordinal first (`kubectl delete pod {{last}}`, then wait until it is Ready), or switch to `updateStrategy: RollingUpdate`.',
      noUpdates:
        'The pod template of StatefulSet `{{set}}` changed since {{base}} (`{{field}}`), but Kubernetes {{release}} never replaces a running pod of a StatefulSet (update strategies arrived in {{since}}): {{pods}} keep the old template until each is deleted. ' +
        'Delete them one at a time, highest ordinal first (`kubectl delete pod {{last}}`, then wait until it is Ready).',
      partition:
        'The pod template of StatefulSet `{{set}}` changed since {{base}} (`{{field}}`), but `partition: {{partition}}` is not below the {{replicas}} replicas, so no pod is updated: {{pods}} keep the old template. ' +
        'Lower the partition to roll the change out, e.g. to {{canary}} to update {{canaryPod}} first, then to 0.',
    },
  },
  create: ({ graph, change, report }) => {
    if (!change) return {};
    const target = graph.settings.kubernetesVersion;
    return {
      StatefulSet(resource) {
        const c = setChangeOf(change, resource);
        if (!c?.next || c.kind !== 'updated' || !c.templateChange || c.updated.length > 0 || c.keepOld.length === 0) return;
        // An update the API server rejects changes nothing at all: update-forbidden says so.
        if (c.pair && setUpdateRejected(c.pair, graph, target).length > 0) return;
        const pods = podNames(c.next, c.keepOld);
        const data = { set: resource.name, base: change.label, field: fieldName(c.templateChange), pods: nameList(pods), last: pods[pods.length - 1]! };
        if (!holds('statefulset-update-strategy', target)) {
          report({
            resource,
            path: c.templateChange,
            messageId: 'noUpdates',
            data: { ...data, release: formatVersion(target), since: since('statefulset-update-strategy') },
          });
        } else if (c.next.strategy === 'OnDelete') {
          report({ resource, path: c.templateChange, messageId: 'onDelete', data });
        } else if (c.next.partition >= c.next.replicas) {
          // Below the replicas the partition updates pods, only not running ones (a scale-up's new pods get the new template).
          report({
            resource,
            path: c.templateChange,
            messageId: 'partition',
            data: {
              ...data,
              partition: c.next.partition,
              replicas: c.next.replicas,
              canary: Math.max(0, c.next.replicas - 1),
              // An Advanced StatefulSet with a priority strategy picks the pod by its labels (Kruise's sortPodsToUpdate).
              canaryPod: c.next.priorityOrder ? 'the pod `unorderedUpdate.priorityStrategy` ranks first' : `\`${data.last}\``,
            },
          });
        }
      },
    };
  },
});
