import { defineRule } from '../src/engine/rule.js';
import type { Resource } from '../src/graph/graph.js';
import { listOr, nearMisses } from '../src/shared/text.js';
import { peerIndex, type ScannedScalar, type SrvReference } from '../src/kubernetes/peers.js';
import { asArray, asRecord, asString } from '../src/shared/value.js';

export default defineRule({
  id: 'srv-port-unnamed',
  meta: {
    severity: 'warning',
    preset: 'recommended',
    description: 'An SRV lookup `_<port>._<proto>.<service>` needs a Service port of that name and protocol.',
    messages: {
      unnamedPort:
        'Service `{{service}}` has no port named `{{port}}`, but `{{ref}}` in {{where}} looks up its SRV record `{{record}}`. SRV records exist only for named ports, so the lookup finds nothing. ' +
        'Name the port: `name: {{port}}`.',
      noPorts:
        'Service `{{service}}` has no ports, but `{{ref}}` in {{where}} looks up its SRV record `{{record}}`. SRV records exist only for named ports, so the lookup finds nothing. ' +
        'Add a port named `{{port}}` to the Service.',
      noSuchName:
        '`{{ref}}` in {{where}} looks up the SRV record of port `{{port}}` of Service `{{service}}`, but the Service has no port of that name (its ports: {{names}}{{hint}}), so the lookup finds nothing. ' +
        'Use the name of a Service port in the lookup, or name the port `{{port}}`.',
      wrongProtocol:
        '`{{ref}}` in {{where}} looks up port `{{port}}` of Service `{{service}}` over {{protocol}}, but that port is {{actual}}, so there is no such SRV record. ' +
        'Write `_{{port}}._{{actualLower}}` in the lookup, or add a {{protocol}} port to the Service.',
    },
  },
  create: ({ graph, report }) => {
    const index = peerIndex(graph);
    const seen = new Set<ScannedScalar>();
    const reportedOnService = new Set<string>();

    function check(scalar: ScannedScalar, reference: SrvReference): void {
      const service = graph.get('Service', reference.namespace ?? scalar.resource.namespace, reference.service);
      if (!service) return;
      const ports = asArray(asRecord(service.obj.spec)?.ports).map((p, i) => ({ raw: asRecord(p), i }));
      const named = ports.filter((p) => asString(p.raw?.name) === reference.port);
      const data = {
        service: service.name,
        ref: reference.text,
        where: scalar.where,
        port: reference.port,
        protocol: reference.protocol.toUpperCase(),
        record: `_${reference.port}._${reference.protocol}`,
      };
      if (named.length > 0) {
        const protocols = named.map((p) => (asString(p.raw?.protocol) ?? 'TCP').toUpperCase());
        if (protocols.includes(data.protocol)) return;
        const actual = protocols[0]!;
        report({ resource: scalar.resource, path: scalar.path, messageId: 'wrongProtocol', data: { ...data, actual, actualLower: actual.toLowerCase() } });
        return;
      }
      const onService = (messageId: 'unnamedPort' | 'noPorts', path: (string | number)[]): void => {
        // The port is one fix for every lookup of it.
        const id = `${service.namespace}/${service.name}\u0000${reference.port}\u0000${reference.protocol}`;
        if (reportedOnService.has(id)) return;
        reportedOnService.add(id);
        report({ resource: service, path, messageId, data });
      };
      if (ports.length === 0) {
        onService('noPorts', ['spec', 'ports']);
        return;
      }
      if (ports.length === 1 && !asString(ports[0]!.raw?.name)) {
        onService('unnamedPort', ['spec', 'ports', 0]);
        return;
      }
      const names = ports.map((p) => asString(p.raw?.name)).filter((n): n is string => !!n);
      const near = nearMisses(reference.port, names);
      report({
        resource: scalar.resource,
        path: scalar.path,
        messageId: 'noSuchName',
        data: {
          ...data,
          names: names.length > 0 ? names.map((n) => `\`${n}\``).join(', ') : 'none named',
          hint: near.length > 0 ? `; did you mean ${listOr(near)}?` : '',
        },
      });
    }

    return {
      StatefulSet(resource: Resource) {
        for (const scalar of index.readBy(resource)) {
          // SRV lookups do not depend on the reader: a shared ConfigMap is checked once.
          if (seen.has(scalar)) continue;
          seen.add(scalar);
          for (const reference of scalar.references) if (reference.kind === 'srv') check(scalar, reference);
        }
      },
    };
  },
});
