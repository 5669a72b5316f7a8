// Where StatefulSet pods name other pods (or Services) by DNS: the strings of the pod template
// (command, args, env values, exec probes and hooks) and the data of the ConfigMaps the pods
// mount or read. The peer rules (peer-discovery-not-ready, peer-ordinal-out-of-range,
// peer-wrong-service, srv-port-unnamed) share one scan per graph; every scalar is read once,
// in one left-to-right pass without backtracking regular expressions, so the scan is linear in
// the size of the input.
//
// Recognised forms (`<pod>` is `<set>-<ordinal>`, or a range `<set>-{0..2}` / minio's `<set>-{0...3}`):
//   <pod>                                   bare pod name, only when it is the whole scalar
//   <pod>.<svc>[.<ns>[.svc[.<domain>]]]     pod DNS name; `<pod>.<ns>.svc…` (no Service label) too
//   $HOSTNAME.<svc>…, ${VAR}.<svc>…, $(hostname).<svc>…   the pod's own name (VAR from metadata.name)
//   <svc>.<ns>[.svc[.<domain>]]             a Service's own DNS name
//   _<port>._<proto>.<svc>[.<ns>[.svc[.<domain>]]]   an SRV lookup
// Names are matched only when they name a StatefulSet or Service of the graph, so ordinary
// words and external host names (`web-1.example.com`) are not references.

import type { Path } from '../shared/finding.js';
import type { Resource, ResourceGraph } from '../graph/graph.js';
import { editDistance } from '../shared/text.js';
import { asArray, asRecord, asString, type JsonRecord } from '../shared/value.js';
import { statefulSetView, type ContainerView } from './statefulset.js';

/** How much of `<svc>.<ns>.svc.<domain>` follows the host part. */
export type NameForm = 'bare' | 'short' | 'namespaced' | 'qualified' | 'no-service';

export interface DnsParts {
  readonly form: NameForm;
  /** The Service label (undefined for `bare` and `no-service`). */
  readonly service?: string | undefined;
  readonly namespace?: string | undefined;
  /** The labels after `svc`, when written. */
  readonly domain?: string | undefined;
}

/** `<set>-<n>…`: a pod of a StatefulSet named `set` (some namespace). */
export interface PodReference extends DnsParts {
  readonly kind: 'pod';
  /** The name as written, without port or path. */
  readonly text: string;
  /** The host part as written: `zk-0` or `minio-{0...3}`. */
  readonly host: string;
  readonly set: string;
  /** Ordinal range named (equal for a single pod). */
  readonly first: number;
  readonly last: number;
}

/** `$HOSTNAME.<svc>…`: the reading pod's own name. */
export interface SelfReference extends DnsParts {
  readonly kind: 'self';
  readonly text: string;
  readonly host: string;
  /** `HOSTNAME`, or an env var that holds `metadata.name` (checked per reader). */
  readonly variable: string;
}

/** `<svc>.<ns>[.svc…]`: the records of a whole Service. */
export interface ServiceReference extends DnsParts {
  readonly kind: 'service';
  readonly text: string;
  readonly service: string;
}

/** `_<port>._<proto>.<svc>…` */
export interface SrvReference extends DnsParts {
  readonly kind: 'srv';
  readonly text: string;
  readonly service: string;
  readonly port: string;
  /** Lower case, as written: tcp, udp or sctp. */
  readonly protocol: string;
}

export type PeerReference = PodReference | SelfReference | ServiceReference | SrvReference;

/** One string of the input that holds references. */
export interface ScannedScalar {
  /** The object the string belongs to: the StatefulSet or a ConfigMap. */
  readonly resource: Resource;
  readonly path: Path;
  /** For messages: ``env `SERVERS` of container `zk` ``. */
  readonly where: string;
  readonly references: readonly PeerReference[];
}

/** What the scanner needs to know about the graph. */
export interface KnownNames {
  isStatefulSet(name: string): boolean;
  isService(name: string): boolean;
  isNamespace(name: string): boolean;
}

// ---------------------------------------------------------------------------------------------
// Scanning one string

