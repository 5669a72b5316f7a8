#!/usr/bin/env node
// Part of `npm run build`: lays out the VS Code extension in editors/vscode/ so that it runs
// from that folder (and packs into a .vsix, scripts/package-vscode.mjs) with nothing else
// installed:
//   dist/extension.cjs          the client (vscode-languageclient), bundled; `vscode` is VS Code's own
//   dist/server/server.cjs      the language server bundle (scripts/bundle.mjs), run by VS Code's Node
//   dist/validators/*.cjs       the prebuilt schema validators the server loads
//   schemas/definitions.json    the schema definitions its messages read
// The server finds the last two from the nearest package.json (src/schema/files.ts), which in
// the extension is the extension's own.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSION = path.join(ROOT, 'editors/vscode');

rmSync(path.join(EXTENSION, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [path.join(EXTENSION, 'src/extension.ts')],
  outfile: path.join(EXTENSION, 'dist/extension.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});
mkdirSync(path.join(EXTENSION, 'dist/server'), { recursive: true });
cpSync(path.join(ROOT, 'dist/bundle/server.cjs'), path.join(EXTENSION, 'dist/server/server.cjs'));
// The build's identity, shared with the CLI's cache (src/input/cache.ts cacheKey).
cpSync(path.join(ROOT, 'dist/bundle/server.cjs.build'), path.join(EXTENSION, 'dist/server/server.cjs.build'));
cpSync(path.join(ROOT, 'dist/validators'), path.join(EXTENSION, 'dist/validators'), { recursive: true });
mkdirSync(path.join(EXTENSION, 'schemas'), { recursive: true });
cpSync(path.join(ROOT, 'schemas/definitions.json'), path.join(EXTENSION, 'schemas/definitions.json'));
// The extension ships under the repository's licence.
cpSync(path.join(ROOT, 'LICENSE'), path.join(EXTENSION, 'LICENSE'));
