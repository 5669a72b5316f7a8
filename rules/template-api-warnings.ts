import { defineRule } from '../src/engine/rule.js';
import type { Path } from '../src/shared/finding.js';
import type { Resource } from '../src/graph/graph.js';
import { isWholeQuantity, parseQuantityExact } from '../src/api/quantity.js';
import type { StatefulSetView } from '../src/kubernetes/statefulset.js';
import { formatVersion, isAtLeast } from '../src/api/version.js';
import { asArray, asRecord, asStringMap, getIn, type JsonRecord } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

// The warnings the API server returns for a StatefulSet's pod template
// (pkg/api/pod/warnings.go: warningsForPodSpecAndMeta) and, when the controller creates the
// claims, for its claim templates (pkg/api/persistentvolumeclaim/util.go).

const DEPRECATED_ANNOTATIONS: Readonly<Record<string, string>> = {
  'scheduler.alpha.kubernetes.io/critical-pod': 'non-functional in v1.16+; use the `priorityClassName` field instead',
  'security.alpha.kubernetes.io/sysctls': 'non-functional in v1.11+; use the `securityContext.sysctls` field instead',
  'security.alpha.kubernetes.io/unsafe-sysctls': 'non-functional in v1.11+; use the `securityContext.sysctls` field instead',
};

const DEPRECATED_NODE_LABELS: Readonly<Record<string, string>> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use `kubernetes.io/arch` instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use `kubernetes.io/os` instead',
  'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use `topology.kubernetes.io/region` instead',
  'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use `topology.kubernetes.io/zone` instead',
  'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use `node.kubernetes.io/instance-type` instead',
};

const DEPRECATED_VOLUMES: Readonly<Record<string, string>> = {
  photonPersistentDisk: 'deprecated in v1.11, non-functional in v1.16+',
  gitRepo: 'deprecated in v1.11; clone the repository in an init container into an emptyDir instead',
  scaleIO: 'deprecated in v1.16, non-functional in v1.22+',
  flocker: 'deprecated in v1.22, non-functional in v1.25+',
  storageos: 'deprecated in v1.22, non-functional in v1.25+',
  quobyte: 'deprecated in v1.22, non-functional in v1.25+',
  glusterfs: 'deprecated in v1.25, non-functional in v1.26+',
  cephfs: 'deprecated in v1.28, non-functional in v1.31+',
  rbd: 'deprecated in v1.28, non-functional in v1.31+',
};

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';
const BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';

export default defineRule({
  id: 'template-api-warnings',
  meta: {
    severity: 'info',
    preset: 'recommended',
    skipsAdvancedStatefulSets: true,
    description:
      'The warnings the API server returns for the pod and claim templates: deprecated annotations, labels and volume types, fractional bytes, duplicates.',
    messages: {
      warning: 'StatefulSet `{{set}}`: `{{field}}`: {{warning}} (the API server returns this as a warning). {{fix}}.',
      gitRepo:
        'StatefulSet `{{set}}` mounts `gitRepo` volume `{{volume}}`. Since Kubernetes 1.33 the kubelet runs gitRepo volumes only with the `GitRepoVolumeDriver` feature gate, which is off by default{{locked}} (target {{target}}), so the pods fail to start{{unless}}. ' +
        'Clone the repository in an init container into an `emptyDir` volume instead.',
    },
  },
  create: ({ graph, report }) => ({
    StatefulSet(resource) {
      const sts = statefulSetView(graph, resource);
      const target = graph.settings.kubernetesVersion;
      // The API server sends warnings for pod templates from 1.22 (kubernetes#101688); before,
      // it accepts the same fields without a word.
      const podWarnings = isAtLeast(target, '1.22');
      const warn: Warn = (path, field, warning, fix, on) => {
        if (podWarnings) report({ resource, path, on, messageId: 'warning', data: { set: sts.name, field, warning, fix } });
      };
      annotationWarnings(sts, isAtLeast(target, '1.30'), warn);
      // KEP-5040: the in-tree gitRepo driver is off by default from 1.33 (kubernetes#129923) and the
      // gate is locked off from 1.36 (kubernetes#136400): then the pods cannot start at all.
      const gitRepoOff = isAtLeast(target, '1.33');
      volumeWarnings(sts, warn, gitRepoOff ? new Set(['gitRepo']) : new Set());
      if (gitRepoOff) {
        const locked = isAtLeast(target, '1.36');
        for (const volume of sts.volumes) {
          if (volume.raw.gitRepo === undefined || volume.raw.gitRepo === null) continue;
          report({
            resource,
            path: [...volume.path, 'gitRepo'],
            on: 'key',
            messageId: 'gitRepo',
            severity: locked ? 'error' : 'warning',
            data: {
              set: sts.name,
              volume: volume.name,
              target: formatVersion(target),
              locked: locked ? ' and cannot be turned on since 1.36' : '',
              unless: locked ? '' : ' unless every kubelet turns the gate on',
            },
          });
        }
      }
      containerWarnings(sts, warn);
      podSpecWarnings(sts, warn);
      claimWarnings(resource, sts, warn, isAtLeast(target, '1.28'));
    },
  }),
});

