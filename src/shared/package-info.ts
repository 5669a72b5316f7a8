// stslint's own package.json, read when something prints the version (never at start-up).

import { readFileSync } from 'node:fs';

export interface PackageInfo {
  version: string;
  homepage: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  // From dist/src/ (built) the package root is two levels up.
  cached ??= JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageInfo;
  return cached;
}
