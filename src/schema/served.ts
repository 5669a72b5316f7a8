// Whether the API server of a target release serves an apiVersion for a kind: from generated
// per-release data — every group-version each release 1.23–1.35 serves (catalog.generated.ts), the
// kinds of the groups stslint keeps OpenAPI documents for, and the history of earlier releases and of
// kinds that left a group-version (served-apis.generated.ts, from the deprecation guide).
// The verdicts only claim what the data states; where it says nothing the object counts as served.

import { compareVersions, parseKubernetesVersion, type KubernetesVersion } from '../api/version.js';
import { RELEASES as SERVED_DATA_RELEASES, SERVED_GROUP_VERSIONS as GROUP_VERSION_RELEASES } from './catalog.generated.js';
import { API_HISTORY, KIND_RELEASES } from './served-apis.generated.js';

export type ServedVerdict =
  | { served: true }
  /** Served by earlier releases, not since `removedIn`. */
  | { served: false; reason: 'removed'; removedIn: string }
  /** Served only from `introducedIn`, a later release than the target. */
  | { served: false; reason: 'notYet'; introducedIn: string }
  /** A group-version stslint knows, which never served this (otherwise known) kind. */
  | { served: false; reason: 'neverServed' }
  /** A version of a built-in group that the target release does not serve at all. */
  | { served: false; reason: 'unknownVersion' };

const OLDEST_DATA = parseKubernetesVersion(SERVED_DATA_RELEASES[0])!;
const NEWEST_DATA = SERVED_DATA_RELEASES[SERVED_DATA_RELEASES.length - 1]!;

interface Span {
  introduced: KubernetesVersion | undefined;
  removed: KubernetesVersion | undefined;
  introducedText: string | undefined;
  removedText: string | undefined;
}

/** `gv` → kind (or `*`) → its history row. */
const HISTORY = new Map<string, Map<string, Span>>();
for (const [groupVersion, kind, introduced, removed] of API_HISTORY) {
  if (!HISTORY.has(groupVersion)) HISTORY.set(groupVersion, new Map());
  HISTORY.get(groupVersion)!.set(kind, {
    introduced: introduced === null ? undefined : parseKubernetesVersion(introduced),
    removed: removed === null ? undefined : parseKubernetesVersion(removed),
    introducedText: introduced ?? undefined,
    removedText: removed ?? undefined,
  });
}

const groupOf = (groupVersion: string): string => (groupVersion.includes('/') ? groupVersion.slice(0, groupVersion.indexOf('/')) : '');

/** Groups of the Kubernetes API itself; anything else (custom resources) is not judged. */
const BUILT_IN_GROUPS = new Set([...Object.keys(GROUP_VERSION_RELEASES), ...HISTORY.keys()].map(groupOf));

/** Every kind the data names, in any group-version: a kind outside it (a typo, `List`) is not judged. */
const KNOWN_KINDS = new Set<string>();
for (const byKind of Object.values(KIND_RELEASES)) for (const kind of Object.keys(byKind)) KNOWN_KINDS.add(kind);
for (const byKind of HISTORY.values()) for (const kind of byKind.keys()) if (kind !== '*') KNOWN_KINDS.add(kind);

export function isBuiltInApiVersion(apiVersion: string): boolean {
  return BUILT_IN_GROUPS.has(groupOf(apiVersion));
}

/** Verdicts given, per target (the run's settings object), apiVersion and kind: every object of a run asks. */
const verdicts = new WeakMap<KubernetesVersion, Map<string, Map<string, ServedVerdict | undefined>>>();

/** The verdict for `apiVersion` `kind` on `target`, or undefined when stslint cannot tell (custom resources). */
export function servedVerdict(apiVersion: string, kind: string, target: KubernetesVersion): ServedVerdict | undefined {
  let byApiVersion = verdicts.get(target);
  if (!byApiVersion) verdicts.set(target, (byApiVersion = new Map<string, Map<string, ServedVerdict | undefined>>()));
  let byKind = byApiVersion.get(apiVersion);
  if (!byKind) byApiVersion.set(apiVersion, (byKind = new Map<string, ServedVerdict | undefined>()));
  let verdict = byKind.get(kind);
  if (verdict === undefined && !byKind.has(kind)) {
    verdict = judge(apiVersion, kind, target);
    // Frozen: one verdict is handed to every caller that asks the same.
    byKind.set(kind, verdict && Object.freeze(verdict));
  }
  return verdict;
}

