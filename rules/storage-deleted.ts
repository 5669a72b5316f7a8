import { claimNames, nameList, podNames, reclaimNote, setChangeOf, setChanges, type SetVersion } from '../src/change/set-change.js';
import { orphanFlag } from '../src/api/release-facts.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'storage-deleted',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description:
      'A deleted or renamed StatefulSet under `whenDeleted: Delete`, a scale-down under `whenScaled: Delete`, or a deleted Namespace that still holds claims, deletes claims and, with the usual reclaim policy, their data.',
    messages: {
      deleted:
        '{{kind}} `{{set}}` is gone since {{base}} and has `whenDeleted: Delete`: deleting it also deletes its claims {{claims}}{{reclaim}}. ' +
        'If the data must survive, apply `whenDeleted: Retain` before the set is deleted, or delete it with `kubectl delete {{resourceType}} {{set}} {{orphan}}`.',
      namespaceDeleted:
        'StatefulSet `{{set}}` is gone since {{base}}, and so is Namespace `{{namespace}}` that holds it: a deploy that prunes what the manifests no longer hold (`kubectl apply --prune`, Argo CD or Flux pruning) deletes the namespace and everything in it, its claims {{claims}} too{{reclaim}}. ' +
        'Keep Namespace `{{namespace}}` in the manifests until the data is saved elsewhere, or first set the volumes to `persistentVolumeReclaimPolicy: Retain` (`kubectl patch pv <volume> -p \'{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}\'`).',
      movedNamespaceDeleted:
        'StatefulSet `{{set}}` moves from namespace `{{oldNamespace}}` to `{{namespace}}` since {{base}}, and Namespace `{{oldNamespace}}` is gone from the manifests: a deploy that prunes what the manifests no longer hold (`kubectl apply --prune`, Argo CD or Flux pruning) deletes that namespace and everything in it, the claims {{claims}} too{{reclaim}}, while in `{{namespace}}` the pods start with new, empty claims ({{created}}). ' +
        'Keep Namespace `{{oldNamespace}}` until the data is copied to the new claims, or first set the old volumes to `persistentVolumeReclaimPolicy: Retain` (`kubectl patch pv <volume> -p \'{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}\'`) and bind them to claims of the new namespace.',
      renamed:
        '{{kind}} `{{set}}` was `{{old}}` in {{base}}: the old set is deleted, and under its `whenDeleted: Delete` its claims {{claims}} go with it{{reclaim}}, while the new set starts with new, empty claims. ' +
        'Keep the old name, or apply `whenDeleted: Retain` to the old set before renaming it.',
      scaledDown:
        '{{kind}} `{{set}}` scales from {{from}} to {{to}} replicas since {{base}} under `whenScaled: Delete`: the claims of the removed pods ({{claims}}) are deleted with them{{reclaim}}, and a later scale-up starts those members empty. ' +
        'Keep {{from}} replicas, or set `whenScaled: Retain` if the data of removed members must survive.',
      reserved:
        '`reserveOrdinals` of Advanced StatefulSet `{{set}}` changes since {{base}} under `whenScaled: Delete`: OpenKruise deletes pods {{pods}}, whose ordinals are now reserved, and their claims ({{claims}}) with them{{reclaim}}; a later un-reserve starts those members empty. ' +
        'Keep those ordinals unreserved, or set `whenScaled: Retain` first if their data must survive.',
      shifted:
        '`ordinals.start` of {{kind}} `{{set}}` moves since {{base}} under `whenScaled: Delete`: pods {{pods}} leave the ordinal range and their claims ({{claims}}) are deleted with them{{reclaim}}. ' +
        'Keep the start ordinal, or set `whenScaled: Retain` (and move the data) before shifting it.',
    },
  },
  create: ({ graph, change, report }) => {
    if (!change) return {};
    const orphan = orphanFlag(graph.settings.kubernetesVersion);
    for (const c of setChanges(change)) {
      if (c.kind !== 'deleted' || !c.base || c.claims.deleted.length === 0) continue;
      const resource = c.base.resource;
      const data = {
        set: resource.name,
        base: change.label,
        claims: nameList(c.claims.deleted),
        reclaim: reclaimNote(change.base, c.base),
        // `kubectl delete statefulset` names the apps/v1 resource; an Advanced StatefulSet needs its group.
        resourceType: c.base.advanced ? 'statefulsets.apps.kruise.io' : 'statefulset',
        kind: kindName(c.base),
      };
      if (c.namespaceDeleted)
        report({ resource, path: ['metadata', 'namespace'], messageId: 'namespaceDeleted', data: { ...data, namespace: c.namespaceDeleted } });
      else report({ resource, path: ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted'], messageId: 'deleted', data: { ...data, orphan } });
    }
    return {
      StatefulSet(resource) {
        const c = setChangeOf(change, resource);
        if (!c?.base || !c.next || c.claims.deleted.length === 0) return;
        const common = { set: resource.name, base: change.label, claims: nameList(c.claims.deleted), kind: kindName(c.next) };
        if ((c.kind === 'moved' || c.kind === 'renamed-and-moved') && c.namespaceDeleted) {
          report({
            resource,
            path: ['metadata', 'namespace'],
            messageId: 'movedNamespaceDeleted',
            data: {
              ...common,
              oldNamespace: c.namespaceDeleted,
              namespace: resource.namespace,
              created: nameList(c.claims.created),
              reclaim: reclaimNote(change.base, c.base),
            },
          });
          return;
        }
        if (c.kind !== 'updated') {
          report({
            resource,
            path: ['metadata', c.kind === 'moved' ? 'namespace' : 'name'],
            messageId: 'renamed',
            data: { ...common, old: c.base.resource.name, reclaim: reclaimNote(change.base, c.base) },
          });
          return;
        }
        // An autoscaler sets the replicas; hpa-with-replicas covers a manifest that fights it.
        if (c.next.autoscaled && !c.startShifted) return;
        const reclaim = reclaimNote(graph, c.next);
        const reserved = c.next.advanced ? c.removed.filter((i) => c.next!.view.identity.isReserved(i)) : [];
        if (reserved.length > 0) {
          report({
            resource,
            path: ['spec', 'reserveOrdinals'],
            messageId: 'reserved',
            data: { ...common, pods: nameList(podNames(c.base, reserved)), claims: nameList(claimNames(c.base, c.base.claimTemplates, reserved)), reclaim },
          });
        } else if (c.startShifted) {
          report({
            resource,
            path: ['spec', 'ordinals', 'start'],
            messageId: 'shifted',
            data: { ...common, pods: nameList(podNames(c.base, c.removed)), reclaim },
          });
        } else {
          report({
            resource,
            path: ['spec', 'replicas'],
            messageId: 'scaledDown',
            data: { ...common, from: c.base.replicas, to: c.next.replicas, reclaim },
          });
        }
      },
    };
  },
});

/** OpenKruise's controller, not a Kubernetes release, applies an Advanced StatefulSet's retention policy: the messages say which set it is. */
function kindName(version: SetVersion): string {
  return version.advanced ? 'Advanced StatefulSet' : 'StatefulSet';
}