const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ORDINAL = /^(?:0|[1-9][0-9]{0,8})$/;
/** `{0..2}` (shell) or `{0...3}` (minio), right after `<set>-`. */
const RANGE = /\{([0-9]{1,9})\.\.\.?([0-9]{1,9})\}/y;
const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|\(([A-Za-z_][A-Za-z0-9_]*)(?: -s)?\)|([A-Za-z_][A-Za-z0-9_]*))/y;
const SRV_PREFIX = /^_([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\._(tcp|udp|sctp)$/;

/** Characters of a host-name-like run: letters, digits, `-`, `.`, `_`. */
function isRunChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95;
}

/** End of the run that starts at `start`, including `-{a..b}` ranges. */
function runEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isRunChar(c)) {
      i++;
      continue;
    }
    if (c === 123 && i > start && text.charCodeAt(i - 1) === 45) {
      RANGE.lastIndex = i;
      const match = RANGE.exec(text);
      if (match) {
        i += match[0].length;
        continue;
      }
    }
    break;
  }
  return i;
}

/**
 * Every reference in `text`, left to right. `shortcuts: false` reads every run of name
 * characters in full, as the quick skips must not change what is found (test/peers.test.ts).
 */
export function findReferences(text: string, known: KnownNames, shortcuts = true): readonly PeerReference[] {
  // Most strings hold no reference: they share one empty list.
  let found: PeerReference[] = NO_REFERENCES as PeerReference[];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 36 /* $ */) {
      if (found === NO_REFERENCES) found = [];
      i = readSelf(text, i, known, found);
      continue;
    }
    if (!isRunChar(c)) {
      i++;
      continue;
    }
    const end = runEnd(text, i);
    // Every form has a dot, a dash (`mysql-0`, `web-{0..2}`) or a leading underscore (SRV):
    // the many plain words of scripts and configuration are passed over without a copy.
    if (shortcuts && c !== 95 /* _ */ && !hasDotOrDash(text, i, end)) {
      i = end;
      continue;
    }
    const reference = parseRun(text.slice(i, end), known, shortcuts);
    // A bare pod name is a reference only when it is the whole value (`PRIMARY: mysql-0`).
    if (reference && (reference.form !== 'bare' || text.trim() === reference.text)) {
      if (found === NO_REFERENCES) found = [];
      found.push(reference);
    }
    i = end;
  }
  return found.length === 0 ? NO_REFERENCES : found;
}

const NO_REFERENCES: readonly PeerReference[] = Object.freeze([]);

function hasDotOrDash(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 46 || c === 45) return true;
  }
  return false;
}

/** `$HOSTNAME.…`, `${VAR}.…`, `$(hostname).…`; returns where scanning goes on. */
function readSelf(source: string, at: number, known: KnownNames, found: PeerReference[]): number {
  VARIABLE.lastIndex = at;
  const match = VARIABLE.exec(source);
  if (!match) return at + 1;
  const after = at + match[0].length;
  if (source.charCodeAt(after) !== 46 /* . */) return after;
  const end = runEnd(source, after + 1);
  const labels = splitLabels(source.slice(after + 1, end).toLowerCase());
  const name = match[1] ?? match[2] ?? match[3]!;
  const parts = labels && podParts(labels, known);
  if (parts && parts.form !== 'bare') {
    const variable = name === 'hostname' ? 'HOSTNAME' : name;
    const text = source.slice(at, after + 1 + joinedLength(labels));
    found.push({ kind: 'self', text, host: match[0], variable, ...parts });
  }
  return end;
}

/** The length of `labels.join('.')`, without making the string. */
function joinedLength(labels: readonly string[]): number {
  let length = labels.length === 0 ? 0 : labels.length - 1;
  for (const label of labels) length += label.length;
  return length;
}

/** DNS labels of a run; undefined when one is not a DNS label. A trailing dot ends the name. */
function splitLabels(run: string): string[] | undefined {
  if (run === '') return [];
  const labels = run.split('.');
  if (labels[labels.length - 1] === '') labels.pop(); // absolute name: `zk-0.zk.`
  for (const label of labels) if (!DNS_LABEL.test(label)) return undefined;
  return labels;
}

