#!/usr/bin/env node
// `npm run release [-- --tag vX.Y.Z] [--into DIR]`: a release commit that carries the built
// bundle, so that whatever installs stslint from git at that tag — pre-commit (3.x and 4.x),
// the GitHub Action, `npm install git+https://…#vX.Y.Z` — runs it as it is: no dev
// dependencies, no build, no registry.
//
// The commit holds the working tree's files (tracked and untracked, not ignored) plus
// dist/bundle and dist/validators, and a package.json without `prepare`, dependencies or
// devDependencies (the bundle needs none). It is made with a temporary index, so the
// checkout and its branch are left as they are: its parent is HEAD, and only the tag points
// at it. Nothing built is committed on a branch.
//   --tag NAME   tag to create (default: v<version>)
//   --into DIR   make the commit in a new repository at DIR instead (tests, dry runs)
//   --no-build   use dist/ as it is (default: `npm run build` first)

import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { installedManifest } from './installed-manifest.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { tag: { type: 'string' }, into: { type: 'string' }, 'no-build': { type: 'boolean', default: false } } });
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const tag = values.tag ?? `v${pkg.version}`;
const git = (cwd, args, env = {}) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] }).trim();

if (!values['no-build']) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
for (const built of ['dist/bundle/cli.cjs', 'dist/validators']) {
  if (!existsSync(path.join(root, built))) throw new Error(`${built} is missing: run npm run build`);
}

const tree = mkdtempSync(path.join(tmpdir(), 'stslint-release-'));
const indexDir = mkdtempSync(path.join(tmpdir(), 'stslint-release-index-'));
try {
  const files = git(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
    .split('\0')
    .filter((f) => f && existsSync(path.join(root, f)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    cpSync(path.join(root, file), path.join(tree, file));
  }
  for (const built of ['dist/bundle', 'dist/validators']) cpSync(path.join(root, built), path.join(tree, built), { recursive: true });
  writeFileSync(path.join(tree, 'package.json'), `${JSON.stringify(installedManifest(pkg), null, 2)}\n`);
  // Installing a release builds nothing, which every pre-commit from 3.0 does right (verified on 3.0.4).
  const hooks = path.join(tree, '.pre-commit-hooks.yaml');
  writeFileSync(hooks, readFileSync(hooks, 'utf8').replaceAll(/minimum_pre_commit_version: '[^']*'/g, "minimum_pre_commit_version: '3.0.0'"));

  const repo = values.into ? path.resolve(values.into) : root;
  if (values.into) git(root, ['init', '--quiet', repo]);
  const env = { GIT_INDEX_FILE: path.join(indexDir, 'index'), GIT_WORK_TREE: tree, GIT_DIR: git(repo, ['rev-parse', '--absolute-git-dir']) };
  git(repo, ['add', '--all', '--force', '--', '.'], env);
  const treeId = git(repo, ['write-tree'], env);
  const parent = values.into ? [] : ['-p', 'HEAD'];
  const identity = {
    GIT_AUTHOR_NAME: 'stslint release',
    GIT_AUTHOR_EMAIL: 'release@stslint.invalid',
    GIT_COMMITTER_NAME: 'stslint release',
    GIT_COMMITTER_EMAIL: 'release@stslint.invalid',
  };
  const commit = git(repo, ['commit-tree', treeId, ...parent, '-m', `Release ${tag}: prebuilt bundle, no dependencies`], { ...env, ...identity });
  git(repo, ['tag', '--force', tag, commit]);
  if (values.into) git(repo, ['checkout', '--quiet', tag]);
  process.stderr.write(`release: ${tag} → ${commit.slice(0, 12)} in ${repo}\n`);
} finally {
  rmSync(tree, { recursive: true, force: true });
  rmSync(indexDir, { recursive: true, force: true });
}
