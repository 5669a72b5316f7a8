import { defineRule } from '../src/engine/rule.js';
import type { Path } from '../src/shared/finding.js';
import { isWholeQuantity, parseQuantityExact, type ExactQuantity } from '../src/api/quantity.js';
import type { ContainerView, StatefulSetView } from '../src/kubernetes/statefulset.js';
import { formatVersion, isAtLeast } from '../src/api/version.js';
import { firstRelease, serverWarningAt, serverWarnings } from '../src/api/facts/index.js';
import { asArray, asRecord, asStringMap, type JsonRecord } from '../src/shared/value.js';
import { statefulSetView } from '../src/kubernetes/statefulset.js';

// The warnings the API server returns for a StatefulSet's pod template
// (pkg/api/pod/warnings.go: warningsForPodSpecAndMeta) and, when the controller creates the
// claims, for its claim templates (pkg/api/persistentvolumeclaim/util.go).

/** Deprecated pod template annotations: the warning's key and what the annotation is (true at every release). */
const DEPRECATED_ANNOTATIONS: Readonly<Record<string, { key: string; about: string }>> = {
  'scheduler.alpha.kubernetes.io/critical-pod': {
    key: 'critical-pod-annotation',
    about: 'does nothing since Kubernetes 1.16; `priorityClassName` replaces it',
  },
  'security.alpha.kubernetes.io/sysctls': { key: 'sysctls-annotation', about: 'does nothing since Kubernetes 1.11; `securityContext.sysctls` replaces it' },
  'security.alpha.kubernetes.io/unsafe-sysctls': {
    key: 'sysctls-annotation',
    about: 'does nothing since Kubernetes 1.11; `securityContext.sysctls` replaces it',
  },
};

/** Deprecated node label → its replacement and the release that deprecated it (pkg/api/node). */
const DEPRECATED_NODE_LABELS: Readonly<Record<string, { since: string; use: string }>> = {
  'beta.kubernetes.io/arch': { since: '1.14', use: 'kubernetes.io/arch' },
  'beta.kubernetes.io/os': { since: '1.14', use: 'kubernetes.io/os' },
  'failure-domain.beta.kubernetes.io/region': { since: '1.17', use: 'topology.kubernetes.io/region' },
  'failure-domain.beta.kubernetes.io/zone': { since: '1.17', use: 'topology.kubernetes.io/zone' },
  'beta.kubernetes.io/instance-type': { since: '1.17', use: 'node.kubernetes.io/instance-type' },
};

/**
 * Deprecated volume types the server warns about: the volume's field, what happened to the type
 * (release notes of the PRs the table cites), and the field as the server's warning names it where
 * that differs (warnings.go writes `storageOS` for the `storageos` field).
 */
