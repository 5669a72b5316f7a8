import { GATED_FIELDS, gateEnabled } from '../src/api/feature-gates.js';
import { formatVersion, isAtLeast } from '../src/api/version.js';
import { nameList, setChangeOf } from '../src/change/set-change.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'scale-down-keeps-claims',
  meta: {
    severity: 'info',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description: 'A scale-down keeps the claims of the removed pods; a later scale-up re-attaches them with their old data.',
    messages: {
      kept:
        'StatefulSet `{{set}}` scales from {{from}} to {{to}} replicas since {{base}}; {{why}}, so the claims of the removed pods ({{claims}}) stay, and scaling up again re-attaches them with their old data. ' +
        'That is usually what you want; if those members must start empty next time, delete the claims once the pods are gone (`kubectl delete pvc {{first}}` …).',
    },
  },
  create: ({ graph, change, report }) => {
    if (!change) return {};
    const target = graph.settings.kubernetesVersion;
    // The retention policy's releases come from GATED_FIELDS (src/api/feature-gates.ts).
    const policy = GATED_FIELDS.find((f) => f.gate === 'StatefulSetAutoDeletePVC')!;
    const why = gateEnabled(policy.gate, target)
      ? 'with `whenScaled: Retain` (the default) claims are kept on scale-down'
      : isAtLeast(target, policy.since)
        ? `Kubernetes ${formatVersion(target)} keeps claims on scale-down (its retention policy is behind the ${policy.gate} feature gate, off by default before ${policy.onBy})`
        : `Kubernetes ${formatVersion(target)} keeps claims on scale-down (the retention policy arrived in ${policy.since})`;
    return {
      StatefulSet(resource) {
        const c = setChangeOf(change, resource);
        if (!c?.base || !c.next || c.kind !== 'updated' || c.startShifted || c.next.autoscaled || c.claims.retained.length === 0) return;
        report({
          resource,
          path: ['spec', 'replicas'],
          messageId: 'kept',
          data: {
            set: resource.name,
            base: change.label,
            from: c.base.replicas,
            to: c.next.replicas,
            why,
            claims: nameList(c.claims.retained),
            first: c.claims.retained[0]!,
          },
        });
      },
    };
  },
});
