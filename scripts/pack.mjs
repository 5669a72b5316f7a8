#!/usr/bin/env node
// `prepack` and `postpack`: `npm pack` (and `npm publish`) in a clone give the package a user
// installs. npm puts the package.json that is on disk into the tarball, so `prepack` builds
// dist/ (what `prepare` did for `npm pack` before), then swaps in the installed manifest
// (scripts/installed-manifest.mjs: no scripts, no dev dependencies) and `postpack` puts the
// clone's back. npm runs `postpack` from the manifest it read before `prepack`, so it runs
// although the packed file has no scripts. An interrupted pack leaves the clone's package.json
// in .stslint-pack/; the next `prepack` (or `node scripts/pack.mjs postpack`) restores it.
//
// Nothing goes to standard output: pre-commit below 4.4 reads `npm pack`'s standard output as
// the tarball's name.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedManifest } from './installed-manifest.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const manifest = path.join(root, 'package.json');
const saved = path.join(root, '.stslint-pack/package.json');
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

const restore = () => {
  if (!existsSync(saved)) return;
  renameSync(saved, manifest);
  rmSync(path.dirname(saved), { recursive: true, force: true });
};

switch (process.argv[2]) {
  case 'prepack': {
    restore();
    const text = readFileSync(manifest, 'utf8');
    if (!process.env.STSLINT_PACK_NO_BUILD) {
      execFileSync(npm[0], [...npm.slice(1), 'run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
    }
    mkdirSync(path.dirname(saved), { recursive: true });
    writeFileSync(saved, text);
    writeFileSync(manifest, `${JSON.stringify(installedManifest(JSON.parse(text)), null, 2)}\n`);
    break;
  }
  case 'postpack':
    restore();
    break;
  default:
    process.stderr.write('usage: node scripts/pack.mjs prepack|postpack\n');
    process.exit(2);
}
