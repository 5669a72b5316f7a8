import { defineRule, type RuleContext } from '../src/engine/rule.js';
import { containerResourceProblems, type ResourceProblemKind } from '../src/api/container-resources.js';
import type { Path } from '../src/shared/finding.js';
import type { Resource } from '../src/graph/graph.js';
import { PORT_PROTOCOLS, didYouMean, isPortNumber, podTemplateOutcome, portNameProblem, volumeSourcesOf } from '../src/api/validation.js';
import { dns1123LabelProblem } from '../src/api/names.js';
import { misspelledKey } from '../src/shared/text.js';
import type { ContainerView, StatefulSetView } from '../src/kubernetes/statefulset.js';
import { asArray, asRecord } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

const MESSAGES = {
  noContainers:
    'StatefulSet `{{set}}` has no containers in its pod template, so {{outcome}}. ' +
    'Add at least one container under `spec.template.spec.containers` with a `name` and an `image`.',
  containerName:
    '{{container}} of StatefulSet `{{set}}` {{problem}}, so {{outcome}}. ' +
    'Give every container a unique name of lower-case letters, digits and `-` (at most 63 characters).',
  image: '{{container}} of StatefulSet `{{set}}` has no `image`, so {{outcome}}. ' + 'Set `image` to the image to run, e.g. `postgres:16`.',
  imageWhitespace:
    '{{container}} of StatefulSet `{{set}}` has `image: "{{image}}"` with leading or trailing whitespace; the StatefulSet is accepted, but every pod creation fails ("must not have leading or trailing whitespace"). ' +
    'Remove the spaces around the image name.',
  ephemeral:
    'StatefulSet `{{set}}` lists `ephemeralContainers` in its pod template, which are "not allowed in pod template" (they are added to running pods with `kubectl debug`), so {{outcome}}. ' +
    'Remove `ephemeralContainers`; use `kubectl debug` when you need one.',
  volumeName:
    'Pod volume {{volume}} of StatefulSet `{{set}}` {{problem}}, so {{outcome}}. ' +
    'Give every volume a unique name of lower-case letters, digits and `-`, and mount it by that name.',
  volumeSources:
    'Pod volume `{{volume}}` of StatefulSet `{{set}}` sets both `{{first}}` and `{{second}}`, but a volume may have one source ("may not specify more than 1 volume type"), so {{outcome}}. ' +
    'Keep one source per volume and declare a second volume for the other.',
  mount:
    '{{container}} of StatefulSet `{{set}}` has a volume mount that {{problem}}, so {{outcome}}. ' +
    'Give every mount a `name` of a volume and a `mountPath` that no other mount of the container uses.',
  device:
    '{{container}} of StatefulSet `{{set}}` attaches volume `{{volume}}` as a raw block device, but only claims can be (its source is `{{source}}`: "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode"), so {{outcome}}. ' +
    'Mount it with `volumeMounts` instead, or use a volume claim template with `volumeMode: Block`.',
  port: '{{container}} of StatefulSet `{{set}}` has an invalid port: {{problem}}, so {{outcome}}. ' + '{{fix}}.',
  hostPortConflict:
    '{{container}} of StatefulSet `{{set}}` claims host port {{port}} ({{protocol}}) that {{other}} already claims, so {{outcome}}. ' +
    'Give each container its own `hostPort`, or drop `hostPort` (a StatefulSet pod is reached through its Service).',
  resources: '{{container}} of StatefulSet `{{set}}` has invalid `resources`: {{problem}}, so {{outcome}}. ' + '{{fix}}.',
} as const;

type MessageId = keyof typeof MESSAGES;
type Report = RuleContext<MessageId>['report'];

