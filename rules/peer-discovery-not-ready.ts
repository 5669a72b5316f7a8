import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/graph.js';
import { ordinalSpan } from '../src/kubernetes/ordinals.js';
import { peerIndex, resolveSet, type PeerReference, type ScannedScalar } from '../src/kubernetes/peers.js';
import { asInteger, asRecord, asString, asStringMap } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

/** Left to tolerate-unready-annotation, which already says to set `publishNotReadyAddresses`. */
const TOLERATE_UNREADY = ['service.alpha.kubernetes.io/tolerate-unready-endpoints', 'service.beta.kubernetes.io/tolerate-unready-endpoints'];
/** strconv.ParseBool's true values, as the endpoints controller read the annotation. */
const TRUE_VALUES = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

export default defineRule({
  id: 'peer-discovery-not-ready',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description:
      'A StatefulSet whose pods find their peers by DNS needs `publishNotReadyAddresses: true` on its governing Service when pods start one at a time.',
    messages: {
      notReady:
        'StatefulSet `{{set}}` finds its peers through DNS (`{{ref}}` in {{where}}), but its governing Service `{{service}}` publishes only Ready pods, and the set starts its pods one at a time, each after the previous one is Ready (`podManagementPolicy: OrderedReady`{{defaulted}}). ' +
        'A member that waits for its peers before it reports Ready never finds them, and the set stalls at its first pod. ' +
        'Set `publishNotReadyAddresses: true` in the `spec` of Service `{{service}}` (or create the set with `podManagementPolicy: Parallel`).',
    },
  },
  create: ({ graph, report }) => {
    const index = peerIndex(graph);
    return {
      StatefulSet(resource: Resource) {
        const sts = statefulSetView(graph, resource);
        const policy = sts.spec?.podManagementPolicy;
        if (policy !== undefined && policy !== null && policy !== '' && policy !== 'OrderedReady') return;
        const service = sts.serviceName === undefined ? undefined : graph.get('Service', sts.namespace, sts.serviceName);
        if (!service) return;
        const spec = asRecord(service.obj.spec);
        if (spec?.publishNotReadyAddresses === true) return;
        const annotations = asStringMap(asRecord(service.obj.metadata)?.annotations) ?? {};
        if (TOLERATE_UNREADY.some((key) => TRUE_VALUES.has(annotations[key] ?? ''))) return;
        // With one pod there are no peers to wait for.
        const written = asInteger(sts.spec?.replicas);
        if (graph.autoscalersOf(resource).length === 0 && (written ?? 1) <= 1) return;

        const firstOrdinal = ordinalSpan(graph, sts).first;
        const evidence = findDiscovery(index.readBy(resource), (reference, scalar) => {
          if (reference.kind === 'srv' || reference.kind === 'service') {
            return reference.service === service.name && (reference.namespace === undefined || reference.namespace === sts.namespace);
          }
          if (reference.kind !== 'pod' || reference.service !== service.name) return false;
          if (reference.namespace !== undefined && reference.namespace !== sts.namespace && resource.namespaceExplicit) return false;
          if (resolveSet(graph, reference, scalar.resource.namespace) !== resource) return false;
          // Naming only the first pod (a primary or seed) is safe: it is Ready before any other pod starts.
          return reference.first !== firstOrdinal || reference.last !== firstOrdinal;
        });
        if (!evidence) return;
        report({
          resource: service,
          path: ['spec', 'publishNotReadyAddresses'],
          messageId: 'notReady',
          data: {
            set: sts.name,
            ref: evidence.reference.text,
            where: evidence.scalar.where,
            service: service.name,
            defaulted: asString(policy) ? '' : ', the default',
          },
        });
      },
    };
  },
});

function findDiscovery(
  scalars: readonly ScannedScalar[],
  isDiscovery: (reference: PeerReference, scalar: ScannedScalar) => boolean,
): { scalar: ScannedScalar; reference: PeerReference } | undefined {
  for (const scalar of scalars) {
    for (const reference of scalar.references) if (isDiscovery(reference, scalar)) return { scalar, reference };
  }
  return undefined;
}
