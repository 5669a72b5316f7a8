// `npm prepare`: builds dist/ when stslint is installed from a git checkout of the sources
// (pre-commit hooks and `npm install git+https://…` at a commit that is not a release) or with
// `npm ci`. Release tags (scripts/release.mjs) carry dist/ and have no prepare script.
//
// For a *global* install from git — which is how pre-commit 4 installs node hooks
// (`npm install -g git+file://…`) — npm does not install the dev dependencies before running
// prepare (npm/cli#8440), so there is no TypeScript to build with. Install them here first, into
// this checkout, without scripts (no recursion), then build.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The npm that runs this script, not whichever is first on PATH.
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
// Everything the build prints goes to standard error: pre-commit below 4.4 reads the standard
// output of `npm pack` as the name of the tarball it made (`npm pack` in a clone builds through
// `prepack` instead, scripts/pack.mjs).
const run = (...args) => execFileSync(npm[0], [...npm.slice(1), ...args], { cwd: root, stdio: ['ignore', 2, 2] });

if (!existsSync(`${root}/node_modules/typescript/package.json`)) {
  run('ci', '--global=false', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund');
}
run('run', 'build');