export default defineRule({
  id: 'pod-template-invalid',
  meta: {
    severity: 'error',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description: 'The pod template must be a valid pod once the StatefulSet adds its claim volumes: containers, images, volumes, mounts, ports and resources.',
    messages: MESSAGES,
  },
  create: ({ graph, report }) => {
    const outcome = podTemplateOutcome(graph.settings.kubernetesVersion);
    return {
      StatefulSet(resource) {
        const sts = statefulSetView(graph, resource);
        const ctx: Check = { resource, sts, outcome, report };
        checkContainers(ctx);
        const sources = checkVolumes(ctx);
        for (const container of sts.containers) {
          checkMounts(ctx, container, sources);
          checkPorts(ctx, container);
          checkResources(ctx, container);
        }
        checkHostPorts(ctx);
        const ephemeral = sts.podSpec?.ephemeralContainers;
        if (asArray(ephemeral).length > 0) {
          report({ resource, path: ['spec', 'template', 'spec', 'ephemeralContainers'], on: 'key', messageId: 'ephemeral', data: { set: sts.name, outcome } });
        }
      },
    };
  },
});

interface Check {
  resource: Resource;
  sts: StatefulSetView;
  outcome: string;
  report: Report;
}

function label(container: ContainerView): string {
  const kind = container.group === 'initContainers' ? 'Init container' : 'Container';
  return container.name ? `${kind} \`${container.name}\`` : `${kind} #${container.index}`;
}

function emit(ctx: Check, path: Path, messageId: MessageId, data: Record<string, string | number>, on?: 'key'): void {
  ctx.report({ resource: ctx.resource, path, on, messageId, data: { set: ctx.sts.name, outcome: ctx.outcome, ...data } });
}

function checkContainers(ctx: Check): void {
  const { sts } = ctx;
  if (!sts.containers.some((c) => c.group === 'containers')) {
    const path = sts.podSpec ? ['spec', 'template', 'spec', 'containers'] : ['spec', 'template'];
    emit(ctx, path, 'noContainers', {}, 'key');
  }
  // Regular containers first, as validateContainers does; init containers then collide with them.
  const names = new Set<string>();
  const ordered = [...sts.containers.filter((c) => c.group === 'containers'), ...sts.containers.filter((c) => c.group === 'initContainers')];
  for (const container of ordered) {
    const container_ = label(container);
    const raw = container.raw.name;
    if (raw !== undefined && raw !== null && typeof raw !== 'string') continue; // the schema's concern
    if (!container.name) {
      emit(ctx, [...container.path, 'name'], 'containerName', { container: container_, problem: 'has no `name`' }, 'key');
    } else {
      const problem = dns1123LabelProblem(container.name);
      if (problem)
        emit(ctx, [...container.path, 'name'], 'containerName', { container: container_, problem: `has a name that is not a DNS label (${problem})` });
      else if (names.has(container.name)) {
        emit(ctx, [...container.path, 'name'], 'containerName', {
          container: container_,
          problem: 'has the same name as another container of the pod (names are shared by `containers` and `initContainers`)',
        });
      }
      names.add(container.name);
    }
    const image = container.raw.image;
    // A misspelt `image` key (`imgae`) is schema-invalid's finding, with the spelling to use.
    const misspelt = image === undefined && misspelledKey(container.raw, 'image');
    if (!misspelt && (image === undefined || image === null || image === ''))
      emit(ctx, [...container.path, 'image'], 'image', { container: container_ }, 'key');
    else if (typeof image === 'string' && image.trim() !== image) emit(ctx, [...container.path, 'image'], 'imageWhitespace', { container: container_, image });
  }
}

/** The pod's volumes once the claim templates are added: name → source field ('persistentVolumeClaim' for claims). */
function checkVolumes(ctx: Check): Map<string, string> {
  const { sts } = ctx;
  const sources = new Map<string, string>();
  for (const claim of sts.claimTemplates) if (claim.name) sources.set(claim.name, 'persistentVolumeClaim');
  const seen = new Set<string>();
  for (const volume of sts.volumes) {
    // volumesToAddForTemplates: a template volume named like a claim template is replaced, not validated.
    if (isClaimName(sts, volume.name)) continue;
    const raw = volume.raw.name;
    if (raw !== undefined && raw !== null && typeof raw !== 'string') continue;
    if (!volume.name) emit(ctx, [...volume.path, 'name'], 'volumeName', { volume: `#${volume.index}`, problem: 'has no `name`' }, 'key');
    else {
      const problem = dns1123LabelProblem(volume.name);
      const shown = `\`${volume.name}\``;
      if (problem) emit(ctx, [...volume.path, 'name'], 'volumeName', { volume: shown, problem: `has a name that is not a DNS label (${problem})` });
      else if (seen.has(volume.name)) emit(ctx, [...volume.path, 'name'], 'volumeName', { volume: shown, problem: 'is declared twice' });
    }
    seen.add(volume.name);
    // A volume with no source is defaulted to emptyDir (SetDefaults_Volume); two sources are an error.
    const found = volumeSourcesOf(volume.raw);
    if (found.length > 1) emit(ctx, [...volume.path, found[1]!], 'volumeSources', { volume: volume.name, first: found[0]!, second: found[1]! }, 'key');
    if (volume.name && !sources.has(volume.name)) sources.set(volume.name, found[0] ?? 'emptyDir');
  }
  return sources;
}