function parseRun(run: string, known: KnownNames, shortcuts: boolean): PeerReference | undefined {
  const lower = run.toLowerCase();
  if (lower.startsWith('_')) return parseSrv(run, lower, known);

  // The host part: up to the first dot, or a `-{a..b}` range.
  let hostEnd = lower.indexOf('.');
  if (hostEnd === -1) hostEnd = lower.length;
  const brace = lower.indexOf('-{');
  let set: string;
  let first: number;
  let last: number;
  if (brace !== -1 && brace < hostEnd) {
    RANGE.lastIndex = brace + 1;
    const range = RANGE.exec(lower);
    if (!range) return undefined;
    hostEnd = brace + 1 + range[0].length;
    if (hostEnd < lower.length && lower.charCodeAt(hostEnd) !== 46) return undefined;
    set = lower.slice(0, brace);
    const a = Number(range[1]);
    const b = Number(range[2]);
    [first, last] = a <= b ? [a, b] : [b, a];
  } else {
    const host = lower.slice(0, hostEnd);
    const dash = host.lastIndexOf('-');
    if (dash <= 0 || !ORDINAL.test(host.slice(dash + 1))) return parseServiceName(run, lower, known, shortcuts);
    set = host.slice(0, dash);
    first = last = Number(host.slice(dash + 1));
  }
  if (!DNS_LABEL.test(set) || !known.isStatefulSet(set)) return undefined;
  const labels = splitLabels(lower.slice(hostEnd + 1));
  if (!labels) return undefined;
  const parts = podParts(labels, known);
  if (!parts) return undefined;
  // Labels keep their length when lower-cased, so the name as written is a prefix of the run.
  const text = run.slice(0, labels.length === 0 ? hostEnd : hostEnd + 1 + joinedLength(labels));
  return { kind: 'pod', text, host: run.slice(0, hostEnd), set, first, last, ...parts };
}

/** The part after a pod's host label; undefined when it is not a cluster name. */
function podParts(labels: readonly string[], known: KnownNames): DnsParts | undefined {
  const [a, b, c] = labels;
  if (a === undefined) return { form: 'bare' };
  if (b === 'svc') return { form: 'no-service', namespace: a, domain: domainOf(labels, 2) };
  // Service names start with a letter (DNS-1035), which also keeps versions (`mysql-8.0`) out.
  if (!/^[a-z]/.test(a)) return undefined;
  if (b === undefined) return { form: 'short', service: a };
  if (c === undefined) return known.isNamespace(b) ? { form: 'namespaced', service: a, namespace: b } : undefined;
  if (c === 'svc') return { form: 'qualified', service: a, namespace: b, domain: domainOf(labels, 3) };
  return undefined;
}

/** The part after a Service label: `<ns>[.svc[.<domain>]]`. */
function serviceParts(labels: readonly string[], known: KnownNames, allowShort: boolean): DnsParts | undefined {
  const [a, b] = labels;
  if (a === undefined) return allowShort ? { form: 'short' } : undefined;
  if (b === undefined) return known.isNamespace(a) ? { form: 'namespaced', namespace: a } : undefined;
  if (b === 'svc') return { form: 'qualified', namespace: a, domain: domainOf(labels, 2) };
  return undefined;
}

function domainOf(labels: readonly string[], from: number): string | undefined {
  return labels.length > from ? labels.slice(from).join('.') : undefined;
}

/** `<svc>.<ns>[.svc…]` for a Service of the graph. */
function parseServiceName(run: string, lower: string, known: KnownNames, shortcuts: boolean): ServiceReference | undefined {
  if (shortcuts) {
    // The first label names a Service of the graph, or this is no Service name: asked first, as
    // most runs are not, before the whole run is split and checked label by label.
    const dot = lower.indexOf('.');
    if (dot <= 0 || !known.isService(lower.slice(0, dot))) return undefined;
  }
  const labels = splitLabels(lower);
  if (!labels || labels.length < 2 || !known.isService(labels[0]!)) return undefined;
  const parts = serviceParts(labels.slice(1), known, false);
  if (!parts) return undefined;
  return { kind: 'service', text: run.slice(0, joinedLength(labels)), service: labels[0]!, ...parts };
}

