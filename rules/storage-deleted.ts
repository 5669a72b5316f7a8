import { nameList, podNames, reclaimNote, setChangeOf, setChanges } from '../src/change/set-change.js';
import { orphanFlag } from '../src/api/release-facts.js';
import { defineRule } from '../src/engine/rule.js';
import { isAdvancedStatefulSet } from '../src/api/kinds.js';

export default defineRule({
  id: 'storage-deleted',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description:
      'A deleted or renamed StatefulSet under `whenDeleted: Delete`, a scale-down under `whenScaled: Delete`, or a deleted Namespace that still holds claims, deletes claims and, with the usual reclaim policy, their data.',
    messages: {
      deleted:
        'StatefulSet `{{set}}` is gone since {{base}} and has `whenDeleted: Delete`: deleting it also deletes its claims {{claims}}{{reclaim}}. ' +
        'If the data must survive, apply `whenDeleted: Retain` before the set is deleted, or delete it with `kubectl delete statefulset {{set}} {{orphan}}`.',
      namespaceDeleted:
        'StatefulSet `{{set}}` is gone since {{base}}, and so is Namespace `{{namespace}}` that holds it: a deploy that prunes what the manifests no longer hold (`kubectl apply --prune`, Argo CD or Flux pruning) deletes the namespace and everything in it, its claims {{claims}} too{{reclaim}}. ' +
        'Keep Namespace `{{namespace}}` in the manifests until the data is saved elsewhere, or first set the volumes to `persistentVolumeReclaimPolicy: Retain` (`kubectl patch pv <volume> -p \'{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}\'`).',
      movedNamespaceDeleted:
        'StatefulSet `{{set}}` moves from namespace `{{oldNamespace}}` to `{{namespace}}` since {{base}}, and Namespace `{{oldNamespace}}` is gone from the manifests: a deploy that prunes what the manifests no longer hold (`kubectl apply --prune`, Argo CD or Flux pruning) deletes that namespace and everything in it, the claims {{claims}} too{{reclaim}}, while in `{{namespace}}` the pods start with new, empty claims ({{created}}). ' +
        'Keep Namespace `{{oldNamespace}}` until the data is copied to the new claims, or first set the old volumes to `persistentVolumeReclaimPolicy: Retain` (`kubectl patch pv <volume> -p \'{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}\'`) and bind them to claims of the new namespace.',
      renamed:
        'StatefulSet `{{set}}` was `{{old}}` in {{base}}: the old set is deleted, and under its `whenDeleted: Delete` its claims {{claims}} go with it{{reclaim}}, while the new set starts with new, empty claims. ' +
        'Keep the old name, or apply `whenDeleted: Retain` to the old set before renaming it.',
      scaledDown:
        'StatefulSet `{{set}}` scales from {{from}} to {{to}} replicas since {{base}} under `whenScaled: Delete`: the claims of the removed pods ({{claims}}) are deleted with them{{reclaim}}, and a later scale-up starts those members empty. ' +
        'Keep {{from}} replicas, or set `whenScaled: Retain` if the data of removed members must survive.',
      shifted:
        '`ordinals.start` of StatefulSet `{{set}}` moves since {{base}} under `whenScaled: Delete`: pods {{pods}} leave the ordinal range and their claims ({{claims}}) are deleted with them{{reclaim}}. ' +
        'Keep the start ordinal, or set `whenScaled: Retain` (and move the data) before shifting it.',
    },
  },
  create: ({ graph, change, report }) => {
    if (!change) return {};
    const orphan = orphanFlag(graph.settings.kubernetesVersion);
    for (const c of setChanges(change)) {
      if (c.kind !== 'deleted' || !c.base || c.claims.deleted.length === 0) continue;
      const resource = c.base.resource;
      // Whether OpenKruise deletes an Advanced StatefulSet's claims depends on its own feature gate.
      if (isAdvancedStatefulSet(resource)) continue;
      const data = { set: resource.name, base: change.label, claims: nameList(c.claims.deleted), reclaim: reclaimNote(change.base, c.base) };
      if (c.namespaceDeleted)
        report({ resource, path: ['metadata', 'namespace'], messageId: 'namespaceDeleted', data: { ...data, namespace: c.namespaceDeleted } });
      else report({ resource, path: ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted'], messageId: 'deleted', data: { ...data, orphan } });
    }
    return {
      StatefulSet(resource) {
        const c = setChangeOf(change, resource);
        if (!c?.base || !c.next || c.claims.deleted.length === 0) return;
        const common = { set: resource.name, base: change.label, claims: nameList(c.claims.deleted) };
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
        if (c.startShifted) {
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
