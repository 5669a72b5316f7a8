import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/graph.js';
import { ordinalSpan } from '../src/kubernetes/ordinals.js';
import { peerIndex, resolveSet, type PeerReference, type ScannedScalar } from '../src/kubernetes/peers.js';
import { asArray, asInteger, asRecord, asString, asStringMap, getIn, type JsonRecord } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

/** Left to tolerate-unready-annotation, which already says to set `publishNotReadyAddresses`. */
const TOLERATE_UNREADY = ['service.alpha.kubernetes.io/tolerate-unready-endpoints', 'service.beta.kubernetes.io/tolerate-unready-endpoints'];
/** strconv.ParseBool's true values, as the endpoints controller read the annotation. */
const TRUE_VALUES = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/** Tools that ask the DNS server itself, bypassing the pod's `/etc/hosts` (where the kubelet writes its own name). */
const DNS_QUERY = /\b(nslookup|dig|drill)\b|\bhost\s+(-\w+\s+)*[$\w]/;
/** Words of a string that waits for a name to resolve or answer. */
const WAITS = /\b(nslookup|dig|drill|getent|ping|until|while|wait-for|wait_for)\b/;
/**
 * Probe commands that check only the local server: ZooKeeper's `ruok`, `ping` commands, `pg_isready`,
 * Bitnami's `*_local.sh` scripts. Such a probe passes as soon as the member's own server answers,
 * before any peer is reachable.
 */
const LOCAL_CHECK = /\bruok\b|\bping\b|\bPING\b|pg_isready|_local\.sh\b|\bisMaster\b|\bhello\b/;

export default defineRule({
  id: 'peer-discovery-not-ready',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description:
      'A StatefulSet whose members must resolve each other by DNS before they can become Ready (a readiness probe that needs its peers, an init container that waits for them or for its own name) needs `publishNotReadyAddresses: true` on its governing Service, and under `OrderedReady` more than that.',
    messages: {
      parallelProbe:
        'StatefulSet `{{set}}` starts all its pods together (`podManagementPolicy: Parallel`), finds its peers through DNS (`{{ref}}` in {{where}}) and has {{gate}} that does not just check the local server, but its governing Service `{{service}}` publishes DNS records only for Ready pods. ' +
        'On a first start no member is Ready, so none can be resolved: if Readiness needs the peers (a quorum, a cluster state), no member ever becomes Ready. ' +
        'Set `publishNotReadyAddresses: true` in the `spec` of Service `{{service}}` (its documented use is this peer discovery).',
      orderedProbe:
        'StatefulSet `{{set}}` checks its peers in its {{probe}} (`{{ref}}` in {{where}}) under `podManagementPolicy: OrderedReady`{{defaultNote}}: the controller creates `{{next}}` only once `{{first}}` is Ready, so a probe of `{{first}}` that waits for a later member waits for a pod that is never created, whatever DNS publishes. ' +
        'If Readiness needs the peers, use `podManagementPolicy: Parallel` (it cannot change on an existing set: recreate the set, the claims are kept) together with `publishNotReadyAddresses: true` on Service `{{service}}`{{publishNote}}.',
      initParallel:
        'StatefulSet `{{set}}` starts all its pods together (`podManagementPolicy: Parallel`) and {{where}} waits for its peers through DNS (`{{ref}}`), but its governing Service `{{service}}` publishes DNS records only for Ready pods, and no pod is Ready while its init containers run: the init containers wait for pods that are themselves still initialising, and no pod starts. ' +
        'Set `publishNotReadyAddresses: true` in the `spec` of Service `{{service}}`.',
      initSelf:
        "StatefulSet `{{set}}`: {{where}} looks up the pod's own DNS name (`{{ref}}`) at the DNS server, but its governing Service `{{service}}` publishes a pod's record only once the pod is Ready, and no pod is Ready while its init containers run: the lookup never succeeds and the pod never starts, under either pod management policy " +
        "(the kubelet writes the pod's own name into its `/etc/hosts`, which `nslookup` and `dig` do not read). Set `publishNotReadyAddresses: true` in the `spec` of Service `{{service}}`, or stop waiting for the own name.",
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
        const publishes = spec?.publishNotReadyAddresses === true;
        const annotations = asStringMap(asRecord(service.obj.metadata)?.annotations) ?? {};
        // Left to tolerate-unready-annotation, which gives the same fix.
        if (TOLERATE_UNREADY.some((key) => TRUE_VALUES.has(annotations[key] ?? ''))) return;
        const base = { set: sts.name, service: service.name };
        const at = { resource: service, path: ['spec', 'publishNotReadyAddresses'] };
        const scalars = index.readBy(resource);
        const selfVariables = index.selfVariables(resource);

        // An init container that asks the DNS server for the pod's own name waits for a record that
        // appears only once the pod is Ready, which it cannot be before its init containers end.
        const self = publishes
          ? undefined
          : findDiscovery(
              scalars,
              (reference, scalar) =>
                reference.kind === 'self' &&
                reference.service === service.name &&
                selfVariables.has(reference.variable) &&
                scalar.path.includes('initContainers') &&
                DNS_QUERY.test(stringAt(scalar)),
            );
        if (self) {
          report({ ...at, messageId: 'initSelf', data: { ...base, ref: self.reference.text, where: self.scalar.where } });
          return;
        }

        // With one pod there are no peers to wait for.
        const replicas = asInteger(sts.spec?.replicas);
        if (graph.autoscalersOf(resource).length === 0 && (replicas ?? 1) <= 1) return;
        const firstOrdinal = ordinalSpan(graph, sts).first;
        const isPeer = (reference: PeerReference, scalar: ScannedScalar): boolean => {
          if (reference.kind === 'srv' || reference.kind === 'service') {
            return reference.service === service.name && (reference.namespace === undefined || reference.namespace === sts.namespace);
          }
          if (reference.kind !== 'pod' || reference.service !== service.name) return false;
          if (reference.namespace !== undefined && reference.namespace !== sts.namespace && resource.namespaceExplicit) return false;
          if (resolveSet(graph, reference, scalar.resource.namespace) !== resource) return false;
          // Naming only the first pod (a primary or a seed) is left alone: it needs no peer to become Ready.
          return reference.first !== firstOrdinal || reference.last !== firstOrdinal;
        };
        const inProbe = (scalar: ScannedScalar): boolean => scalar.path.includes('readinessProbe') || scalar.path.includes('startupProbe');

        if (policy === 'OrderedReady') {
          // Under OrderedReady a member is created only once every lower one is Ready: at a first start
          // the lower ones are published already and the higher ones do not exist, so publishing
          // unready pods decides nothing. What can deadlock is a probe that needs later members.
          const probing = findDiscovery(scalars, (reference, scalar) => inProbe(scalar) && isPeer(reference, scalar));
          if (!probing) return;
          const probe = probing.scalar.path.includes('startupProbe') ? 'startup probe' : 'readiness probe';
          report({
            ...at,
            messageId: 'orderedProbe',
            data: {
              ...base,
              probe,
              ref: probing.reference.text,
              where: probing.scalar.where,
              defaultNote: written ? '' : ' (the default)',
              first: sts.identity.podName(firstOrdinal),
              next: sts.identity.podName(firstOrdinal + 1),
              publishNote: publishes ? ' (already set)' : '',
            },
          });
          return;
        }

        if (publishes) return;
        const waiting = findDiscovery(
          scalars,
          (reference, scalar) => scalar.path.includes('initContainers') && isPeer(reference, scalar) && WAITS.test(stringAt(scalar)),
        );
        if (waiting) {
          report({ ...at, messageId: 'initParallel', data: { ...base, ref: waiting.reference.text, where: waiting.scalar.where } });
          return;
        }
        const gate = readinessGate(resource);
        if (!gate) return;
        const evidence = findDiscovery(scalars, isPeer);
        if (!evidence) return;
        report({ ...at, messageId: 'parallelProbe', data: { ...base, gate, ref: evidence.reference.text, where: evidence.scalar.where } });
      },
    };
  },
});

