// Kubernetes release arithmetic for rules whose verdict depends on the target release.

/** The newest release stslint knows; the default target. */
export const NEWEST_KUBERNETES_VERSION = '1.35';

export interface KubernetesVersion {
  major: number;
  minor: number;
  /** Patch level when given (`1.35.4`), for the few behaviours that changed in a patch release. */
  patch: number | undefined;
}

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/;

export function parseKubernetesVersion(text: string): KubernetesVersion | undefined {
  const match = VERSION.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: match[3] === undefined ? undefined : Number(match[3]) };
}

/** Negative, zero or positive as `a` is older than, the same release as, or newer than `b` (patch ignored when either lacks it). */
export function compareVersions(a: KubernetesVersion, b: KubernetesVersion): number {
  return a.major - b.major || a.minor - b.minor || (a.patch !== undefined && b.patch !== undefined ? a.patch - b.patch : 0);
}

const releases = new Map<string, Readonly<KubernetesVersion>>();

/**
 * A release written in stslint's own code or data (`'1.27'`), parsed once: rules ask about
 * releases for every resource, and parsing each time showed up in profiles.
 */
export function release(text: string): Readonly<KubernetesVersion> {
  let version = releases.get(text);
  if (!version) {
    version = parseKubernetesVersion(text);
    if (!version) throw new Error(`bad release ${text}`);
    releases.set(text, version);
  }
  return version;
}

/** Whether the target release is `release` or newer, e.g. `isAtLeast(target, '1.27')`. */
export function isAtLeast(target: KubernetesVersion, other: string): boolean {
  return compareVersions(target, release(other)) >= 0;
}

export function formatVersion(version: KubernetesVersion): string {
  return `${version.major}.${version.minor}${version.patch === undefined ? '' : `.${version.patch}`}`;
}