type Warn = (path: Path, field: string, warning: string, fix: string, on?: 'key') => void;

/** `a.b[0].c`, the way the API server prints field paths. */
function fieldPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

const TEMPLATE: Path = ['spec', 'template'];
const POD: Path = ['spec', 'template', 'spec'];

function annotationWarnings(sts: StatefulSetView, appArmorFieldsGa: boolean, warn: Warn): void {
  const annotations = asStringMap(getIn(sts.resource.obj, [...TEMPLATE, 'metadata', 'annotations'])) ?? {};
  const at = (key: string): Path => [...TEMPLATE, 'metadata', 'annotations', key];
  const podSecurity = asRecord(sts.podSpec?.securityContext);
  for (const key of Object.keys(annotations)) {
    const deprecated = DEPRECATED_ANNOTATIONS[key];
    if (deprecated) warn(at(key), `metadata.annotations[${key}]`, deprecated, 'Remove the annotation and use the field', 'key');
    if (key === SECCOMP_POD && !podSecurity?.seccompProfile) {
      warn(
        at(key),
        `metadata.annotations[${key}]`,
        'non-functional in v1.27+; use the `seccompProfile` field instead',
        'Set `securityContext.seccompProfile` and remove the annotation',
        'key',
      );
    }
    const container = key.startsWith(SECCOMP_CONTAINER) ? sts.containers.find((c) => c.name === key.slice(SECCOMP_CONTAINER.length)) : undefined;
    if (container && !asRecord(container.raw.securityContext)?.seccompProfile) {
      warn(
        at(key),
        `metadata.annotations[${key}]`,
        'non-functional in v1.27+; use the `seccompProfile` field instead',
        `Set \`securityContext.seccompProfile\` on container \`${container.name}\` and remove the annotation`,
        'key',
      );
    }
    const armored =
      appArmorFieldsGa && key.startsWith(APPARMOR_CONTAINER) ? sts.containers.find((c) => c.name === key.slice(APPARMOR_CONTAINER.length)) : undefined;
    if (armored && !podSecurity?.appArmorProfile && !asRecord(armored.raw.securityContext)?.appArmorProfile) {
      warn(
        at(key),
        `metadata.annotations[${key}]`,
        'deprecated since v1.30; use the `appArmorProfile` field instead',
        `Set \`securityContext.appArmorProfile\` on container \`${armored.name}\` and remove the annotation`,
        'key',
      );
    }
  }
}

function volumeWarnings(sts: StatefulSetView, warn: Warn, reportedElsewhere: ReadonlySet<string>): void {
  for (const volume of sts.volumes) {
    for (const [source, warning] of Object.entries(DEPRECATED_VOLUMES)) {
      if (volume.raw[source] === undefined || volume.raw[source] === null || reportedElsewhere.has(source)) continue;
      warn(
        [...volume.path, source],
        `spec.volumes[${volume.index}].${source}`,
        warning,
        'Move the data to a supported volume type, such as a CSI driver or a volume claim template',
      );
    }
  }
}