const DEPRECATED_VOLUMES: Readonly<Record<string, { history: string; serverName?: string }>> = {
  photonPersistentDisk: { history: 'deprecated in Kubernetes 1.11 and non-functional since 1.16' },
  gitRepo: { history: 'deprecated since Kubernetes 1.11' },
  scaleIO: { history: 'deprecated in Kubernetes 1.16 and removed in 1.22' },
  // kubernetes#101773 (deprecated in 1.22); removed in 1.25 (kubernetes#111618, #111620, #111619).
  flocker: { history: 'deprecated in Kubernetes 1.22 and removed in 1.25' },
  storageos: { history: 'deprecated in Kubernetes 1.22 and removed in 1.25', serverName: 'storageOS' },
  quobyte: { history: 'deprecated in Kubernetes 1.22 and removed in 1.25' },
  glusterfs: { history: 'deprecated in Kubernetes 1.25 and removed in 1.26' },
  cephfs: { history: 'deprecated in Kubernetes 1.28 and removed in 1.31' },
  rbd: { history: 'deprecated in Kubernetes 1.28 and removed in 1.31' },
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
      'The warnings the API server returns for the pod and claim templates of the target release: deprecated annotations, labels and volume types, fractional bytes, duplicates.',
    messages: {
      warning:
        'StatefulSet `{{set}}`: {{about}}. The API server warns about it from Kubernetes {{from}} on (target {{target}}): `Warning: {{field}}: {{text}}`. {{fix}}.',
      warningUndescribed: 'StatefulSet `{{set}}`: {{about}}. The API server warns about `{{field}}` from Kubernetes {{from}} on (target {{target}}). {{fix}}.',
      controllerWarning:
        'StatefulSet `{{set}}`: {{about}}. From Kubernetes {{from}} on (target {{target}}) the API server warns `{{field}}: {{text}}` when the StatefulSet controller creates the claims: the warning goes to the controller, not to whoever applies the StatefulSet. {{fix}}.',
      gitRepo:
        'StatefulSet `{{set}}` mounts `gitRepo` volume `{{volume}}`. Since Kubernetes 1.33 the kubelet runs gitRepo volumes only with the `GitRepoVolumeDriver` feature gate, which is off by default{{locked}} (target {{target}}), so the pods fail to start{{unless}}. ' +
        'Clone the repository in an init container into an `emptyDir` volume instead.',
    },
  },
  create: ({ graph, report }) => {
    const target = graph.settings.kubernetesVersion;
    const targetText = formatVersion(target);
    // KEP-5040: the in-tree gitRepo driver is off by default from 1.33 (kubernetes#129923) and the
    // gate is locked off from 1.36 (kubernetes#136400): then the pods cannot start at all.
    const gitRepoOff = isAtLeast(target, '1.33');
    const locked = isAtLeast(target, '1.36');
    const reportedElsewhere: ReadonlySet<string> = new Set(gitRepoOff ? ['gitRepo'] : []);
    return {
      StatefulSet(resource) {
        const sts = statefulSetView(graph, resource);
        // Which warnings the server sends, from which release and in which words: scripts/data/server-warnings.tsv.
        const warn: Warn = ({ key, path, field, about, fix, on, value }) => {
          const row = serverWarningAt(key, target);
          if (!row) return;
          const shown = typeof field === 'function' ? field(row.text) : field;
          const data = { set: sts.name, field: shown, about, fix, target: targetText, from: firstRelease(serverWarnings, key)!, text: fill(row.text, value) };
          const messageId = row.audience === 'controller' ? 'controllerWarning' : row.text ? 'warning' : 'warningUndescribed';
          report({ resource, path, on, messageId, data });
        };
        annotationWarnings(sts, warn);
        volumeWarnings(sts, warn, reportedElsewhere);
        if (gitRepoOff) {
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
                target: targetText,
                locked: locked ? ' and cannot be turned on since 1.36' : '',
                unless: locked ? '' : ' unless every kubelet turns the gate on',
              },
            });
          }
        }
        containerWarnings(sts, warn);
        podSpecWarnings(sts, warn);
        claimWarnings(sts, warn);
      },
    };
  },
});

interface Warning {
  /** The warning's key in scripts/data/server-warnings.tsv. */
  key: string;
  /** Where the finding points. */
  path: Path;
  /**
   * The field as the API server names it in its warning; a function where the path depends on the
   * words of the release (the env warning names `env[i].name` with "duplicate name", `env[i]` after).
   */
  field: string | ((text: string) => string);
  /** What is wrong, in stslint's words, true at every release the warning is sent. */
  about: string;
  fix: string;
  on?: 'key';
  /** What the server's text prints for its `%s` placeholders, in order. */
  value?: string | readonly string[];
}

type Warn = (warning: Warning) => void;

/** The server's words with its `%s` placeholders filled in order. */
function fill(text: string, value: string | readonly string[] | undefined): string {
  const values = typeof value === 'string' ? [value] : [...(value ?? [])];
  return text.replace(/%s/g, () => values.shift() ?? '');
}

