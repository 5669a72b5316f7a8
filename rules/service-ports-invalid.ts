import { defineRule } from '../src/engine/rule.js';
import { PORT_PROTOCOLS, didYouMean, isPortNumber, portNameProblem, qualifiedNameProblem, serviceIps } from '../src/api/validation.js';
import { dns1123LabelProblem } from '../src/api/names.js';
import { validatesAt } from '../src/api/facts/index.js';
import { asArray, asRecord } from '../src/shared/value.js';

export default defineRule({
  id: 'service-ports-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    description: "A Service's ports must be valid: present unless headless, named when there are several, unique, in range, with a known protocol.",
    messages: {
      noPorts:
        'Service `{{service}}` has no `ports`; only a headless or ExternalName Service may omit them, so the API server rejects it. ' +
        'Add the ports the pods serve, e.g. `ports: [{name: http, port: 80}]`.',
      nameRequired:
        '`ports[{{index}}]` of Service `{{service}}` has no `name`, but a Service with several ports must name every one, so the API server rejects it. ' +
        'Add a `name` (lower-case letters, digits and `-`), which also gives the port an SRV record.',
      nameInvalid:
        'Port name `{{name}}` of Service `{{service}}` is not a DNS label ({{reason}}), so the API server rejects the Service. ' +
        'Use lower-case letters, digits and `-`, starting and ending with a letter or digit.',
      nameDuplicate:
        'Service `{{service}}` names two ports `{{name}}`, so the API server rejects it ("Duplicate value"). ' + 'Give every port a different name.',
      portInvalid:
        '`ports[{{index}}]` of Service `{{service}}` has `port: {{port}}`, but a port number must be between 1 and 65535, so the API server rejects the Service. ' +
        'Set `port` to the number clients connect to.',
      protocolInvalid:
        '`ports[{{index}}]` of Service `{{service}}` has `protocol: {{protocol}}`{{hint}}, which is not supported, so the API server rejects the Service. ' +
        'Use `TCP` (the default), `UDP` or `SCTP`; for HTTP and the like use `appProtocol`.',
      targetPortInvalid:
        '`ports[{{index}}]` of Service `{{service}}` has `targetPort: {{target}}`, which is neither a port number from 1 to 65535 nor a container port name ({{reason}}), so the API server rejects the Service. ' +
        "Use the container port's number or its `name`.",
      duplicatePort:
        'Service `{{service}}` exposes {{protocol}} port {{port}} twice, so the API server rejects it ("Duplicate value"). ' +
        'Remove the duplicate or use another port number.',
      nodePortWithClusterIp:
        '`ports[{{index}}]` of Service `{{service}}` sets `nodePort`, but the Service is of type ClusterIP, where it "may not be used", so the API server rejects the Service. ' +
        'Remove `nodePort`, or use `type: NodePort` if the port must be reachable on every node.',
      duplicateNodePort:
        'Service `{{service}}` uses {{protocol}} node port {{port}} twice, so the API server rejects it ("Duplicate value"). ' +
        'Give each port its own `nodePort`, or leave it out to have one allocated.',
      appProtocolInvalid:
        '`ports[{{index}}]` of Service `{{service}}` has `appProtocol: {{value}}`, which is not a qualified name ({{reason}}), so the API server rejects the Service. ' +
        'Use an IANA service name such as `http` or a prefixed name such as `kubernetes.io/h2c`.',
    },
  },
  create: ({ graph, report }) => ({
    Service(service) {
      const spec = asRecord(service.obj.spec);
      const ips = serviceIps(spec);
      const appProtocolExists = validatesAt('service-app-protocol', graph.settings.kubernetesVersion);
      const ports = asArray(spec?.ports);
      const base = { service: service.name };
      if (ports.length === 0) {
        // A governing Service that is not headless is reported by service-not-headless: once it
        // is headless, as it must be, ports are optional.
        if (!ips.headless && ips.type !== 'ExternalName' && graph.governedBy(service).length === 0) {
          report({ resource: service, path: ['spec', 'ports'], on: 'key', messageId: 'noPorts', data: base });
        }
        return;
      }
      const names = new Set<string>();
      const numbers = new Set<string>();
      const nodePorts = new Set<string>();
      for (let index = 0; index < ports.length; index++) {
        const port = asRecord(ports[index]);
        if (!port) continue;
        // Paths and data are made only for a finding: most ports are fine.
        const name = port.name;
        if (typeof name === 'string' && name !== '') {
          const reason = dns1123LabelProblem(name);
          if (reason) report({ resource: service, path: ['spec', 'ports', index, 'name'], messageId: 'nameInvalid', data: { ...base, index, name, reason } });
          else if (names.has(name))
            report({ resource: service, path: ['spec', 'ports', index, 'name'], messageId: 'nameDuplicate', data: { ...base, index, name } });
          names.add(name);
        } else if (ports.length > 1 && (name === undefined || name === null || name === '')) {
          report({ resource: service, path: ['spec', 'ports', index, 'name'], on: 'key', messageId: 'nameRequired', data: { ...base, index } });
        }
        const number = port.port;
        if (number === undefined || number === null || (typeof number === 'number' && !isPortNumber(number))) {
          report({
            resource: service,
            path: ['spec', 'ports', index, 'port'],
            on: number === undefined ? 'key' : undefined,
            messageId: 'portInvalid',
            data: { ...base, index, port: String(number ?? 'missing') },
          });
        }
        const protocol = typeof port.protocol === 'string' && port.protocol !== '' ? port.protocol : 'TCP';
        if (!(PORT_PROTOCOLS as readonly string[]).includes(protocol)) {
          report({
            resource: service,
            path: ['spec', 'ports', index, 'protocol'],
            messageId: 'protocolInvalid',
            data: { ...base, index, protocol, hint: didYouMean(protocol, PORT_PROTOCOLS) },
          });
        }
        const targetProblem = targetPortProblem(port.targetPort);
        if (targetProblem) {
          report({
            resource: service,
            path: ['spec', 'ports', index, 'targetPort'],
            messageId: 'targetPortInvalid',
            data: { ...base, index, target: typeof port.targetPort === 'string' ? `"${port.targetPort}"` : String(port.targetPort), reason: targetProblem },
          });
        }
        if (typeof number === 'number') {
          const key = `${protocol}/${number}`;
          if (numbers.has(key))
            report({ resource: service, path: ['spec', 'ports', index, 'port'], messageId: 'duplicatePort', data: { ...base, index, protocol, port: number } });
          numbers.add(key);
        }
        const nodePort = port.nodePort;
        if (typeof nodePort === 'number' && nodePort !== 0) {
          if (ips.type === 'ClusterIP')
            report({ resource: service, path: ['spec', 'ports', index, 'nodePort'], on: 'key', messageId: 'nodePortWithClusterIp', data: { ...base, index } });
          const key = `${protocol}/${nodePort}`;
          if (nodePorts.has(key))
            report({
              resource: service,
              path: ['spec', 'ports', index, 'nodePort'],
              messageId: 'duplicateNodePort',
              data: { ...base, index, protocol, port: nodePort },
            });
          nodePorts.add(key);
        }
        // appProtocol exists from 1.19 (scripts/data/create-validation.tsv): before, the server drops it.
        if (typeof port.appProtocol === 'string' && appProtocolExists) {
          const reason = qualifiedNameProblem(port.appProtocol);
          if (reason)
            report({
              resource: service,
              path: ['spec', 'ports', index, 'appProtocol'],
              messageId: 'appProtocolInvalid',
              data: { ...base, index, value: port.appProtocol, reason },
            });
        }
      }
    },
  }),
});

/** ValidatePortNumOrName on targetPort, after defaulting (0 and "" become `port`). */
function targetPortProblem(target: unknown): string | undefined {
  if (typeof target === 'number') return target === 0 || isPortNumber(target) ? undefined : 'the number is out of range';
  if (typeof target === 'string' && /^[0-9]+$/.test(target)) return 'a quoted number is read as a port name; write the number unquoted';
  if (typeof target === 'string' && target !== '') return portNameProblem(target);
  return undefined;
}