function containerWarnings(sts: StatefulSetView, warn: Warn): void {
  const ports = new Map<string, string>();
  for (const container of sts.containers) {
    const where = `${container.group}[${container.index}]`;
    for (const group of ['limits', 'requests']) {
      for (const name of ['memory', 'ephemeral-storage']) {
        const path = [...container.path, 'resources', group, name];
        const raw = getIn(sts.resource.obj, path);
        const quantity = parseQuantityExact(raw);
        if (!quantity || isWholeQuantity(quantity)) continue;
        warn(
          path,
          `${where}.resources.${group}[${name}]`,
          `fractional byte value "${String(raw)}" is invalid, must be an integer`,
          `Use whole bytes, e.g. \`${name === 'memory' ? '512Mi' : '1Gi'}\` (\`m\` means thousandths, not mega: use \`M\` or \`Mi\`)`,
        );
      }
    }
    const env = new Set<string>();
    for (const [i, item] of asArray(container.raw.env).entries()) {
      const variable = asRecord(item);
      const name = variable?.name;
      if (typeof name !== 'string') continue;
      if (env.has(name)) {
        const value = typeof variable?.value === 'string' ? variable.value : '';
        const ref = `$(${name})`;
        // warnings.go: a redefinition is fine only when it extends the old value, like X="$(X):more".
        if (variable?.valueFrom !== undefined || value === ref || !value.includes(ref)) {
          warn(
            [...container.path, 'env', i, 'name'],
            `${where}.env[${i}]`,
            `hides previous definition of "${name}", which may be dropped when using apply`,
            'Define each variable once',
          );
        }
      }
      env.add(name);
    }
    for (const [i, item] of asArray(container.raw.ports).entries()) {
      const port = asRecord(item);
      if (!port) continue;
      const hostPort = typeof port.hostPort === 'number' ? port.hostPort : 0;
      const hostIP = typeof port.hostIP === 'string' ? port.hostIP : '';
      if (hostIP !== '' && hostPort === 0) {
        warn([...container.path, 'ports', i, 'hostIP'], `${where}.ports[${i}]`, 'hostIP set without hostPort', 'Remove `hostIP`, or also set `hostPort`');
      }
      // Equal host ports are an error (pod-template-invalid); without host ports only a warning.
      if (hostPort !== 0) continue;
      const key = `${String(port.containerPort)}/${typeof port.protocol === 'string' && port.protocol ? port.protocol : 'TCP'}/${hostIP}`;
      const other = ports.get(key);
      if (other) warn([...container.path, 'ports', i], `${where}.ports[${i}]`, `duplicate port definition with ${other}`, 'Declare each container port once');
      else ports.set(key, `${where}.ports[${i}]`);
    }
  }
}

function podSpecWarnings(sts: StatefulSetView, warn: Warn): void {
  const spec = sts.podSpec;
  if (!spec) return;
  const grace = spec.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace < 0) {
    warn(
      [...POD, 'terminationGracePeriodSeconds'],
      'spec.terminationGracePeriodSeconds',
      'must be >= 0; negative values are invalid and will be treated as 1',
      'Use 0 or more seconds',
    );
  }
  const secrets = new Set<string>();
  for (const [i, item] of asArray(spec.imagePullSecrets).entries()) {
    const name = asRecord(item)?.name;
    const path = [...POD, 'imagePullSecrets', i, 'name'];
    if (name === undefined || name === '') warn(path, `spec.imagePullSecrets[${i}].name`, 'invalid empty name ""', 'Name the Secret, or remove the entry');
    else if (typeof name === 'string' && secrets.has(name)) warn(path, `spec.imagePullSecrets[${i}].name`, `duplicate name "${name}"`, 'List each Secret once');
    if (typeof name === 'string') secrets.add(name);
  }
  for (const key of Object.keys(asRecord(spec.nodeSelector) ?? {})) {
    const deprecated = DEPRECATED_NODE_LABELS[key];
    if (deprecated) warn([...POD, 'nodeSelector', key], `spec.nodeSelector[${key}]`, deprecated, 'Use the new label key');
  }
  for (const [i, item] of asArray(spec.topologySpreadConstraints).entries()) {
    const constraint = asRecord(item);
    const key = constraint?.topologyKey;
    const at = [...POD, 'topologySpreadConstraints', i];
    if (typeof key === 'string' && DEPRECATED_NODE_LABELS[key])
      warn([...at, 'topologyKey'], `spec.topologySpreadConstraints[${i}].topologyKey`, `${key} is ${DEPRECATED_NODE_LABELS[key]}`, 'Use the new label key');
    if (constraint && (constraint.labelSelector === undefined || constraint.labelSelector === null)) {
      warn(
        at,
        `spec.topologySpreadConstraints[${i}].labelSelector`,
        'a null labelSelector results in matching no pod',
        'Add a `labelSelector` with the pod template labels',
      );
    }
  }
  affinityWarnings(asRecord(spec.affinity), warn);
}

