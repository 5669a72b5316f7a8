// `npm prepare`: builds dist/ when stslint is installed from a git checkout (pre-commit hooks,
// `npm install github:stslint/stslint`) or with `npm ci`.
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
const run = (...args) => execFileSync(npm[0], [...npm.slice(1), ...args], { cwd: root, stdio: 'inherit' });

if (!existsSync(`${root}/node_modules/typescript/package.json`)) {
  run('ci', '--global=false', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund');
}
run('run', 'build');
