// Which release's API data answers for a target Kubernetes version, and what that release
// serves: the generated catalog (catalog.generated.ts) read through small questions.

import { RELEASES, SCHEMA_ROOTS } from './catalog.generated.js';
import { compareVersions, formatVersion, release, type KubernetesVersion } from '../api/version.js';

export type Release = (typeof RELEASES)[number];

export const OLDEST_RELEASE: Release = RELEASES[0];
export const NEWEST_RELEASE: Release = RELEASES[RELEASES.length - 1]!;

export interface DataRelease {
  /** The release whose data is used, e.g. `1.35`. */
  release: Release;
  /** How messages name it: `1.35`, or `1.35 (the newest release stslint has API data for)` when the target is newer. */
  label: string;
}

const dataReleases = new WeakMap<KubernetesVersion, DataRelease>();

/** The data release for a target: the target itself, or the nearest one stslint has (asked per object: remembered per target). */
export function dataReleaseFor(target: KubernetesVersion): DataRelease {
  let found = dataReleases.get(target);
  if (!found) dataReleases.set(target, (found = Object.freeze(nearestDataRelease(target))));
  return found;
}

function nearestDataRelease(target: KubernetesVersion): DataRelease {
  const wanted = `${target.major}.${target.minor}`;
  const exact = RELEASES.find((r) => r === wanted);
  if (exact) return { release: exact, label: exact };
  const older = compareVersions(target, releaseVersion(OLDEST_RELEASE)) < 0;
  return older
    ? { release: OLDEST_RELEASE, label: `${OLDEST_RELEASE} (the oldest release stslint has API data for; ${formatVersion(target)} was asked for)` }
    : { release: NEWEST_RELEASE, label: `${NEWEST_RELEASE} (the newest release stslint has API data for; ${formatVersion(target)} was asked for)` };
}

/**
 * For a target without its own API data, one sentence saying which release's data answers for it
 * (the CLI prints it once on standard error); undefined for a release stslint has data for.
 */
export function targetDataNotice(target: KubernetesVersion): string | undefined {
  const asked = `${target.major}.${target.minor}`;
  if (RELEASES.some((r) => r === asked)) return undefined;
  if (compareVersions(target, releaseVersion(OLDEST_RELEASE)) < 0) {
    return (
      `Kubernetes ${formatVersion(target)} is older than the API schemas stslint has (${OLDEST_RELEASE}–${NEWEST_RELEASE}): ` +
      `fields are checked against the ${OLDEST_RELEASE} schemas; served API versions are judged for ${asked} from the deprecation guide`
    );
  }
  return `stslint has no API data for Kubernetes ${formatVersion(target)} (it knows ${OLDEST_RELEASE}–${NEWEST_RELEASE}): using the data of ${NEWEST_RELEASE}`;
}

function releaseVersion(text: string): KubernetesVersion {
  return release(text);
}

export function compareReleases(a: string, b: string): number {
  return compareVersions(releaseVersion(a), releaseVersion(b));
}

/** Release → apiVersion → kind → root (null: none): nested, as every object asks and a joined key is a new string each time. */
const roots = new Map<string, Map<string, Map<string, string | null>>>();

/** The root schema definition of `apiVersion` `kind` in `release`, if the data has one (looked up once per run). */
export function schemaRootFor(release: string, apiVersion: string, kind: string): string | undefined {
  let byApiVersion = roots.get(release);
  if (!byApiVersion) {
    byApiVersion = new Map<string, Map<string, string | null>>();
    roots.set(release, byApiVersion);
  }
  let byKind = byApiVersion.get(apiVersion);
  if (!byKind) {
    byKind = new Map<string, string | null>();
    byApiVersion.set(apiVersion, byKind);
  }
  const known = byKind.get(kind);
  if (known !== undefined) return known ?? undefined;
  const found = lookUpSchemaRoot(release, apiVersion, kind);
  byKind.set(kind, found ?? null);
  return found;
}

/** `schemaRootFor` without the memo (test/rule-memos.test.ts compares the two). */
export function lookUpSchemaRoot(release: string, apiVersion: string, kind: string): string | undefined {
  let found: string | undefined;
  for (const [first, last, root] of SCHEMA_ROOTS[`${apiVersion}/${kind}`] ?? []) {
    if (compareReleases(first, release) <= 0 && compareReleases(release, last) <= 0) {
      found = root;
      break;
    }
  }
  return found;
}

/** Every release that has a schema for `apiVersion` `kind`, with its root definition, oldest first. */
export function schemaRootsByRelease(apiVersion: string, kind: string): { release: string; root: string }[] {
  const out: { release: string; root: string }[] = [];
  for (const [first, last, root] of SCHEMA_ROOTS[`${apiVersion}/${kind}`] ?? []) {
    for (const release of RELEASES) {
      if (compareReleases(first, release) <= 0 && compareReleases(release, last) <= 0) out.push({ release, root });
    }
  }
  return out;
}
