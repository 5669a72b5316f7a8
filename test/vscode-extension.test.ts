// The VS Code extension in editors/vscode/: its manifest, when it starts the server, and the
// server as laid out inside it (scripts/build-vscode.mjs), which must find its schema data there.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { configurationMiddleware } from '../editors/vscode/src/configuration-middleware.js';
import { holdsKubernetesObject } from '../editors/vscode/src/kubernetes-text.js';
import { DEFAULT_SETTINGS, parseSettings } from '../src/server/settings.js';
import { LspClient } from './support/lsp-client.js';
import { ROOT, tempDir } from './support/run.js';
import { absoluteLinks } from '../scripts/vsix-readme.mjs';

const EXTENSION = path.join(ROOT, 'editors/vscode');

interface Manifest {
  main: string;
  engines: { vscode: string };
  activationEvents: string[];
  contributes: { configuration: { properties: Record<string, { default?: unknown }> }; problemMatchers: { name: string }[] };
}

const manifest = JSON.parse(readFileSync(path.join(EXTENSION, 'package.json'), 'utf8')) as Manifest;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function minimum(range: string): number[] {
  return /(\d+)\.(\d+)\.(\d+)/.exec(range)!.slice(1).map(Number);
}

describe('the manifest', () => {
  test('runs the bundled client, which the build put in place', () => {
    expect(manifest.main).toBe('./dist/extension.cjs');
    expect(existsSync(path.join(EXTENSION, manifest.main))).toBe(true);
    expect(existsSync(path.join(EXTENSION, 'dist/server/server.cjs'))).toBe(true);
  });

  test('has the version of the stslint it bundles, which its docs links name', () => {
    // The server inside reads the nearest package.json, the extension's: its version picks the
    // release tag of every rule's docs link (src/shared/package-info.ts).
    const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect((manifest as unknown as { version: string }).version).toBe(root.version);
  });

  test('asks for a VS Code at least as new as vscode-languageclient needs', () => {
    const client = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/vscode-languageclient/package.json'), 'utf8')) as Manifest;
    const [major, minor] = minimum(manifest.engines.vscode);
    const [needMajor, needMinor] = minimum(client.engines.vscode);
    expect(major! * 1000 + minor!).toBeGreaterThanOrEqual(needMajor! * 1000 + needMinor!);
  });

  test('activates on YAML and JSON and on stslint configuration files, nothing broader', () => {
    expect(manifest.activationEvents).toEqual([
      'onLanguage:yaml',
      'onLanguage:json',
      'workspaceContains:**/.stslint.yaml',
      'workspaceContains:**/.stslint.yml',
      'workspaceContains:**/stslint.config.yaml',
    ]);
  });

  test('keeps the problem matchers', () => {
    expect(manifest.contributes.problemMatchers.map((m) => m.name)).toEqual(['stslint', 'stslint-watch']);
  });

  test('every setting is one the server reads, and the defaults change nothing', () => {
    const keys = Object.keys(manifest.contributes.configuration.properties).map((k) => k.replace(/^stslint\./, ''));
    expect(keys.filter((k) => k !== 'trace.server').sort()).toEqual([
      'cache',
      'cacheLocation',
      'clusterDomain',
      'enable',
      'kubernetesVersion',
      'namespace',
      'preset',
      'reportUnusedDisables',
      'rules',
    ]);
    const defaults = Object.fromEntries(
      Object.entries(manifest.contributes.configuration.properties).map(([k, v]) => [k.replace(/^stslint\./, ''), v.default]),
    );
    // VS Code sends every setting with its default: none may override the configuration file.
    expect(parseSettings(defaults)).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });
});

describe('when the server starts', () => {
  test('for documents that hold a Kubernetes object', () => {
    expect(holdsKubernetesObject('apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\n')).toBe(true);
    expect(holdsKubernetesObject('# a list\n---\nkind: List\napiVersion: v1\nitems: []\n')).toBe(true);
    expect(holdsKubernetesObject('{\n  "kind": "Service",\n  "apiVersion": "v1"\n}')).toBe(true);
  });

  test('not for other YAML and JSON', () => {
    expect(holdsKubernetesObject('name: CI\non: [push]\njobs:\n  test:\n    kind: ignored\n')).toBe(false);
    expect(holdsKubernetesObject('services:\n  web:\n    image: nginx\n')).toBe(false);
    expect(holdsKubernetesObject('{"name": "stslint", "version": "0.1.0"}')).toBe(false);
    expect(holdsKubernetesObject('values:\n  apiVersion: v1\n  kind: Service\n')).toBe(false);
  });
});

