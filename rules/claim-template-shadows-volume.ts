import { defineRule } from '../src/engine/rule.js';
import { asRecord, asString } from '../src/shared/value.js';
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
        const sources = Object.keys(volume.raw).filter((k) => k !== 'name' && volume.raw[k] !== null && volume.raw[k] !== undefined);
        // A placeholder says nothing the claim template contradicts: no source at all, or a claim
        // of the template's own name (CockroachDB, Dgraph and Sourcegraph manifests declare both).
        if (sources.length === 0) continue;
        if (sources.length === 1 && sources[0] === 'persistentVolumeClaim' && asString(asRecord(volume.raw.persistentVolumeClaim)?.claimName) === volume.name)
          continue;
        const source = sources[0];
        report({
          resource,
          path: [...volume.path, 'name'],
          messageId: 'shadowed',
          data: {
            volume: volume.name,
            set: sts.name,
            claim: sts.identity.claimName(volume.name, sts.identity.firstOrdinal),
            source: `\`${source}\``,
          },
        });
      }
    },
  }),
});
