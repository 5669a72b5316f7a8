// The value checks of the Kubernetes API server that several rules share: qualified names,
// label values, annotations, port names and numbers, IP addresses, label selectors and enums
// (k8s.io/apimachinery/pkg/util/validation and pkg/apis/core/validation). Each check returns why
// a value is invalid, in words a message can use, or undefined when the server accepts it.

import type { Path } from '../shared/finding.js';
import { parseLabelSelector } from './labels.js';
import { dns1123LabelProblem, isDns1123Subdomain } from './names.js';
import { formatVersion, isAtLeast, type KubernetesVersion } from './version.js';
import { asArray, asRecord, type JsonRecord } from '../shared/value.js';

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUALIFIED_NAME_MAX = 63;
const LABEL_VALUE_MAX = 63;
/** ValidateAnnotationsSize: keys and values together. */
export const ANNOTATIONS_SIZE_MAX = 256 * 1024;

/** IsQualifiedName: `[prefix/]name`, the prefix a DNS subdomain, the name 1–63 alphanumerics, `-`, `_`, `.`. */
export function qualifiedNameProblem(value: string): string | undefined {
  const parts = value.split('/');
  if (parts.length > 2) return 'it has more than one `/`';
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === '') return 'the prefix before `/` is empty';
    if (!isDns1123Subdomain(prefix)) return `the prefix \`${prefix}\` is not a DNS subdomain (lower-case letters, digits, \`-\` and \`.\`)`;
  }
  if (name === '') return 'the name part is empty';
  if (name.length > QUALIFIED_NAME_MAX) return `the name part is ${name.length} characters long, more than ${QUALIFIED_NAME_MAX}`;
  if (!QUALIFIED_NAME.test(name)) {
    return 'the name part may only hold letters, digits, `-`, `_` and `.`, and must start and end with a letter or digit';
  }
  return undefined;
}

/** IsValidLabelValue: empty, or up to 63 characters shaped like a qualified name. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > LABEL_VALUE_MAX) return `it is ${value.length} characters long, more than ${LABEL_VALUE_MAX}`;
  if (!QUALIFIED_NAME.test(value)) return 'a label value may only hold letters, digits, `-`, `_` and `.`, and must start and end with a letter or digit';
  return undefined;
}

export interface MapProblem {
  key: string;
  /** `key` when the key is wrong, `value` when the value is. */
  on: 'key' | 'value';
  reason: string;
}

/** ValidateLabels: every key a qualified name, every value a label value. */
export function labelProblems(labels: Readonly<Record<string, string>>): MapProblem[] {
  const out: MapProblem[] = [];
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) out.push({ key, on: 'key', reason: keyProblem });
    const valueProblem = labelValueProblem(value);
    if (valueProblem) out.push({ key, on: 'value', reason: valueProblem });
  }
  return out;
}

/** ValidateAnnotations: keys are qualified names, case-insensitively. (The total size is checked apart.) */
export function annotationKeyProblems(annotations: Readonly<Record<string, string>>): MapProblem[] {
  const out: MapProblem[] = [];
  for (const key of Object.keys(annotations)) {
    const problem = qualifiedNameProblem(key.toLowerCase());
    if (problem) out.push({ key, on: 'key', reason: problem });
  }
  return out;
}

/** Bytes of keys and values, as ValidateAnnotationsSize counts them (Go string lengths are UTF-8 bytes). */
export function annotationsSize(annotations: Readonly<Record<string, string>>): number {
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) size += Buffer.byteLength(key) + Buffer.byteLength(value);
  return size;
}

/** IsValidPortNum: 1–65535. */
export function isPortNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** IsValidPortName (IANA_SVC_NAME): 1–15 of `a-z0-9-`, at least one letter, no `--`, no `-` at either end. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return `it is ${name.length} characters long, more than 15`;
  if (!/^[-a-z0-9]+$/.test(name)) return 'it may only hold lower-case letters, digits and `-`';
  if (!/[a-z]/.test(name)) return 'it must contain at least one letter';
  if (name.includes('--')) return 'it must not contain `--`';
  if (name.startsWith('-') || name.endsWith('-')) return 'it must not start or end with `-`';
  return undefined;
}

export const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The IP family of an address as Go's net.ParseIP reads it, or undefined when it is not one. */
export function ipFamily(value: string): 'IPv4' | 'IPv6' | undefined {
  if (IPV4.test(value)) return 'IPv4';
  if (isIpv6(value)) return value.toLowerCase().startsWith('::ffff:') && IPV4.test(value.slice(7)) ? 'IPv4' : 'IPv6';
  return undefined;
}

function isIpv6(value: string): boolean {
  if (!value.includes(':') || value.length > 45) return false;
  let text = value;
  let groupsForV4 = 0;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!IPV4.test(tail)) return false;
    text = `${text.slice(0, lastColon + 1)}0`;
    groupsForV4 = 1;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const group = /^[0-9a-fA-F]{1,4}$/;
  const groups = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => g.some((part) => !group.test(part)))) return false;
  const count = groups.reduce((n, g) => n + g.length, 0) + groupsForV4;
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** A case-insensitive match among the allowed values, for "did you mean" hints. */
export function enumNearMiss(value: string, allowed: readonly string[]): string | undefined {
  const lower = value.toLowerCase().replace(/[-_ ]/g, '');
  return allowed.find((a) => a.toLowerCase() === lower);
}

/** ` (did you mean \`X\`?)` or ''. */
export function didYouMean(value: string, allowed: readonly string[]): string {
  const near = enumNearMiss(value, allowed);
  return near && near !== value ? ` (did you mean \`${near}\`? values are case-sensitive)` : '';
}

