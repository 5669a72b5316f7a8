import { defineRule } from '../src/engine/rule.js';
import { accessModes, claimClass, NODE_LOCAL_PROVISIONERS } from '../src/api/storage.js';
import { asArray, asRecord, asString } from '../src/shared/value.js';
import { formatVersion, isAtLeast } from '../src/api/version.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

/** ReadWriteOncePod: alpha 1.22, beta 1.27, GA 1.29 (feature gate page ReadWriteOncePod). */
const RWOP_GA = '1.29';

export default defineRule({
  id: 'access-mode-prefer-rwop',
  meta: {
    severity: 'info',
    preset: 'all',
    description: 'Volume claim templates should use `ReadWriteOncePod` rather than `ReadWriteOnce` (from Kubernetes 1.29, with CSI storage).',
    messages: {
      preferRwop:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` uses `ReadWriteOnce`, which lets every pod on the node that mounts the volume use it; with `ReadWriteOncePod` (GA since 1.29, target {{version}}), which the StatefulSet documentation recommends for production use, only one pod in the cluster can use each claim. ' +
        'Use `accessModes: [ReadWriteOncePod]` if the storage is a CSI driver. Claim templates cannot change on an existing set, and re-creating the set does not change the claims it already made: for those, follow the task "Change the Access Mode of a PersistentVolume to ReadWriteOncePod".',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      if (!isAtLeast(graph.settings.kubernetesVersion, RWOP_GA)) return;
      const sts = statefulSetView(graph, resource);
      for (const claim of sts.claimTemplates) {
        const modes = accessModes(claim.raw);
        // ReadWriteOncePod cannot be combined with other modes: only a plain ReadWriteOnce can switch.
        if (modes.length === 0 || modes.some((m) => m !== 'ReadWriteOnce')) continue;
        const className = claimClass(claim.raw)?.name;
        const storageClass = className ? graph.get('StorageClass', '', className) : undefined;
        if (storageClass && NODE_LOCAL_PROVISIONERS.has(asString(storageClass.obj.provisioner) ?? '')) continue;
        report({
          resource,
          path: [...claim.path, 'spec', 'accessModes', asArray(asRecord(claim.raw.spec)?.accessModes).indexOf('ReadWriteOnce')],
          messageId: 'preferRwop',
          data: { claim: claim.name || `#${claim.index + 1}`, set: sts.name, version: formatVersion(graph.settings.kubernetesVersion) },
        });
      }
    },
  }),
});
