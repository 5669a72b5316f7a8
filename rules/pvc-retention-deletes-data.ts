import { defineRule } from '../src/engine/rule.js';
import { isAtLeast } from '../src/api/version.js';
import type { ResourceGraph } from '../src/graph/graph.js';
import { listAnd } from '../src/shared/text.js';
import { asInteger, asRecord, asString, type JsonRecord } from '../src/shared/value.js';
import { storageClassOf } from '../src/kubernetes/storage-classes.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';
import { isAdvancedStatefulSet } from '../src/api/kinds.js';
import { nameList } from '../src/change/set-change.js';

export default defineRule({
  id: 'pvc-retention-deletes-data',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    hasSuggestions: true,
    description: 'A `persistentVolumeClaimRetentionPolicy` of `Delete` removes the claims, and usually the data, when the set is deleted or scaled down.',
    messages: {
      whenDeleted:
        '{{kind}} `{{set}}` has `whenDeleted: Delete`: deleting the set also deletes its claims ({{claims}}).{{reclaim}} ' +
        'Use `whenDeleted: Retain` (the default) unless losing the data on deletion is intended.',
      whenScaled:
        '{{kind}} `{{set}}` has `whenScaled: Delete`: scaling down deletes the claims of the removed pods (e.g. {{claims}}), so scaling back up starts those members empty.{{reclaim}} ' +
        'Use `whenScaled: Retain` (the default) unless that is intended.',
      whenScaledToZero:
        '{{kind}} `{{set}}` has `whenScaled: Delete` and `replicas: 0`: scaling it down to 0 deletes the claims of all the pods it had ({{claims}}), so scaling back up starts every member empty.{{reclaim}} ' +
        'Use `whenScaled: Retain` (the default) unless that is intended.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const policy = asRecord(sts.spec?.persistentVolumeClaimRetentionPolicy);
      const claimNames = sts.claimTemplates.map((c) => c.name).filter(Boolean);
      // Before 1.27 the policy is dropped on create (gate off), which gated-field-dropped reports. OpenKruise
      // applies an Advanced StatefulSet's policy itself, under its StatefulSetAutoDeletePVC gate (on by default).
      const advanced = isAdvancedStatefulSet(resource);
      if (!policy || claimNames.length === 0 || (!advanced && !isAtLeast(graph.settings.kubernetesVersion, '1.27'))) return;
      const { identity } = sts;
      const last = Math.max(identity.firstOrdinal, identity.lastOrdinal);
      // With `replicas: 0` the set has no pod, so no claim name can be given: name the pattern.
      const noPods = asInteger(sts.spec?.replicas) === 0;
      const pattern = (c: string): string => `\`${identity.claimName(c, identity.firstOrdinal).replace(/\d+$/, '<ordinal>')}\``;
      // Reserved ordinals (an Advanced StatefulSet's) inside the range have no pod: list the claims, not a range.
      const gaps = sts.reservedOrdinals.some(([lo, hi]) => hi >= identity.firstOrdinal && lo <= last);
      const existing = (c: string): string[] => {
        const names: string[] = [];
        for (let i = identity.firstOrdinal; i <= last && names.length < 1000; i++) if (!identity.isReserved(i)) names.push(identity.claimName(c, i));
        return names;
      };
      const data = {
        set: sts.name,
        kind: advanced ? 'Advanced StatefulSet' : 'StatefulSet',
        claims: claimNames
          .map((c) =>
            noPods
              ? pattern(c)
              : gaps
                ? nameList(existing(c))
                : last > identity.firstOrdinal
                  ? `\`${identity.claimName(c, identity.firstOrdinal)}\` … \`${identity.claimName(c, last)}\``
                  : `\`${identity.claimName(c, identity.firstOrdinal)}\``,
          )
          .join(', '),
        reclaim: reclaimNote(
          graph,
          sts.claimTemplates.map((c) => c.raw),
        ),
      };
      if (policy.whenDeleted === 'Delete') {
        report({
          resource,
          path: ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted'],
          messageId: 'whenDeleted',
          data,
          suggest: [retain('whenDeleted')],
        });
      }
      if (policy.whenScaled === 'Delete') {
        report({
          resource,
          path: ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenScaled'],
          messageId: noPods ? 'whenScaledToZero' : 'whenScaled',
          suggest: [retain('whenScaled')],
          data: noPods ? data : { ...data, claims: listAnd(claimNames.map((c) => identity.claimName(c, last))) },
        });
      }
    },
  }),
});

/** What happens to the volumes once the claims are gone, as far as the input tells. */
function reclaimNote(graph: ResourceGraph, templates: readonly JsonRecord[]): string {
  const deleting = new Set<string>();
  const retaining = new Set<string>();
  for (const template of templates) {
    // A claim without `storageClassName` gets the cluster's default class, when the input has one.
    const storageClass = storageClassOf(graph, template);
    if (!storageClass) continue;
    // reclaimPolicy defaults to Delete for dynamically provisioned volumes.
    if ((asString(storageClass.obj.reclaimPolicy) ?? 'Delete') === 'Delete') deleting.add(storageClass.name);
    else retaining.add(storageClass.name);
  }
  if (deleting.size > 0) {
    return ` StorageClass ${listAnd([...deleting])} has \`reclaimPolicy: Delete\`, so the volumes and their data are destroyed too.`;
  }
  if (retaining.size > 0) {
    return ` StorageClass ${listAnd([...retaining])} retains released volumes, so the data survives only until someone deletes the orphaned PersistentVolumes.`;
  }
  return ' With the usual `reclaimPolicy: Delete` the volumes and their data go with them.';
}

/** The default, which keeps the claims: offered, not applied, since deleting them may be intended. */
function retain(field: 'whenDeleted' | 'whenScaled') {
  return {
    desc: `Set ${field}: Retain (keep the claims and their data)`,
    edits: [{ op: 'set', path: ['spec', 'persistentVolumeClaimRetentionPolicy', field], value: 'Retain' } as const],
  };
}