/** `a.b[0].c`, the way the API server prints field paths. */
function fieldPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * A fractional byte quantity as the API server prints it (`Quantity.String()`): the value is kept to
 * thousandths, rounded up, and a value that is not whole in bytes is written in thousandths (`1.1Gi`
 * → `1181116006400m`, kubernetes/kubectl#1426).
 */
function serverQuantity(quantity: ExactQuantity): string {
  const scaled = quantity.numerator * 1000n;
  const milli = scaled / quantity.denominator + (scaled % quantity.denominator > 0n ? 1n : 0n);
  return `${milli}m`;
}

const TEMPLATE: Path = ['spec', 'template'];
const RESOURCE_GROUPS = ['limits', 'requests'] as const;
const BYTE_RESOURCES = ['memory', 'ephemeral-storage'] as const;
const CLAIM_GROUPS = ['requests', 'limits'] as const;
const POD: Path = ['spec', 'template', 'spec'];

function annotationWarnings(sts: StatefulSetView, warn: Warn): void {
  const written = asRecord(asRecord(asRecord(asRecord(sts.resource.obj.spec)?.template)?.metadata)?.annotations);
  // Most templates have no annotations: nothing below is made for them.
  if (!written) return;
  const annotations = asStringMap(written) ?? {};
  const at = (key: string): Path => [...TEMPLATE, 'metadata', 'annotations', key];
  const field = (key: string): string => `spec.template.metadata.annotations[${key}]`;
  const podSecurity = asRecord(sts.podSpec?.securityContext);
  for (const key of Object.keys(annotations)) {
    const deprecated = DEPRECATED_ANNOTATIONS[key];
    if (deprecated) {
      warn({
        key: deprecated.key,
        path: at(key),
        field: field(key),
        about: `the pod template annotation \`${key}\` ${deprecated.about}`,
        fix: 'Remove the annotation and use the field',
        on: 'key',
      });
    }
    const seccomp = (fix: string): void =>
      warn({
        key: 'seccomp-annotation',
        path: at(key),
        field: field(key),
        about: `the pod template sets seccomp through the annotation \`${key}\`, deprecated since Kubernetes 1.19 for the \`seccompProfile\` field, and not through the field`,
        fix,
        on: 'key',
      });
    if (key === SECCOMP_POD && !podSecurity?.seccompProfile) seccomp('Set `securityContext.seccompProfile` and remove the annotation');
    const container = key.startsWith(SECCOMP_CONTAINER) ? sts.containers.find((c) => c.name === key.slice(SECCOMP_CONTAINER.length)) : undefined;
    if (container && !asRecord(container.raw.securityContext)?.seccompProfile) {
      seccomp(`Set \`securityContext.seccompProfile\` on container \`${container.name}\` and remove the annotation`);
    }
    const armored = key.startsWith(APPARMOR_CONTAINER) ? sts.containers.find((c) => c.name === key.slice(APPARMOR_CONTAINER.length)) : undefined;
    if (armored && !podSecurity?.appArmorProfile && !asRecord(armored.raw.securityContext)?.appArmorProfile) {
      warn({
        key: 'apparmor-annotation',
        path: at(key),
        field: field(key),
        about: `container \`${armored.name}\` gets its AppArmor profile from the annotation \`${key}\`, deprecated since Kubernetes 1.30 for the \`appArmorProfile\` field`,
        fix: `Set \`securityContext.appArmorProfile\` on container \`${armored.name}\` and remove the annotation`,
        on: 'key',
      });
    }
  }
}

const DEPRECATED_VOLUME_ENTRIES = Object.entries(DEPRECATED_VOLUMES);

function volumeWarnings(sts: StatefulSetView, warn: Warn, reportedElsewhere: ReadonlySet<string>): void {
  for (const volume of sts.volumes) {
    for (const [source, { history, serverName }] of DEPRECATED_VOLUME_ENTRIES) {
      if (volume.raw[source] === undefined || volume.raw[source] === null || reportedElsewhere.has(source)) continue;
      warn({
        key: `${source}-volume`,
        path: [...volume.path, source],
        field: `spec.template.spec.volumes[${volume.index}].${serverName ?? source}`,
        about: `volume \`${volume.name}\` is of type \`${source}\`, ${history}`,
        fix:
          source === 'gitRepo'
            ? 'Clone the repository in an init container into an `emptyDir` volume instead'
            : 'Move the data to a supported volume type, such as a CSI driver or a volume claim template',
      });
    }
  }
}

/** `spec.template.spec.containers[0]`, the way the API server names a container. */
function containerField(container: ContainerView): string {
  return `spec.template.spec.${container.group}[${container.index}]`;
}

function containerWarnings(sts: StatefulSetView, warn: Warn): void {
  // Port key → where it was first declared (the field is named only for a duplicate).
  const ports = new Map<string, { container: ContainerView; i: number }>();
  for (const container of sts.containers) {
    const resources = asRecord(container.raw.resources);
    for (const group of RESOURCE_GROUPS) {
      const amounts = asRecord(resources?.[group]);
      if (!amounts) continue;
      for (const name of BYTE_RESOURCES) {
        const raw = amounts[name];
        const quantity = parseQuantityExact(raw);
        if (!quantity || isWholeQuantity(quantity)) continue;
        const where = containerField(container);
        warn({
          key: 'fractional-bytes',
          path: [...container.path, 'resources', group, name],
          field: `${where}.resources.${group}[${name}]`,
          about: `container \`${container.name}\` asks for a fractional number of bytes, \`${name}: ${String(raw)}\``,
          fix: `Use whole bytes, e.g. \`${name === 'memory' ? '512Mi' : '1Gi'}\` (\`m\` means thousandths, not mega: use \`M\` or \`Mi\`)`,
          value: serverQuantity(quantity),
        });
      }
    }
    const env = new Set<string>();
    const envList = asArray(container.raw.env);
    for (let i = 0; i < envList.length; i++) {
      const variable = asRecord(envList[i]);
      const name = variable?.name;
      if (typeof name !== 'string') continue;
      if (env.has(name)) {
        const value = typeof variable?.value === 'string' ? variable.value : '';
        const ref = `$(${name})`;
        // warnings.go: from 1.28 a redefinition is fine when it extends the old value, like X="$(X):more".
        const extending = variable?.valueFrom === undefined && value !== ref && value.includes(ref);
        const where = containerField(container);
        warn({
          key: extending ? 'duplicate-env-extending' : 'duplicate-env',
          path: [...container.path, 'env', i, 'name'],
          field: (text) => (text.startsWith('duplicate name') ? `${where}.env[${i}].name` : `${where}.env[${i}]`),
          about: `container \`${container.name}\` defines the environment variable \`${name}\` a second time`,
          fix: 'Define each variable once',
          value: name,
        });
      }
      env.add(name);
    }
    const portList = asArray(container.raw.ports);
    for (let i = 0; i < portList.length; i++) {
      const port = asRecord(portList[i]);
      if (!port) continue;
      const hostPort = typeof port.hostPort === 'number' ? port.hostPort : 0;
      const hostIP = typeof port.hostIP === 'string' ? port.hostIP : '';
      if (hostIP !== '' && hostPort === 0) {
        warn({
          key: 'host-ip-without-host-port',
          path: [...container.path, 'ports', i, 'hostIP'],
          field: `${containerField(container)}.ports[${i}]`,
          about: `port ${String(port.containerPort)} of container \`${container.name}\` sets \`hostIP\` without \`hostPort\``,
          fix: 'Remove `hostIP`, or also set `hostPort`',
          // The server prints the whole port after the colon.
          value: '…',
        });
      }
      // Equal host ports are an error (pod-template-invalid); without host ports only a warning.
      if (hostPort !== 0) continue;
      const protocol = typeof port.protocol === 'string' && port.protocol ? port.protocol : 'TCP';
      const key = `${String(port.containerPort)}/${protocol}/${hostIP}`;
      const first = ports.get(key);
      if (first) {
        const other = `${containerField(first.container)}.ports[${first.i}]`;
        warn({
          key: 'duplicate-port',
          path: [...container.path, 'ports', i],
          field: `${containerField(container)}.ports[${i}]`,
          about: `port ${String(port.containerPort)}/${protocol} of container \`${container.name}\` is declared a second time (first at \`${other}\`)`,
          fix: 'Declare each container port once',
          value: other,
        });
      } else ports.set(key, { container, i });
    }
  }
}

function podSpecWarnings(sts: StatefulSetView, warn: Warn): void {
  const spec = sts.podSpec;
  if (!spec) return;
  const grace = spec.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace < 0) {
    warn({
      key: 'negative-grace-period',
      path: [...POD, 'terminationGracePeriodSeconds'],
      field: 'spec.template.spec.terminationGracePeriodSeconds',
      about: `\`terminationGracePeriodSeconds\` is negative (${grace})`,
      fix: 'Use 0 or more seconds',
    });
  }
  const secrets = new Set<string>();
  for (const [i, item] of asArray(spec.imagePullSecrets).entries()) {
    const name = asRecord(item)?.name;
    const path = [...POD, 'imagePullSecrets', i, 'name'];
    const field = `spec.template.spec.imagePullSecrets[${i}].name`;
    if (name === undefined || name === '') {
      warn({ key: 'empty-image-pull-secret', path, field, about: `\`imagePullSecrets[${i}]\` names no Secret`, fix: 'Name the Secret, or remove the entry' });
    } else if (typeof name === 'string' && secrets.has(name)) {
      warn({
        key: 'duplicate-image-pull-secret',
        path,
        field,
        about: `\`imagePullSecrets\` lists Secret \`${name}\` twice`,
        fix: 'List each Secret once',
        value: name,
      });
    }
    if (typeof name === 'string') secrets.add(name);
  }
  const nodeLabel = (path: Path, field: string, label: string, inTerm: boolean): void =>
    warn({
      key: inTerm ? 'deprecated-node-label-term' : 'deprecated-node-label',
      path,
      field,
      about: `the pod template uses the node label \`${label}\` (in \`${field.replace('spec.template.spec.', '')}\`), deprecated since Kubernetes ${DEPRECATED_NODE_LABELS[label]!.since} for \`${DEPRECATED_NODE_LABELS[label]!.use}\``,
      fix: 'Use the new label key',
      value: [...(inTerm ? [label] : []), DEPRECATED_NODE_LABELS[label]!.since, DEPRECATED_NODE_LABELS[label]!.use],
    });
  for (const key of Object.keys(asRecord(spec.nodeSelector) ?? {})) {
    if (DEPRECATED_NODE_LABELS[key]) nodeLabel([...POD, 'nodeSelector', key], `spec.template.spec.nodeSelector[${key}]`, key, false);
  }
  for (const [i, item] of asArray(spec.topologySpreadConstraints).entries()) {
    const constraint = asRecord(item);
    const key = constraint?.topologyKey;
    const at = [...POD, 'topologySpreadConstraints', i];
    const field = `spec.template.spec.topologySpreadConstraints[${i}]`;
    if (typeof key === 'string' && DEPRECATED_NODE_LABELS[key]) nodeLabel([...at, 'topologyKey'], `${field}.topologyKey`, key, true);
    if (constraint && (constraint.labelSelector === undefined || constraint.labelSelector === null)) {
      warn({
        key: 'null-label-selector',
        path: at,
        field: `${field}.labelSelector`,
        about: `topology spread constraint ${i} has no \`labelSelector\`, so it counts no pod`,
        fix: 'Add a `labelSelector` with the pod template labels',
      });
    }
  }
  affinityWarnings(asRecord(spec.affinity), warn, nodeLabel);
}