/** Whether a claim template is named `name` (a volume of that name is replaced by the claim). */
function isClaimName(sts: StatefulSetView, name: string): boolean {
  if (!name) return false;
  for (const claim of sts.claimTemplates) if (claim.name === name) return true;
  return false;
}

function checkMounts(ctx: Check, container: ContainerView, sources: Map<string, string>): void {
  const paths = new Set<string>();
  const mounts = asArray(container.raw.volumeMounts);
  // Paths and labels are made only for a finding: most mounts are fine.
  for (let i = 0; i < mounts.length; i++) {
    const mount = asRecord(mounts[i]);
    if (!mount) continue;
    // A name that matches no volume is volume-mount-unresolved's finding.
    if (mount.name === undefined || mount.name === null || mount.name === '')
      emit(ctx, [...container.path, 'volumeMounts', i, 'name'], 'mount', { container: label(container), problem: 'has no `name`' }, 'key');
    const mountPath = mount.mountPath;
    if (mountPath === undefined || mountPath === null || mountPath === '')
      emit(ctx, [...container.path, 'volumeMounts', i, 'mountPath'], 'mount', { container: label(container), problem: 'has no `mountPath`' }, 'key');
    else if (typeof mountPath === 'string') {
      if (paths.has(mountPath))
        emit(ctx, [...container.path, 'volumeMounts', i, 'mountPath'], 'mount', {
          container: label(container),
          problem: `uses \`mountPath: ${mountPath}\` a second time ("must be unique")`,
        });
      paths.add(mountPath);
    }
  }
  for (const [i, item] of asArray(container.raw.volumeDevices).entries()) {
    const name = asRecord(item)?.name;
    const source = typeof name === 'string' ? sources.get(name) : undefined;
    if (source === undefined || source === 'persistentVolumeClaim' || source === 'ephemeral') continue;
    emit(ctx, [...container.path, 'volumeDevices', i, 'name'], 'device', { container: label(container), volume: String(name), source });
  }
}

function checkPorts(ctx: Check, container: ContainerView): void {
  const names = new Set<string>();
  const ports = asArray(container.raw.ports);
  for (let i = 0; i < ports.length; i++) {
    const port = asRecord(ports[i]);
    if (!port) continue;
    const bad = (field: string, problem: string, fix: string, on?: 'key'): void =>
      emit(ctx, [...container.path, 'ports', i, field], 'port', { container: label(container), problem, fix }, on);
    const number = port.containerPort;
    if (number === undefined || number === null || number === 0) {
      bad('containerPort', `port #${i} has no \`containerPort\``, 'Set `containerPort` to the port the process listens on (1–65535)', 'key');
    } else if (typeof number === 'number' && !isPortNumber(number)) {
      bad('containerPort', `\`containerPort: ${number}\` is not between 1 and 65535`, 'Use the port number the process listens on (1–65535)');
    }
    const hostPort = port.hostPort;
    if (typeof hostPort === 'number' && hostPort !== 0 && !isPortNumber(hostPort)) {
      bad('hostPort', `\`hostPort: ${hostPort}\` is not between 1 and 65535`, 'Use a port from 1 to 65535, or remove `hostPort`');
    }
    const protocol = port.protocol;
    if (typeof protocol === 'string' && protocol !== '' && !(PORT_PROTOCOLS as readonly string[]).includes(protocol)) {
      bad('protocol', `\`protocol: ${protocol}\`${didYouMean(protocol, PORT_PROTOCOLS)} is not TCP, UDP or SCTP`, 'Use `TCP` (the default), `UDP` or `SCTP`');
    }
    const name = port.name;
    if (typeof name !== 'string' || name === '') continue;
    const problem = portNameProblem(name);
    if (problem) {
      bad(
        'name',
        `port name \`${name}\` is not an IANA service name (${problem})`,
        'Use at most 15 lower-case letters, digits and `-`, with at least one letter, e.g. `http` or `peer`',
      );
    } else if (names.has(name)) {
      bad('name', `port name \`${name}\` is used twice`, 'Give every port of the container its own name');
    }
    names.add(name);
  }
}

