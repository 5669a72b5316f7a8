// package.json as an installed copy of stslint has it: what runs, nothing to fetch, nothing to
// build. The bundle (scripts/bundle.mjs) needs no package at run time, so an install needs no
// dependencies; the scripts name files that only a clone has (scripts/prepare.mjs, tests).
// Used for release tags (scripts/release.mjs) and for `npm pack` (scripts/pack.mjs).

/** @param {Record<string, unknown>} source the clone's package.json */
export function installedManifest(source) {
  const { scripts, dependencies, devDependencies, optionalDependencies, peerDependencies, ...rest } = source;
  void scripts;
  void devDependencies;
  for (const [field, deps] of Object.entries({ dependencies, optionalDependencies, peerDependencies })) {
    if (deps && Object.keys(deps).length > 0) throw new Error(`installedManifest: the bundle must need no package, but package.json has ${field}`);
  }
  return rest;
}