function judge(apiVersion: string, kind: string, target: KubernetesVersion): ServedVerdict | undefined {
  if (!isBuiltInApiVersion(apiVersion)) return undefined;
  return compareVersions(target, OLDEST_DATA) < 0 ? fromHistory(apiVersion, kind, target) : fromData(apiVersion, kind, target);
}

/** Releases 1.23 on: the served group-versions in full, kinds where known, history rows for kinds that left. */
function fromData(apiVersion: string, kind: string, target: KubernetesVersion): ServedVerdict {
  const release = dataRelease(target);
  const rows = HISTORY.get(apiVersion);
  const span = rows?.get(kind) ?? rows?.get('*');
  // A kind that left its group-version stays gone even where the group-version came back for others.
  if (span?.removed && compareVersions(target, span.removed) >= 0) return { served: false, reason: 'removed', removedIn: span.removedText! };
  const releases = releasesOf(GROUP_VERSION_RELEASES[apiVersion]);
  if (!releases.includes(release)) {
    const before = releases.filter((r) => compareReleases(r, release) < 0);
    if (before.length > 0) return { served: false, reason: 'removed', removedIn: nextRelease(before[before.length - 1]!) };
    if (rows && !rows.has('*') && !span && KNOWN_KINDS.has(kind)) return { served: false, reason: 'neverServed' };
    const after = releases.find((r) => compareReleases(r, release) > 0);
    if (after) return { served: false, reason: 'notYet', introducedIn: after };
    return { served: false, reason: 'unknownVersion' };
  }
  const kinds = KIND_RELEASES[apiVersion];
  if (!kinds || !KNOWN_KINDS.has(kind)) return { served: true };
  const kindReleases = releasesOf(kinds[kind]);
  if (kindReleases.includes(release)) return { served: true };
  const before = kindReleases.filter((r) => compareReleases(r, release) < 0);
  if (before.length > 0) return { served: false, reason: 'removed', removedIn: nextRelease(before[before.length - 1]!) };
  const after = kindReleases.find((r) => compareReleases(r, release) > 0);
  if (after) return { served: false, reason: 'notYet', introducedIn: after };
  return { served: false, reason: 'neverServed' };
}

/** Releases before 1.23: only the history rows; silence where they say nothing. */
function fromHistory(apiVersion: string, kind: string, target: KubernetesVersion): ServedVerdict | undefined {
  const rows = HISTORY.get(apiVersion);
  const span = rows?.get(kind) ?? rows?.get('*');
  if (span) {
    if (span.introduced && compareVersions(target, span.introduced) < 0) return { served: false, reason: 'notYet', introducedIn: span.introducedText! };
    if (span.removed && compareVersions(target, span.removed) >= 0) return { served: false, reason: 'removed', removedIn: span.removedText! };
    return { served: true };
  }
  // A group-version known only by some of its kinds, never served after the data begins: those are all its kinds.
  if (rows && !rows.has('*') && GROUP_VERSION_RELEASES[apiVersion] === undefined && KNOWN_KINDS.has(kind)) {
    return { served: false, reason: 'neverServed' };
  }
  return { served: true };
}

/**
 * The kinds that `apiVersion` serves on `target` where only its history rows know them (releases before
 * the data), e.g. PetSet for apps/v1alpha1 on 1.3–1.4: a group-version served for other kinds than the
 * one written. Empty when the group-version serves every kind (`*`) or nothing on `target`.
 */
export function servedKindsOf(apiVersion: string, target: KubernetesVersion): string[] {
  const rows = HISTORY.get(apiVersion);
  if (!rows || rows.has('*')) return [];
  return [...rows.keys()].filter((kind) => servedVerdict(apiVersion, kind, target)?.served === true).sort();
}

/**
 * The apiVersion to use instead for `kind` on `target`: of the group-versions known to serve the kind
 * and the served versions of the object's own group, the most stable (stable before beta before
 * alpha, newest first; the own group wins a tie).
 */
