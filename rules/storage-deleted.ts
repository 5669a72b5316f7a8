import { nameList, podNames, reclaimNote, setChangeOf, setChanges } from '../src/change/set-change.js';
import { defineRule } from '../src/engine/rule.js';
import { isAdvancedStatefulSet } from '../src/api/kinds.js';

export default defineRule({
  id: 'storage-deleted',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description:
      'A deleted or renamed StatefulSet under `whenDeleted: Delete`, or a scale-down under `whenScaled: Delete`, deletes claims and, with the usual reclaim policy, their data.',
    messages: {
      deleted:
        'StatefulSet `{{set}}` is gone since {{base}} and has `whenDeleted: Delete`: deleting it also deletes its claims {{claims}}{{reclaim}}. ' +
        'If the data must survive, apply `whenDeleted: Retain` before the set is deleted, or delete it with `kubectl delete statefulset {{set}} --cascade=orphan`.',
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
    for (const c of setChanges(change)) {
      if (c.kind !== 'deleted' || !c.base || c.claims.deleted.length === 0) continue;
      const resource = c.base.resource;
      // Whether OpenKruise deletes an Advanced StatefulSet's claims depends on its own feature gate.
      if (isAdvancedStatefulSet(resource)) continue;
      report({
        resource,
        path: ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted'],
        messageId: 'deleted',
        data: { set: resource.name, base: change.label, claims: nameList(c.claims.deleted), reclaim: reclaimNote(change.base, c.base) },
      });
    }
    return {
      StatefulSet(resource) {
        const c = setChangeOf(change, resource);
        if (!c?.base || !c.next || c.claims.deleted.length === 0) return;
        const common = { set: resource.name, base: change.label, claims: nameList(c.claims.deleted) };
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
