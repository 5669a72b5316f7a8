import { defineRule } from '../src/rule.js';
import type { ResourceGraph } from '../src/graph.js';
import { listAnd } from '../src/names.js';
import { asRecord, asString } from '../src/value.js';

export default defineRule({
  id: 'pvc-retention-deletes-data',
  meta: {
    severity: 'warning',
    description: 'A `persistentVolumeClaimRetentionPolicy` of `Delete` removes the claims, and usually the data, when the set is deleted or scaled down.',
    messages: {
      whenDeleted:
        'StatefulSet `{{set}}` has `whenDeleted: Delete`: deleting the set also deletes its claims ({{claims}}){{reclaim}}. ' +
        'Use `whenDeleted: Retain` (the default) unless losing the data on deletion is intended.',
      whenScaled:
        'StatefulSet `{{set}}` has `whenScaled: Delete`: scaling down deletes the claims of the removed pods (e.g. {{claims}}){{reclaim}}, so scaling back up starts those members empty. ' +
        'Use `whenScaled: Retain` (the default) unless that is intended.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = graph.statefulSet(resource);
      const policy = asRecord(sts.spec?.persistentVolumeClaimRetentionPolicy);
      if (!policy || sts.claimTemplates.length === 0) return;
      const { identity } = sts;
      const last = Math.max(identity.firstOrdinal, identity.lastOrdinal);
      const claimNames = sts.claimTemplates.map((c) => c.name).filter(Boolean);
      const data = {
        set: sts.name,
        claims: listAnd(claimNames.map((c) => identity.claimName(c, identity.firstOrdinal))),
        reclaim: reclaimNote(graph, sts.claimTemplates.map((c) => asString(asRecord(c.raw.spec)?.storageClassName))),
      };
      if (policy.whenDeleted === 'Delete') {
        report({ resource, path: ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted'], messageId: 'whenDeleted', data });
      }
      if (policy.whenScaled === 'Delete') {
        report({
          resource,
          path: ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenScaled'],
          messageId: 'whenScaled',
          data: { ...data, claims: listAnd(claimNames.map((c) => identity.claimName(c, last))) },
        });
      }
    },
  }),
});

/** What happens to the volumes once the claims are gone, as far as the input tells. */
function reclaimNote(graph: ResourceGraph, classes: (string | undefined)[]): string {
  const deleting = classes
    .filter((c): c is string => !!c)
    .filter((c) => {
      const storageClass = graph.get('StorageClass', '', c);
      return storageClass && (asString(storageClass.obj.reclaimPolicy) ?? 'Delete') === 'Delete';
    });
  return deleting.length > 0
    ? `, and StorageClass ${listAnd([...new Set(deleting)])} has \`reclaimPolicy: Delete\`, so the volumes and their data are destroyed too`
    : ', and with the usual `reclaimPolicy: Delete` the volumes and their data go with them';
}