export function servedReplacement(kind: string, group: string, target: KubernetesVersion): string | undefined {
  const candidates = new Set<string>();
  for (const [groupVersion, kinds] of Object.entries(KIND_RELEASES)) if (kinds[kind] !== undefined) candidates.add(groupVersion);
  for (const [groupVersion, rows] of HISTORY) if (rows.has(kind) || groupOf(groupVersion) === group) candidates.add(groupVersion);
  for (const groupVersion of Object.keys(GROUP_VERSION_RELEASES)) if (groupOf(groupVersion) === group) candidates.add(groupVersion);
  const serving = [...candidates].filter((gv) => {
    // A group-version whose kinds are known must list this one; otherwise its group must be the object's.
    const known = KIND_RELEASES[gv] !== undefined || (HISTORY.get(gv)?.has(kind) ?? false);
    const listsKind = KIND_RELEASES[gv]?.[kind] !== undefined || (HISTORY.get(gv)?.has(kind) ?? false);
    if (known ? !listsKind : groupOf(gv) !== group) return false;
    return servedVerdict(gv, kind, target)?.served === true;
  });
  return serving.sort((a, b) => byStability(a, b) || Number(groupOf(b) === group) - Number(groupOf(a) === group))[0];
}

/** Stable first (v2 before v1), then beta, then alpha. */
function byStability(a: string, b: string): number {
  return stabilityRank(b) - stabilityRank(a);
}

function stabilityRank(groupVersion: string): number {
  const match = /v(\d+)(?:(alpha|beta)(\d+))?$/.exec(groupVersion);
  if (!match) return 0;
  const level = match[2] === undefined ? 2 : match[2] === 'beta' ? 1 : 0;
  return level * 1_000_000 + Number(match[1]) * 1000 + Number(match[3] ?? 0);
}

function releasesOf(runs: string | undefined): string[] {
  return runs ? runs.split(' ') : [];
}

/** The data release that answers for a target at or after the oldest: itself, or the newest there is. */
function dataRelease(target: KubernetesVersion): string {
  const wanted = `${target.major}.${target.minor}`;
  return (SERVED_DATA_RELEASES as readonly string[]).includes(wanted) ? wanted : NEWEST_DATA;
}

function compareReleases(a: string, b: string): number {
  return compareVersions(parseKubernetesVersion(a)!, parseKubernetesVersion(b)!);
}

function nextRelease(release: string): string {
  const version = parseKubernetesVersion(release)!;
  return `${version.major}.${version.minor + 1}`;
}

/**
 * What the API server of `target` serves with its default settings, as `helm template
 * --api-versions` takes it: every group-version and every `group-version/Kind` stslint knows to
 * be served (charts branch on `.Capabilities.APIVersions.Has "batch/v1/CronJob"`). Alpha
 * versions are off by default, and so are beta versions new since 1.24 (KEP-3136); betas that
 * were on before keep being served until removed. Releases before the data use the history rows.
 */
export function servedApiVersions(target: KubernetesVersion): string[] {
  const out = new Set<string>();
  const oldData = compareVersions(target, OLDEST_DATA) < 0;
  const release = dataRelease(target);
  const defaultOn = (groupVersion: string, releases: readonly string[]) =>
    !/v\d+alpha\d+$/.test(groupVersion) && (!/v\d+beta\d+$/.test(groupVersion) || releases[0] === SERVED_DATA_RELEASES[0]);
  if (!oldData) {
    for (const [groupVersion, runs] of Object.entries(GROUP_VERSION_RELEASES)) {
      const releases = releasesOf(runs);
      if (releases.includes(release) && defaultOn(groupVersion, releases)) out.add(groupVersion);
    }
    for (const [groupVersion, kinds] of Object.entries(KIND_RELEASES)) {
      if (!out.has(groupVersion)) continue;
      for (const [kind, runs] of Object.entries(kinds)) if (releasesOf(runs).includes(release)) out.add(`${groupVersion}/${kind}`);
    }
  }
  for (const [groupVersion, rows] of HISTORY) {
    for (const [kind, span] of rows) {
      const started = !span.introduced || compareVersions(target, span.introduced) >= 0;
      const ended = span.removed !== undefined && compareVersions(target, span.removed) >= 0;
      if (!started || ended) continue;
      if (oldData) out.add(groupVersion);
      if (kind !== '*' && (oldData || out.has(groupVersion))) out.add(`${groupVersion}/${kind}`);
    }
  }
  return [...out].sort();
}
