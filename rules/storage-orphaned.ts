import { showValue } from '../src/change/compare.js';
import { setUpdateRejected } from '../src/change/immutable.js';
import { nameList, podNames, setChangeOf } from '../src/change/set-change.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'storage-orphaned',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description:
      'A renamed StatefulSet, a move to another namespace, a renamed claim template or a shifted `ordinals.start` leaves the existing claims unused and gives the pods new, empty volumes.',
    messages: {
      renamed:
        'StatefulSet `{{set}}` was `{{old}}` in {{base}} (same selector or pod template): under a new name it is a new set, so its pods start with new, empty claims ({{created}}) while the claims of `{{old}}` ({{orphaned}}) stay behind, unused, with the data. ' +
        "Keep the name `{{old}}`, or move the data first: with the old volumes' reclaim policy set to Retain, bind each old volume to a claim of the new name before the new set starts.",
      moved:
        'StatefulSet `{{set}}` was in namespace `{{oldNamespace}}` in {{base}}: claims belong to a namespace, so in `{{namespace}}` its pods start with new, empty claims ({{created}}) while the claims in `{{oldNamespace}}` ({{orphaned}}) stay behind, unused, with the data. ' +
        'Keep the namespace `{{oldNamespace}}`, or copy the data to the new claims before the pods start.',
      template:
        'Claim template `{{template}}` of StatefulSet `{{set}}` is gone since {{base}}: once the set runs with these templates (claim templates cannot be updated, so only after it is re-created), nothing mounts the claims {{orphaned}} any more and their data stays behind unused{{created}}. ' +
        'Keep the claim template `{{template}}`, or copy the data to the new claims before the pods start.',
      templateAdvanced:
        'Claim template `{{template}}` of Advanced StatefulSet `{{set}}` is gone since {{base}}: OpenKruise accepts the change, and every pod it re-creates from now on (a rolling update, a pod deleted or evicted) mounts the claims of the new templates, so nothing mounts the claims {{orphaned}} any more and their data stays behind unused{{created}}. ' +
        'Keep the claim template `{{template}}`, or copy the data to the new claims before the pods are re-created.',
      start:
        '`ordinals.start` of StatefulSet `{{set}}` moves from {{before}} to {{after}} since {{base}}: pods {{deleted}} are deleted, pods {{added}} start with new, empty claims, and the claims {{orphaned}} stay behind unused with their data. ' +
        'Keep the start ordinal, or copy the data to the new claims first; shifting the start is meant for moving members between StatefulSets (KEP-3335).',
    },
  },
  create: ({ graph, change, report }) => {
    if (!change) return {};
    return {
      StatefulSet(resource) {
        const c = setChangeOf(change, resource);
        if (!c?.base || !c.next) return;
        const base = { base: change.label, set: resource.name };
        if (c.kind !== 'updated') {
          // Deleting the old set deletes its claims under `whenDeleted: Delete`: storage-deleted says that.
          if (c.claims.orphaned.length === 0) return;
          const data = { ...base, old: c.base.resource.name, created: nameList(c.claims.created), orphaned: nameList(c.claims.orphaned) };
          if (c.kind === 'moved') {
            report({
              resource,
              path: ['metadata', 'namespace'],
              messageId: 'moved',
              data: { ...data, oldNamespace: c.base.resource.namespace, namespace: resource.namespace },
            });
          } else {
            report({ resource, path: ['metadata', 'name'], messageId: 'renamed', data });
          }
          return;
        }
        for (const template of c.base.claimTemplates) {
          if (c.next.claimTemplates.includes(template)) continue;
          const orphaned = c.claims.orphaned.filter((name) => name.startsWith(`${template}-${c.base!.resource.name}-`));
          if (orphaned.length === 0) continue;
          const fresh = c.next.claimTemplates.filter((t) => !c.base!.claimTemplates.includes(t));
          const created = fresh.length > 0 ? `, while the pods get new, empty claims of ${fresh.map((t) => `\`${t}\``).join(', ')}` : '';
          const index = c.next.view.claimTemplates.findIndex((t) => fresh.includes(t.name));
          const path = index >= 0 ? ['spec', 'volumeClaimTemplates', index, 'metadata', 'name'] : ['spec', 'volumeClaimTemplates'];
          report({
            resource,
            path,
            on: index >= 0 ? 'value' : 'key',
            // OpenKruise lets claim templates change (unless its webhook rejects this change, see update-forbidden).
            messageId:
              c.next.advanced && c.pair && setUpdateRejected(c.pair, graph, graph.settings.kubernetesVersion).length === 0 ? 'templateAdvanced' : 'template',
            data: { ...base, template, orphaned: nameList(orphaned), created },
          });
        }
        if (c.startShifted && c.removed.length > 0 && c.next.whenScaled === 'Retain' && c.base.claimTemplates.length > 0) {
          const orphaned = c.claims.orphaned.filter((name) =>
            c.base!.claimTemplates.some((t) => c.removed.some((i) => name === c.base!.view.identity.claimName(t, i))),
          );
          report({
            resource,
            path: ['spec', 'ordinals', 'start'],
            messageId: 'start',
            data: {
              ...base,
              before: `\`${showValue(c.base.first)}\``,
              after: `\`${showValue(c.next.first)}\``,
              deleted: nameList(podNames(c.base, c.removed)),
              added: nameList(podNames(c.next, c.added)),
              orphaned: nameList(orphaned),
            },
          });
        }
      },
    };
  },
});
