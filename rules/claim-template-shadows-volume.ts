import { defineRule } from '../src/engine/rule.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'claim-template-shadows-volume',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: 'A pod template volume must not have the name of a volume claim template, which silently replaces it.',
    messages: {
      shadowed:
        "Volume `{{volume}}` of the pod template of StatefulSet `{{set}}` has the name of volume claim template `{{volume}}`, so the controller replaces it with each pod's claim (`{{claim}}`, …) and its own source ({{source}}) is never used. " +
        'Remove the volume if the claim template is meant, or rename one of them if both are.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const claims = new Set(sts.claimTemplates.map((c) => c.name).filter(Boolean));
      for (const volume of sts.volumes) {
        if (!claims.has(volume.name)) continue;
        const source = Object.keys(volume.raw).find((k) => k !== 'name');
        report({
          resource,
          path: [...volume.path, 'name'],
          messageId: 'shadowed',
          data: {
            volume: volume.name,
            set: sts.name,
            claim: sts.identity.claimName(volume.name, sts.identity.firstOrdinal),
            source: source ? `\`${source}\`` : 'none given',
          },
        });
      }
    },
  }),
});
