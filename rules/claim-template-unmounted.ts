import { defineRule } from '../src/engine/rule.js';
import { statefulSetView, type StatefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'claim-template-unmounted',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: 'Every volume claim template should be mounted by a container; otherwise each pod gets a disk nothing uses.',
    messages: {
      unmounted:
        'Volume claim template `{{claim}}` of StatefulSet `{{set}}` is not mounted by any container, so every pod gets a persistent volume (`{{example}}`, …) that nothing writes to and the data lives elsewhere. ' +
        'Add a `volumeMounts` entry named `{{claim}}` to the container that stores the data, or remove the template.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      for (const claim of sts.claimTemplates) {
        if (!claim.name || mounts(sts, claim.name)) continue;
        report({
          resource,
          path: [...claim.path, 'metadata', 'name'],
          messageId: 'unmounted',
          data: { claim: claim.name, set: sts.name, example: sts.identity.claimName(claim.name, sts.identity.firstOrdinal) },
        });
      }
    },
  }),
});

/** Whether a container of the set mounts (or attaches) the volume `name`. */
function mounts(sts: StatefulSetView, name: string): boolean {
  for (const container of sts.containers) for (const ref of container.volumeRefs) if (ref.name === name) return true;
  return false;
}