function affinityWarnings(affinity: JsonRecord | undefined, warn: Warn, nodeLabel: (path: Path, field: string, label: string, inTerm: boolean) => void): void {
  if (!affinity) return;
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
      nodeLabel(full, `spec.template.spec.affinity.${fieldPath(path)}.matchExpressions[${j}].key`, key, true);
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
      warn({
        key: 'null-label-selector',
        path: [...POD, 'affinity', ...path],
        field: `spec.template.spec.affinity.${fieldPath(path)}.labelSelector`,
        about: `the \`${kind}\` term \`${fieldPath(path.slice(1))}\` has no \`labelSelector\`, so it matches no pod`,
        fix: 'Add a `labelSelector`, usually the pod template labels',
      });
    }
  }
}

function claimWarnings(sts: StatefulSetView, warn: Warn): void {
  for (const claim of sts.claimTemplates) {
    const name = claim.name || `#${claim.index}`;
    const written = asRecord(asRecord(claim.raw.metadata)?.annotations);
    const annotations = written ? (asStringMap(written) ?? {}) : {};
    if (annotations[BETA_STORAGE_CLASS] !== undefined) {
      warn({
        key: 'claim-beta-storage-class',
        path: [...claim.path, 'metadata', 'annotations', BETA_STORAGE_CLASS],
        // The claims the controller creates carry the template's annotations.
        field: `metadata.annotations[${BETA_STORAGE_CLASS}]`,
        about: `volume claim template \`${name}\` names its StorageClass through the deprecated annotation \`${BETA_STORAGE_CLASS}\``,
        fix: `Set \`spec.storageClassName: ${annotations[BETA_STORAGE_CLASS]}\` and remove the annotation (claim templates cannot change after creation)`,
        on: 'key',
      });
    }
    const resources = asRecord(asRecord(claim.raw.spec)?.resources);
    for (const group of CLAIM_GROUPS) {
      const raw = asRecord(resources?.[group])?.storage;
      const quantity = parseQuantityExact(raw);
      if (!quantity || isWholeQuantity(quantity)) continue;
      warn({
        key: 'claim-fractional-storage',
        path: [...claim.path, 'spec', 'resources', group, 'storage'],
        field: `spec.volumeClaimTemplates[${claim.index}].spec.resources.${group}[storage]`,
        about: `volume claim template \`${name}\` asks for a fractional number of bytes, \`storage: ${String(raw)}\``,
        fix: 'Use whole bytes, e.g. `10Gi`',
        value: serverQuantity(quantity),
      });
    }
  }
}