/** `_<port>._<proto>.<svc>…` for a Service of the graph. */
function parseSrv(run: string, lower: string, known: KnownNames): SrvReference | undefined {
  const dots = lower.split('.');
  const prefix = SRV_PREFIX.exec(`${dots[0] ?? ''}.${dots[1] ?? ''}`);
  if (!prefix) return undefined;
  const labels = splitLabels(dots.slice(2).join('.'));
  if (!labels || labels.length === 0 || !known.isService(labels[0]!)) return undefined;
  const parts = serviceParts(labels.slice(1), known, true);
  if (!parts) return undefined;
  const length = `${dots[0]}.${dots[1]}.${labels.join('.')}`.length;
  return { kind: 'srv', text: run.slice(0, length), service: labels[0]!, port: prefix[1]!, protocol: prefix[2]!, ...parts };
}

// ---------------------------------------------------------------------------------------------
// The strings a StatefulSet's pods read

const EXEC_HOLDERS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HOOKS = ['postStart', 'preStop'] as const;

interface ConfigMapUse {
  readonly configMap: Resource;
  /** Keys read; undefined for all of them. */
  keys: Set<string> | undefined;
}

/** The peer scan of one graph; get it with `peerIndex(graph)`. */
export class PeerIndex {
  readonly known: KnownNames;
  private readonly templateScalars = new Map<Resource, readonly ScannedScalar[]>();
  private readonly configMapScalars = new Map<Resource, Map<string, ScannedScalar>>();
  private readonly selfNames = new Map<Resource, ReadonlySet<string>>();
  private readonly read = new Map<Resource, readonly ScannedScalar[]>();

  constructor(private readonly graph: ResourceGraph) {
    const namespaces = new Set<string>([graph.settings.namespace, ...graph.otherNamespaces]);
    for (const resource of graph.resources) {
      if (resource.namespace) namespaces.add(resource.namespace);
      if (resource.type === 'Namespace' && resource.name) namespaces.add(resource.name);
    }
    this.known = {
      isStatefulSet: (name) => graph.named('StatefulSet', name).length > 0,
      isService: (name) => graph.named('Service', name).length > 0,
      isNamespace: (name) => namespaces.has(name),
    };
  }

  /** The scalars with references that the pods of `set` read: its template's, then its ConfigMaps'. */
  readBy(set: Resource): readonly ScannedScalar[] {
    // Asked by every peer rule for every set: made once.
    let out = this.read.get(set);
    if (out) return out;
    const template = this.ofTemplate(set);
    let scalars: ScannedScalar[] | undefined;
    for (const use of this.configMapsOf(set)) {
      for (const [key, scalar] of this.ofConfigMap(use.configMap)) {
        if (use.keys && !use.keys.has(key)) continue;
        scalars ??= template.slice();
        scalars.push(scalar);
      }
    }
    out = scalars ?? template;
    this.read.set(set, out);
    return out;
  }

  /** Names that stand for the pod's own name in its strings: HOSTNAME and env vars set from `metadata.name`. */
  selfVariables(set: Resource): ReadonlySet<string> {
    let names = this.selfNames.get(set);
    if (!names) {
      const found = new Set(['HOSTNAME']);
      for (const container of statefulSetView(this.graph, set).containers) {
        for (const entry of asArray(container.raw.env)) {
          const env = asRecord(entry);
          const fieldPath = asString(asRecord(asRecord(env?.valueFrom)?.fieldRef)?.fieldPath);
          const name = asString(env?.name);
          if (name && fieldPath === 'metadata.name') found.add(name);
        }
      }
      names = found;
      this.selfNames.set(set, names);
    }
    return names;
  }

