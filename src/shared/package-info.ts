// stslint's own package.json, read when something prints the version (never at start-up).

import { readFileSync } from 'node:fs';

export interface PackageInfo {
  version: string;
  homepage: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  // The package root is two levels up from the bundle (dist/bundle/) and three from the
  // compiled sources (dist/src/shared/).
  cached ??= JSON.parse(readPackageJson()) as PackageInfo;
  return cached;
}

function readPackageJson(): string {
  try {
    return readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  } catch {
    return readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
  }
}

/** Where the docs of the installed version are: its release tag, so a link never shows a newer rule than the one that ran. */
export function docsBaseUrl(): string {
  return `https://github.com/stslint/stslint/blob/v${packageInfo().version}/docs/`;
}
