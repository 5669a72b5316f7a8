import { defineRule } from '../src/engine/rule.js';
import { listOr, nearMisses } from '../src/shared/text.js';
import { statefulSetView, type StatefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'volume-mount-unresolved',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: 'Every volume mount must name a pod volume or a volume claim template.',
    messages: {
      unresolved:
        'Container `{{container}}` of StatefulSet `{{set}}` mounts volume `{{volume}}`, which is neither a pod volume nor a volume claim template{{hint}}, so no pod can be created. ' +
        'Rename the mount to an existing volume, or add a volume or claim template named `{{volume}}`.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      for (const container of sts.containers) {
        for (const ref of container.volumeRefs) {
          if (resolves(sts, ref.name)) continue;
          // Made only for a finding: most mounts resolve.
          const available = new Set([...sts.volumes.map((v) => v.name), ...sts.claimTemplates.map((c) => c.name)]);
          available.delete('');
          const near = nearMisses(ref.name, available);
          report({
            resource,
            path: ref.path,
            messageId: 'unresolved',
            data: {
              container: container.name || `${container.group}[${container.index}]`,
              set: sts.name,
              volume: ref.name,
              hint: near.length > 0 ? ` (did you mean ${listOr(near)}?)` : available.size === 0 ? ' (the pod has no volumes at all)' : '',
            },
          });
        }
      }
    },
  }),
});

/** Whether a pod volume or a claim template of the set is named `name`. */
function resolves(sts: StatefulSetView, name: string): boolean {
  if (name === '') return false;
  for (const volume of sts.volumes) if (volume.name === name) return true;
  for (const claim of sts.claimTemplates) if (claim.name === name) return true;
  return false;
}
