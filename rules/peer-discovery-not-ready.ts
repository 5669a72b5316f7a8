import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/graph.js';
import { ordinalSpan } from '../src/kubernetes/ordinals.js';
import { peerIndex, resolveSet, type PeerReference, type ScannedScalar } from '../src/kubernetes/peers.js';
import { asArray, asInteger, asRecord, asString, asStringMap, getIn } from '../src/shared/value.js';
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
      'A StatefulSet whose pods find their peers by DNS and can be running but not Ready (readiness probe, startup probe or readiness gate; init containers under `Parallel`) needs `publishNotReadyAddresses: true` on its governing Service.',
    messages: {
      notReady:
        'StatefulSet `{{set}}` finds its peers through DNS (`{{ref}}` in {{where}}) and its pods have {{gate}}, but its governing Service `{{service}}` publishes DNS records only for Ready pods: a member that is starting, restarting or being updated cannot be resolved, by its peers or by itself, until it is Ready. ' +
        'If it must be reached by name before it reports Ready (to join a quorum, to replicate from a peer), it never becomes Ready{{policyNote}}. ' +
        'Set `publishNotReadyAddresses: true` in the `spec` of Service `{{service}}` (its documented use is this peer discovery).',
      initParallel:
        'StatefulSet `{{set}}` starts all its pods together (`podManagementPolicy: Parallel`) and {{where}} looks up its peers through DNS (`{{ref}}`), but its governing Service `{{service}}` publishes DNS records only for Ready pods, and no pod is Ready while its init containers run: an init container that waits until its peers resolve waits for pods that are themselves still initialising, and no pod starts. ' +
        'Set `publishNotReadyAddresses: true` in the `spec` of Service `{{service}}`.',
    },
  },
  create: ({ graph, report }) => {
    const index = peerIndex(graph);
    return {
      StatefulSet(resource: Resource) {
        const sts = statefulSetView(graph, resource);
        const written = asString(sts.spec?.podManagementPolicy);
        const policy = written === undefined || written === '' ? 'OrderedReady' : written;
        if (policy !== 'OrderedReady' && policy !== 'Parallel') return;
        const service = sts.serviceName === undefined ? undefined : graph.get('Service', sts.namespace, sts.serviceName);
        if (!service) return;
        const spec = asRecord(service.obj.spec);
        if (spec?.publishNotReadyAddresses === true) return;
        const annotations = asStringMap(asRecord(service.obj.metadata)?.annotations) ?? {};
        if (TOLERATE_UNREADY.some((key) => TRUE_VALUES.has(annotations[key] ?? ''))) return;
        // With one pod there are no peers to wait for.
        const replicas = asInteger(sts.spec?.replicas);
        if (graph.autoscalersOf(resource).length === 0 && (replicas ?? 1) <= 1) return;
        // A pod with no readiness probe, startup probe or readiness gate is Ready as soon as its
        // containers run: then only its init containers run while it is unpublished.
        const gate = readinessGate(resource);
        if (!gate && policy !== 'Parallel') return;

        const firstOrdinal = ordinalSpan(graph, sts).first;
        const evidence = findDiscovery(index.readBy(resource), (reference, scalar) => {
          if (!gate && !scalar.path.includes('initContainers')) return false;
          if (reference.kind === 'srv' || reference.kind === 'service') {
            return reference.service === service.name && (reference.namespace === undefined || reference.namespace === sts.namespace);
          }
          if (reference.kind !== 'pod' || reference.service !== service.name) return false;
          if (reference.namespace !== undefined && reference.namespace !== sts.namespace && resource.namespaceExplicit) return false;
          if (resolveSet(graph, reference, scalar.resource.namespace) !== resource) return false;
          // Naming only the first pod (a primary or a seed) is left alone: it needs no peer to become Ready.
          return reference.first !== firstOrdinal || reference.last !== firstOrdinal;
        });
        if (!evidence) return;
        const base = { set: sts.name, ref: evidence.reference.text, where: evidence.scalar.where, service: service.name };
        const at = { resource: service, path: ['spec', 'publishNotReadyAddresses'] };
        if (!gate) {
          report({ ...at, messageId: 'initParallel', data: base });
          return;
        }
        const policyNote =
          policy === 'Parallel'
            ? '; under `podManagementPolicy: Parallel` all members start together, so a first start can stall entirely'
            : `, and under \`podManagementPolicy: OrderedReady\`${written ? '' : ' (the default)'} the pods after it are not created until it is`;
        report({ ...at, messageId: 'notReady', data: { ...base, gate, policyNote } });
      },
    };
  },
});

/** What can keep a running pod from being Ready, as a message names it; undefined when nothing can. */
function readinessGate(resource: Resource): string | undefined {
  const podSpec = asRecord(getIn(resource.obj, ['spec', 'template', 'spec']));
  for (const container of asArray(podSpec?.containers)) {
    const record = asRecord(container);
    const name = asString(record?.name) ?? '';
    if (record?.readinessProbe) return `a readiness probe (container \`${name}\`)`;
  }
  for (const container of asArray(podSpec?.containers)) {
    const record = asRecord(container);
    if (record?.startupProbe) return `a startup probe (container \`${asString(record.name) ?? ''}\`), and are not Ready before it passes`;
  }
  if (asArray(podSpec?.readinessGates).length > 0) return 'readiness gates (`readinessGates`)';
  return undefined;
}

function findDiscovery(
  scalars: readonly ScannedScalar[],
  isDiscovery: (reference: PeerReference, scalar: ScannedScalar) => boolean,
): { scalar: ScannedScalar; reference: PeerReference } | undefined {
  for (const scalar of scalars) {
    for (const reference of scalar.references) if (isDiscovery(reference, scalar)) return { scalar, reference };
  }
  return undefined;
}