/** checkHostPortConflicts: across the regular containers, and within each init container (they run one by one). */
function checkHostPorts(ctx: Check): void {
  // Most pods claim no host port: nothing to compare.
  if (!ctx.sts.containers.some(claimsHostPort)) return;
  const groups: ContainerView[][] = [
    ctx.sts.containers.filter((c) => c.group === 'containers'),
    ...ctx.sts.containers.filter((c) => c.group === 'initContainers').map((c) => [c]),
  ];
  for (const group of groups) {
    const claimed = new Map<string, string>();
    for (const container of group) {
      for (const [i, item] of asArray(container.raw.ports).entries()) {
        const port = asRecord(item);
        const hostPort = port?.hostPort;
        if (typeof hostPort !== 'number' || hostPort === 0) continue;
        const protocol = typeof port?.protocol === 'string' && port.protocol ? port.protocol : 'TCP';
        const key = `${protocol}/${typeof port?.hostIP === 'string' ? port.hostIP : ''}/${hostPort}`;
        const other = claimed.get(key);
        if (other !== undefined) {
          emit(ctx, [...container.path, 'ports', i, 'hostPort'], 'hostPortConflict', { container: label(container), port: hostPort, protocol, other });
        } else
          claimed.set(
            key,
            label(container).replace(/^(Init c|C)ontainer/, (m) => m.toLowerCase()),
          );
      }
    }
  }
}

function claimsHostPort(container: ContainerView): boolean {
  for (const port of asArray(container.raw.ports)) {
    const hostPort = asRecord(port)?.hostPort;
    if (typeof hostPort === 'number' && hostPort !== 0) return true;
  }
  return false;
}

const RESOURCE_FIX: Record<ResourceProblemKind, string> = {
  name: 'Use `cpu`, `memory`, `ephemeral-storage`, `hugepages-<size>` or a vendor resource such as `nvidia.com/gpu`; storage belongs in a volume claim template',
  quantity: 'Write a quantity such as `500m`, `2`, `256Mi` or `1Gi`',
  negative: 'Use a quantity of 0 or more',
  integer: 'Request whole devices, e.g. `1`',
  aboveLimit: 'Lower the request or raise the limit; a request may not exceed its limit',
  notEqualLimit: 'Set the request equal to the limit: extended resources and huge pages cannot be overcommitted',
  limitRequired: 'Add the same quantity under `limits`: extended resources and huge pages need a limit',
};

function checkResources(ctx: Check, container: ContainerView): void {
  for (const problem of containerResourceProblems(container.raw)) {
    const text: Record<ResourceProblemKind, string> = {
      name: `\`${problem.resource}\` is not a container resource: ${problem.detail}`,
      quantity: `${problem.detail} for \`${problem.resource}\``,
      negative: `\`${problem.resource}: ${problem.detail}\` is negative`,
      integer: `\`${problem.resource}: ${problem.detail}\` is not a whole number`,
      aboveLimit: `the \`${problem.resource}\` request is greater than its limit of \`${problem.detail}\``,
      notEqualLimit: `the \`${problem.resource}\` request differs from its limit of \`${problem.detail}\``,
      limitRequired: `\`${problem.resource}\` is requested without a limit`,
    };
    // A quantity that does not parse fails decoding, in every release.
    const outcome = problem.kind === 'quantity' ? 'the API server rejects the StatefulSet' : ctx.outcome;
    ctx.report({
      resource: ctx.resource,
      path: [...container.path, ...problem.path],
      messageId: 'resources',
      data: { set: ctx.sts.name, outcome, container: label(container), problem: text[problem.kind], fix: RESOURCE_FIX[problem.kind] },
    });
  }
}