test('the server inside the extension finds its schema data', async () => {
  const dir = tempDir({ 'statefulset.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  replicas: three\n' });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const client = new LspClient(process.execPath, [path.join(EXTENSION, 'dist/server/server.cjs'), '--stdio', `--clientProcessId=${process.pid}`]);
  cleanups.push(() => client.kill());
  await client.initialize(pathToFileURL(dir).href);
  const published = await client.nextDiagnostics(
    pathToFileURL(path.join(dir, 'statefulset.yaml')).href,
    (p) => p.diagnostics.some((d) => d.code === 'schema-invalid'),
    0,
  );
  expect(published.diagnostics.find((d) => d.code === 'schema-invalid')!.range.start.line).toBe(4);
  expect(await client.shutdown()).toBe(0);
});

// `npm run package:vscode` installs vsce in editors/vscode/; where it has run, check what a .vsix would hold.
const VSCE = path.join(EXTENSION, 'node_modules/.bin/vsce');
test.skipIf(!existsSync(VSCE))('the .vsix holds the client, the server, its schema data and the licence, and nothing else', () => {
  const files = execFileSync(VSCE, ['ls', '--no-dependencies'], { cwd: EXTENSION, encoding: 'utf8' }).trim().split('\n').sort();
  expect(files.filter((f) => !f.startsWith('dist/validators/'))).toEqual([
    'LICENSE',
    'README.md',
    'dist/extension.cjs',
    'dist/server/server.cjs',
    'package.json',
    'schemas/definitions.json',
  ]);
  expect(files.filter((f) => f.startsWith('dist/validators/')).length).toBeGreaterThan(10);
});

test('the README packed into the .vsix links to the docs at the release tag, not to `blob/HEAD/../..`', () => {
  const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { homepage: string; version: string };
  const readme = readFileSync(path.join(EXTENSION, 'README.md'), 'utf8');
  const packed = absoluteLinks(readme, { repository: root.homepage, ref: `v${root.version}`, directory: 'editors/vscode' });
  expect(packed).toContain(`(https://github.com/stslint/stslint/blob/v${root.version}/docs/integrations.md#vs-code)`);
  expect(packed).not.toMatch(/\]\((?![a-z]+:|#)/); // no relative link left
  expect(packed).not.toContain('/../');
  expect(
    absoluteLinks('![shot](images/problems.png) [top](#top) [x](https://e.x/y)', { repository: 'https://g/o/n', ref: 'v1', directory: 'editors/vscode' }),
  ).toBe('![shot](https://g/o/n/raw/v1/editors/vscode/images/problems.png) [top](#top) [x](https://e.x/y)');
});

// Where `npm run package:vscode` has made a .vsix, its README is the rewritten one.
const VSIX = existsSync(EXTENSION) ? readdirSync(EXTENSION).find((n) => n.endsWith('.vsix')) : undefined;
test.skipIf(VSIX === undefined)('the .vsix carries the README with absolute links', () => {
  const listing = execFileSync('unzip', ['-Z1', path.join(EXTENSION, VSIX!)], { encoding: 'utf8' }).split('\n');
  const name = listing.find((f) => /^extension\/readme\.md$/i.test(f))!;
  const readme = execFileSync('unzip', ['-p', path.join(EXTENSION, VSIX!), name], { encoding: 'utf8' });
  expect(readme).toContain('/docs/integrations.md#vs-code)');
  expect(readme).not.toContain('/../');
});

test('works in Restricted Mode: it reads files and never runs code from the workspace', () => {
  const { capabilities } = JSON.parse(readFileSync(path.join(EXTENSION, 'package.json'), 'utf8')) as {
    capabilities?: { untrustedWorkspaces?: { supported: unknown } };
  };
  expect(capabilities?.untrustedWorkspaces?.supported).toBe(true);
});

test('turning stslint.enable off sends no configuration change to the server it stops', async () => {
  const sent: unknown[] = [];
  const next = (sections: string[] | undefined) => {
    sent.push(sections);
    return Promise.resolve();
  };
  let on = true;
  const middleware = configurationMiddleware(() => on);
  await middleware.didChangeConfiguration(['stslint'], next);
  on = false;
  await middleware.didChangeConfiguration(['stslint'], next);
  expect(sent).toEqual([['stslint']]);
});
