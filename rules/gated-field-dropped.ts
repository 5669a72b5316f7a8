import { defineRule } from '../src/engine/rule.js';
import { GATED_FIELDS, type GatedField } from '../src/api/feature-gates.js';
import { maxUnavailable } from '../src/kubernetes/rollout.js';
import type { StatefulSetView } from '../src/kubernetes/statefulset.js';
import { asInteger, asRecord, getIn } from '../src/shared/value.js';
import { formatVersion, isAtLeast, type KubernetesVersion } from '../src/api/version.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

export default defineRule({
  id: 'gated-field-dropped',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description:
      'A StatefulSet field whose feature gate is off by default in the target Kubernetes release is dropped by the API server, so the set behaves as if it were absent.',
    messages: {
      dropped:
        'StatefulSet `{{set}}` sets `{{field}}`, but in Kubernetes {{target}} its feature gate `{{gate}}` is off by default (on by default in {{onBy}}{{patchNote}}): the API server drops the field on create and the controller ignores it, {{effect}}. ' +
        'Enable the gate on the API server and controller manager, target a release where it is on, or remove the field so that the manifest says what the cluster will do.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const target = graph.settings.kubernetesVersion;
      const sts = statefulSetView(graph, resource);
      for (const gated of GATED_FIELDS) {
        if (!isAtLeast(target, gated.since) || gated.enabled(target)) continue;
        const effect = effectOfDropping(gated, sts);
        if (effect === undefined) continue;
        report({
          resource,
          path: gated.path,
          on: 'key',
          messageId: 'dropped',
          data: {
            set: sts.name,
            field: gated.path.slice(1).join('.'),
            target: formatVersion(target),
            gate: gated.gate,
            onBy: gated.onBy,
            patchNote: patchNote(gated, target),
            effect,
          },
        });
      }
    },
  }),
});

/** What the set loses when the field is dropped; undefined when the field is absent or dropping it changes nothing. */
function effectOfDropping(gated: GatedField, sts: StatefulSetView): string | undefined {
  const raw = getIn(sts.resource.obj, gated.path);
  switch (gated.gate) {
    case 'StatefulSetMinReadySeconds': {
      const seconds = asInteger(raw);
      return seconds !== undefined && seconds > 0 ? `so new pods count as available as soon as they are Ready instead of after ${seconds} seconds` : undefined;
    }
    case 'StatefulSetAutoDeletePVC': {
      const policy = asRecord(raw);
      const deletes = policy?.whenDeleted === 'Delete' || policy?.whenScaled === 'Delete';
      return deletes ? 'so the claims are always retained: deleting or scaling down the set does not delete them' : undefined;
    }
    case 'StatefulSetStartOrdinal': {
      const start = asInteger(raw);
      if (start === undefined || start <= 0) return undefined;
      return `so the pods are numbered from 0 (\`${sts.identity.podName(0)}\`, claims and DNS names alike) instead of from ${start} (\`${sts.identity.podName(start)}\`)`;
    }
    case 'MaxUnavailableStatefulSet': {
      const limit = maxUnavailable(sts);
      return limit && Math.min(limit.pods, sts.replicas) > 1
        ? `so a rolling update replaces one pod at a time instead of ${Math.min(limit.pods, sts.replicas)}`
        : undefined;
    }
    default:
      return undefined;
  }
}

/** 1.35 changed the maxUnavailable default in a patch release: say so when the target gives no patch. */
function patchNote(gated: GatedField, target: KubernetesVersion): string {
  if (gated.gate !== 'MaxUnavailableStatefulSet' || target.minor !== 35 || target.patch !== undefined) return '';
  return '; if the cluster runs one of those early 1.35 patches, give the patch level, e.g. `1.35.3`';
}