  private ofTemplate(set: Resource): readonly ScannedScalar[] {
    const known = this.templateScalars.get(set);
    if (known) return known;
    // Paths and descriptions are made only for the strings that hold a reference: most hold none.
    const scalars: ScannedScalar[] = [];
    for (const container of statefulSetView(this.graph, set).containers) {
      const { raw, path } = container;
      this.scanList(scalars, set, container, path, 'command', '`command`', raw.command);
      this.scanList(scalars, set, container, path, 'args', '`args`', raw.args);
      const env = raw.env;
      if (Array.isArray(env)) {
        for (let i = 0; i < env.length; i++) {
          const entry = asRecord(env[i]);
          const value = entry?.value;
          if (typeof value !== 'string') continue;
          const references = findReferences(value, this.known);
          if (references.length === 0) continue;
          const where = `env \`${asString(entry?.name) ?? i}\` of ${containerLabel(container)}`;
          scalars.push({ resource: set, path: [...path, 'env', i, 'value'], where, references });
        }
      }
      for (const probe of EXEC_HOLDERS) {
        const command = asRecord(asRecord(raw[probe])?.exec)?.command;
        if (Array.isArray(command)) this.scanList(scalars, set, container, [...path, probe, 'exec'], 'command', `\`${probe}\``, command);
      }
      const lifecycle = asRecord(raw.lifecycle);
      if (lifecycle) {
        for (const hook of HOOKS) {
          const command = asRecord(asRecord(lifecycle[hook])?.exec)?.command;
          if (Array.isArray(command)) this.scanList(scalars, set, container, [...path, 'lifecycle', hook, 'exec'], 'command', `\`${hook}\` hook`, command);
        }
      }
    }
    this.templateScalars.set(set, scalars);
    return scalars;
  }

  /** The strings of a list of a container (`command`, `args`) that hold references. */
  private scanList(scalars: ScannedScalar[], set: Resource, container: ContainerView, base: Path, field: string, what: string, raw: unknown): void {
    if (!Array.isArray(raw)) return;
    for (let i = 0; i < raw.length; i++) {
      const item: unknown = raw[i];
      if (typeof item !== 'string') continue;
      const references = findReferences(item, this.known);
      if (references.length === 0) continue;
      scalars.push({ resource: set, path: [...base, field, i], where: `${what} of ${containerLabel(container)}`, references });
    }
  }

  private ofConfigMap(configMap: Resource): Map<string, ScannedScalar> {
    let scalars = this.configMapScalars.get(configMap);
    if (scalars) return scalars;
    scalars = new Map();
    for (const [key, value] of Object.entries(asRecord(configMap.obj.data) ?? {})) {
      if (typeof value !== 'string') continue;
      const references = findReferences(value, this.known);
      if (references.length === 0) continue;
      scalars.set(key, { resource: configMap, path: ['data', key], where: `key \`${key}\` of ConfigMap \`${configMap.name}\``, references });
    }
    this.configMapScalars.set(configMap, scalars);
    return scalars;
  }

  /** The ConfigMaps of the set's namespace that its pods mount (volumes, projected) or read (configMapKeyRef, envFrom). */
  private configMapsOf(set: Resource): ConfigMapUse[] {
    const uses = new Map<Resource, ConfigMapUse>();
    const use = (name: unknown, keys: readonly string[] | undefined): void => {
      const configMap = typeof name === 'string' ? this.graph.get('ConfigMap', set.namespace, name) : undefined;
      if (!configMap) return;
      const current = uses.get(configMap);
      if (!current) uses.set(configMap, { configMap, keys: keys ? new Set(keys) : undefined });
      else if (!keys) current.keys = undefined;
      else if (current.keys) for (const key of keys) current.keys.add(key);
    };
    const itemKeys = (source: JsonRecord | undefined): string[] | undefined => {
      const items = asArray(source?.items);
      return items.length === 0 ? undefined : items.map((i) => asString(asRecord(i)?.key)).filter((k): k is string => k !== undefined);
    };
    const view = statefulSetView(this.graph, set);
    for (const volume of view.volumes) {
      const source = asRecord(volume.raw.configMap);
      if (source) use(source.name, itemKeys(source));
      for (const projected of asArray(asRecord(volume.raw.projected)?.sources)) {
        const configMap = asRecord(asRecord(projected)?.configMap);
        if (configMap) use(configMap.name, itemKeys(configMap));
      }
    }
    for (const container of view.containers) {
      for (const entry of asArray(container.raw.env)) {
        const ref = asRecord(asRecord(asRecord(entry)?.valueFrom)?.configMapKeyRef);
        const key = asString(ref?.key);
        if (ref && key !== undefined) use(ref.name, [key]);
      }
      for (const entry of asArray(container.raw.envFrom)) use(asRecord(asRecord(entry)?.configMapRef)?.name, undefined);
    }
    return [...uses.values()];
  }
}

