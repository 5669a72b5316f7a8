#!/usr/bin/env node
// `npm run package:vscode`: packs editors/vscode/ (laid out by `npm run build`) into
// editors/vscode/stslint-vscode-<version>.vsix with @vscode/vsce (installed in editors/vscode/,
// so that the linter's own install stays lean), then checks what went in: a .vsix without its
// server or validators would install fine and lint nothing.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { absoluteLinks } from './vsix-readme.mjs';

const EXTENSION = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../editors/vscode');
const { name, version } = JSON.parse(readFileSync(path.join(EXTENSION, 'package.json'), 'utf8'));
const vsix = path.join(EXTENSION, `${name}-${version}.vsix`);
const vsce = path.join(EXTENSION, 'node_modules/.bin/vsce');

// The README with its links made absolute (scripts/vsix-readme.mjs), at the release tag of the
// linter's version. vsce reads it from the extension's folder (dist/ is laid out by the build and
// ignored by git; .vscodeignore keeps it out of the package, which holds it as its readme).
const root = JSON.parse(readFileSync(path.join(EXTENSION, '../../package.json'), 'utf8'));
const readme = 'dist/README.vsix.md';
writeFileSync(
  path.join(EXTENSION, readme),
  absoluteLinks(readFileSync(path.join(EXTENSION, 'README.md'), 'utf8'), {
    repository: root.homepage,
    ref: `v${root.version}`,
    directory: 'editors/vscode',
  }),
);
try {
  execFileSync(vsce, ['package', '--no-dependencies', '--readme-path', readme, '--out', vsix], { cwd: EXTENSION, stdio: ['ignore', 'inherit', 'inherit'] });
} finally {
  rmSync(path.join(EXTENSION, readme), { force: true });
}

const listing = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n');
const manifest = JSON.parse(execFileSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' }));
const readmeInVsix = () => {
  const name = listing.find((f) => /^extension\/readme\.md$/i.test(f));
  return name ? execFileSync('unzip', ['-p', vsix, name], { encoding: 'utf8' }) : '](missing';
};
const missing = [
  ['the client', listing.includes('extension/dist/extension.cjs')],
  ['the server', listing.includes('extension/dist/server/server.cjs')],
  ['the schema validators', listing.some((f) => /^extension\/dist\/validators\/.+\.cjs$/.test(f))],
  ['the schema definitions', listing.includes('extension/schemas/definitions.json')],
  ['the problem matchers', manifest.contributes?.problemMatchers?.length === 2],
  ['the licence', listing.includes('extension/LICENSE.txt') || listing.includes('extension/LICENSE')],
  ['a README whose links work away from the repository', !/\]\((?![a-z]+:|#)|\/\.\.\//i.test(readmeInVsix())],
].filter(([, ok]) => !ok);
if (missing.length > 0) {
  process.stderr.write(`package-vscode: ${path.basename(vsix)} lacks ${missing.map(([what]) => what).join(', ')}\n`);
  process.exit(1);
}
process.stdout.write(
  `package-vscode: ${path.relative(process.cwd(), vsix)}, ${(statSync(vsix).size / 1024).toFixed(0)} KiB, ${listing.filter(Boolean).length} entries\n`,
);