export interface SelectorProblem {
  /** Path inside the selector. */
  path: Path;
  reason: string;
}

/** ValidateLabelSelector: well-formed expressions, qualified keys, label values (strict, as on create). */
export function labelSelectorProblem(raw: unknown): SelectorProblem | undefined {
  const parsed = parseLabelSelector(raw);
  if (parsed.kind === 'invalid') return { path: parsed.path, reason: parsed.reason };
  const selector = asRecord(raw);
  if (!selector) return undefined;
  for (const { key, on, reason } of labelProblems(stringEntries(selector.matchLabels))) {
    return { path: ['matchLabels', key], reason: `${on === 'key' ? `key \`${key}\`` : `the value of \`${key}\``}: ${reason}` };
  }
  for (const [index, item] of asArray(selector.matchExpressions).entries()) {
    const expression = asRecord(item);
    const key = typeof expression?.key === 'string' ? expression.key : '';
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) return { path: ['matchExpressions', index, 'key'], reason: `key \`${key}\`: ${keyProblem}` };
    for (const [i, value] of asArray(expression?.values).entries()) {
      const valueProblem = labelValueProblem(String(value));
      if (valueProblem) return { path: ['matchExpressions', index, 'values', i], reason: `value \`${String(value)}\`: ${valueProblem}` };
    }
  }
  return undefined;
}

function stringEntries(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(value) ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Fields of a Volume that each name a volume source; a volume may set at most one. */
export const VOLUME_SOURCES = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'cinder',
  'cephfs',
  'quobyte',
  'downwardAPI',
  'fc',
  'flexVolume',
  'configMap',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'storageos',
  'projected',
  'scaleIO',
  'csi',
  'ephemeral',
  'image',
] as const;

/** The volume source fields a volume sets (non-null), in the order written. */
const KNOWN_VOLUME_SOURCES: ReadonlySet<string> = new Set<string>(VOLUME_SOURCES);

export function volumeSourcesOf(volume: JsonRecord): string[] {
  return Object.keys(volume).filter((k) => KNOWN_VOLUME_SOURCES.has(k) && volume[k] !== null && volume[k] !== undefined);
}

/**
 * What happens when a StatefulSet's pod template is invalid: from 1.34 the API server validates
 * the template on create (PR #131790); before, the object is accepted and the controller's pod
 * creation fails forever.
 */
export function podTemplateOutcome(version: KubernetesVersion): string {
  return isAtLeast(version, '1.34')
    ? 'the API server rejects the StatefulSet'
    : 'the API server accepts the StatefulSet, but every pod creation fails (`FailedCreate` events) and no pod ever starts';
}

/** The same for claim templates (validated on create from 1.34, PR #132212). */
export function claimTemplateOutcome(version: KubernetesVersion): string {
  return isAtLeast(version, '1.34')
    ? 'the API server rejects the StatefulSet'
    : 'the API server accepts the StatefulSet, but creating the claims fails, so no pod is ever created';
}

/**
 * Service names: DNS-1035 labels (must start with a letter) until RelaxedServiceNameValidation is
 * on by default — alpha in 1.34–1.35, beta (on) in 1.36, GA in 1.37 (KEP-5311) — then DNS-1123 labels.
 */
export function serviceNameProblem(name: string, version: KubernetesVersion): string | undefined {
  const labelProblem = dns1123LabelProblem(name);
  if (labelProblem) return labelProblem;
  if (!isAtLeast(version, '1.36') && !/^[a-z]/.test(name)) {
    return 'before Kubernetes 1.36 a Service name must be a DNS-1035 label, which starts with a lower-case letter';
  }
  return undefined;
}

export interface ServiceIps {
  /** The Service's type after defaulting (ClusterIP when unset). */
  type: string;
  clusterIP: string;
  /** `clusterIPs` as written (strings only). */
  clusterIPs: string[];
  /** What the API server validates: `clusterIPs`, or `[clusterIP]` when only the singular is set (normalizeClusterIPs). */
  effective: string[];
  /** Whether `effective` came from `clusterIPs` (else from `clusterIP`). */
  fromList: boolean;
  /** isHeadlessService: exactly one cluster IP and it is `None`. */
  headless: boolean;
}

/** The cluster-IP fields of a Service as ValidateService sees them after the create-time normalization. */
export function serviceIps(spec: JsonRecord | undefined): ServiceIps {
  const type = typeof spec?.type === 'string' && spec.type !== '' ? spec.type : 'ClusterIP';
  const clusterIP = typeof spec?.clusterIP === 'string' ? spec.clusterIP : '';
  const clusterIPs = asArray(spec?.clusterIPs).filter((v): v is string => typeof v === 'string');
  const fromList = clusterIPs.length > 0;
  const effective = fromList ? clusterIPs : clusterIP ? [clusterIP] : [];
  return { type, clusterIP, clusterIPs, effective, fromList, headless: effective.length === 1 && effective[0] === 'None' };
}

/**
 * What the API server does with an invalid value of a field behind a feature gate: it validates
 * it when the gate is on, and silently drops the field (dropStatefulSetDisabledFields) when off.
 */
export function gatedFieldOutcome(gateOnByDefault: boolean, gate: string, version: KubernetesVersion, field: string): string {
  return gateOnByDefault
    ? 'The API server rejects the object'
    : `With the ${gate} feature gate off (the default in ${formatVersion(version)}) the API server silently drops ${field}; with the gate on it rejects the object`;
}