/** ``container `db` `` or ``init container `#0` ``, for the description of a scanned string. */
function containerLabel(container: ContainerView): string {
  return `${container.group === 'initContainers' ? 'init container' : 'container'} \`${container.name || `#${container.index}`}\``;
}

const indexes = new WeakMap<ResourceGraph, PeerIndex>();

/** The peer scan of `graph`, built on first use and shared by every rule. */
export function peerIndex(graph: ResourceGraph): PeerIndex {
  let index = indexes.get(graph);
  if (!index) {
    index = new PeerIndex(graph);
    indexes.set(graph, index);
  }
  return index;
}

// ---------------------------------------------------------------------------------------------
// Resolving references

export interface ResolvedReference {
  readonly scalar: ScannedScalar;
  readonly reference: PodReference | SelfReference;
  /** The StatefulSet whose pods are named. */
  readonly target: Resource;
}

/**
 * The pod references the pods of `set` make, resolved to their StatefulSet. References in a
 * ConfigMap several sets read are given once (for the first reader); self references once per
 * reader, since they name the reader. Pass the same `seen` set for every set of one rule run.
 */
export function podReferencesReadBy(graph: ResourceGraph, set: Resource, seen: Set<ScannedScalar>): ResolvedReference[] {
  const index = peerIndex(graph);
  const out: ResolvedReference[] = [];
  for (const scalar of index.readBy(set)) {
    const shared = scalar.resource !== set;
    const first = !seen.has(scalar);
    seen.add(scalar);
    for (const reference of scalar.references) {
      if (reference.kind === 'self') {
        if (index.selfVariables(set).has(reference.variable)) out.push({ scalar, reference, target: set });
      } else if (reference.kind === 'pod' && (first || !shared)) {
        const target = resolveSet(graph, reference, scalar.resource.namespace);
        if (target) out.push({ scalar, reference, target });
      }
    }
  }
  return out;
}

/**
 * The StatefulSet a pod name points at: the one in the namespace the name spells out, else the
 * one in the reader's namespace (where short names resolve), else the only one of that name.
 */
export function resolveSet(graph: ResourceGraph, reference: PodReference, readerNamespace: string): Resource | undefined {
  if (reference.namespace !== undefined) {
    const named = graph.get('StatefulSet', reference.namespace, reference.set);
    if (named) return named;
  }
  const local = graph.get('StatefulSet', readerNamespace, reference.set);
  if (local) return local;
  const all = graph.named('StatefulSet', reference.set);
  return all.length === 1 ? all[0] : undefined;
}

/**
 * Whether a pod reference is clearly a cluster DNS name for `target`'s pods, not a file name
 * that looks like one (`data-1.json`): a bare whole value, a name with a namespace or `.svc`,
 * or `<pod>.<x>` where `x` is the governing Service, another Service of the reader's namespace,
 * or a typo of the governing Service's name.
 */
export function isClusterName(graph: ResourceGraph, reference: PodReference | SelfReference, target: Resource, readerNamespace: string): boolean {
  if (reference.form !== 'short') return true;
  const service = reference.service!;
  const governing = statefulSetView(graph, target).serviceName;
  if (service === governing || graph.get('Service', readerNamespace, service)) return true;
  // A typo of the governing Service (`zk-hss`); containment is not enough (`mysql-7.sql` is a file).
  const limit = governing !== undefined && governing.length >= 6 ? 2 : 1;
  return governing !== undefined && editDistance(service, governing, limit) <= limit;
}

/** `name` written in the same form as `reference`, for "write … instead" advice. */
export function spell(host: string, service: string, namespace: string, form: NameForm, domain: string | undefined): string {
  switch (form) {
    case 'bare':
    case 'short':
      return `${host}.${service}`;
    case 'namespaced':
      return `${host}.${service}.${namespace}`;
    case 'qualified':
    case 'no-service':
      return `${host}.${service}.${namespace}.svc${domain === undefined ? '' : `.${domain}`}`;
  }
}

/** `a` (and 2 more) */
export function summarize(texts: readonly string[]): string {
  const unique = [...new Set(texts)];
  return unique.length <= 1 ? `\`${unique[0] ?? ''}\`` : `\`${unique[0]}\` (and ${unique.length - 1} more)`;
}
