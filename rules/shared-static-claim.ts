import { defineRule } from '../src/engine/rule.js';
import { listAnd } from '../src/shared/text.js';
import { accessModes } from '../src/api/storage.js';
import { asRecord, asString } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

const SINGLE_NODE = new Set(['ReadWriteOnce', 'ReadWriteOncePod']);

export default defineRule({
  id: 'shared-static-claim',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description:
      'Replicas of a StatefulSet should not share one PersistentVolumeClaim named in the pod template; per-pod storage comes from `volumeClaimTemplates`.',
    messages: {
      shared:
        'Volume `{{volume}}` of StatefulSet `{{set}}` mounts the one claim `{{claim}}` in {{pods}}{{modes}}, so the pods share one disk instead of having stable storage each{{conflict}}. ' +
        'Move the volume to `volumeClaimTemplates` (each pod then gets `{{volume}}-{{set}}-<ordinal>`), or use a `ReadWriteMany` claim if sharing is intended.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const autoscaled = graph.autoscalersOf(resource).length > 0;
      if (sts.replicas <= 1 && !autoscaled) return;
      const claimTemplates = new Set(sts.claimTemplates.map((c) => c.name));
      for (const volume of sts.volumes) {
        // A same-named claim template replaces the volume (claim-template-shadows-volume).
        if (claimTemplates.has(volume.name)) continue;
        const claimName = asString(asRecord(volume.raw.persistentVolumeClaim)?.claimName);
        if (!claimName) continue;
        const claim = graph.get('PersistentVolumeClaim', sts.namespace, claimName);
        const modes = claim ? accessModes(claim.obj) : [];
        // A claim made for sharing (ReadWriteMany, ReadOnlyMany) is shared on purpose.
        if (claim && modes.length > 0 && !modes.some((m) => SINGLE_NODE.has(m))) continue;
        const single = modes.filter((m) => SINGLE_NODE.has(m));
        report({
          resource,
          path: [...volume.path, 'persistentVolumeClaim', 'claimName'],
          messageId: 'shared',
          data: {
            volume: volume.name,
            set: sts.name,
            claim: claimName,
            pods: autoscaled ? 'every pod of the autoscaled set' : sts.replicas === 2 ? 'both pods' : `all ${sts.replicas} pods`,
            modes: modes.length > 0 ? ` (access modes ${listAnd(modes)})` : '',
            conflict: single.includes('ReadWriteOncePod')
              ? '; with `ReadWriteOncePod` only one pod can use it and the others stay Pending'
              : single.length > 0
                ? '; with `ReadWriteOnce` pods on other nodes cannot attach it and stay Pending'
                : '',
          },
        });
      }
    },
  }),
});