/** The text of a scanned scalar (a template string or a ConfigMap value). */
function stringAt(scalar: ScannedScalar): string {
  const value = getIn(scalar.resource.obj, scalar.path);
  return typeof value === 'string' ? value : '';
}

/**
 * What can keep a running pod from being Ready for want of its peers, as a message names it: a
 * readiness or startup probe that does more than check the local server, or readiness gates;
 * undefined when nothing can.
 */
function readinessGate(resource: Resource): string | undefined {
  const podSpec = asRecord(getIn(resource.obj, ['spec', 'template', 'spec']));
  for (const kind of ['readinessProbe', 'startupProbe'] as const) {
    for (const container of asArray(podSpec?.containers)) {
      const record = asRecord(container);
      const probe = asRecord(record?.[kind]);
      if (!probe || isLocalCheck(probe)) continue;
      const name = asString(record?.name) ?? '';
      return kind === 'readinessProbe' ? `a readiness probe (container \`${name}\`)` : `a startup probe (container \`${name}\`)`;
    }
  }
  if (asArray(podSpec?.readinessGates).length > 0) return 'readiness gates (`readinessGates`)';
  return undefined;
}

/** A probe that passes as soon as the member's own server answers: a TCP or gRPC check, an HTTP `/` or `/ping`, a local health command. */
function isLocalCheck(probe: JsonRecord): boolean {
  if (probe.tcpSocket !== undefined || probe.grpc !== undefined) return true;
  const http = asRecord(probe.httpGet);
  if (http) {
    const path = asString(http.path) ?? '/';
    return path === '/' || path === '/ping' || /^\/livez?\b/.test(path);
  }
  const command = asArray(asRecord(probe.exec)?.command)
    .map((part) => (typeof part === 'string' ? part : ''))
    .join(' ');
  return command !== '' && LOCAL_CHECK.test(command);
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