function affinityWarnings(affinity: JsonRecord | undefined, warn: Warn): void {
  const nodeAffinity = asRecord(affinity?.nodeAffinity);
  const terms: [Path, unknown][] = [
    ...asArray(asRecord(nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution)?.nodeSelectorTerms).map((t, i): [Path, unknown] => [
      ['nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', i],
      t,
    ]),
    ...asArray(nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution).map((t, i): [Path, unknown] => [
      ['nodeAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i, 'preference'],
      asRecord(t)?.preference,
    ]),
  ];
  for (const [path, term] of terms) {
    for (const [j, expression] of asArray(asRecord(term)?.matchExpressions).entries()) {
      const key = asRecord(expression)?.key;
      if (typeof key !== 'string' || !DEPRECATED_NODE_LABELS[key]) continue;
      const full = [...POD, 'affinity', ...path, 'matchExpressions', j, 'key'];
      warn(full, `spec.affinity.${fieldPath(path)}.matchExpressions[${j}].key`, `${key} is ${DEPRECATED_NODE_LABELS[key]}`, 'Use the new label key');
    }
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const block = asRecord(affinity?.[kind]);
    const required = asArray(block?.requiredDuringSchedulingIgnoredDuringExecution).map((t, i): [Path, unknown] => [
      [kind, 'requiredDuringSchedulingIgnoredDuringExecution', i],
      t,
    ]);
    const preferred = asArray(block?.preferredDuringSchedulingIgnoredDuringExecution).map((t, i): [Path, unknown] => [
      [kind, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm'],
      asRecord(t)?.podAffinityTerm,
    ]);
    for (const [path, term] of [...required, ...preferred]) {
      const record = asRecord(term);
      if (!record || (record.labelSelector !== undefined && record.labelSelector !== null)) continue;
      warn(
        [...POD, 'affinity', ...path],
        `spec.affinity.${fieldPath(path)}.labelSelector`,
        'a null labelSelector results in matching no pod',
        'Add a `labelSelector`, usually the pod template labels',
      );
    }
  }
}

/** `storageClassWarned`: claims get the storage-class annotation warning from 1.28 (kubernetes#117036). */
function claimWarnings(resource: Resource, sts: StatefulSetView, warn: Warn, storageClassWarned: boolean): void {
  for (const claim of sts.claimTemplates) {
    const name = claim.name || `#${claim.index}`;
    const annotations = asStringMap(asRecord(claim.raw.metadata)?.annotations) ?? {};
    if (storageClassWarned && annotations[BETA_STORAGE_CLASS] !== undefined) {
      warn(
        [...claim.path, 'metadata', 'annotations', BETA_STORAGE_CLASS],
        `volumeClaimTemplates[${name}].metadata.annotations[${BETA_STORAGE_CLASS}]`,
        'deprecated since v1.8; use the `storageClassName` attribute instead (returned when the claims are created)',
        `Set \`spec.storageClassName: ${annotations[BETA_STORAGE_CLASS]}\` and remove the annotation (claim templates cannot change after creation)`,
        'key',
      );
    }
    for (const group of ['requests', 'limits']) {
      const path = [...claim.path, 'spec', 'resources', group, 'storage'];
      const raw = getIn(resource.obj, path);
      const quantity = parseQuantityExact(raw);
      if (!quantity || isWholeQuantity(quantity)) continue;
      warn(
        path,
        `volumeClaimTemplates[${name}].spec.resources.${group}[storage]`,
        `fractional byte value "${String(raw)}" is invalid, must be an integer`,
        'Use whole bytes, e.g. `10Gi`',
      );
    }
  }
}
