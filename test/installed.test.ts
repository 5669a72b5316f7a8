// stslint as users get it, run from where they install it, never from the clone: tests that run
// the clone's dist/ find the clone's node_modules, so a bundle that still needs a dev dependency
// at run time (ajv's helpers for the configuration validator, once) passes every other test and
// fails every installed copy.
//   - the tarball of `npm pack` in a clone (scripts/pack.mjs), installed in a project of its own
//     with the registry unreachable: the package must need nothing to fetch;
//   - a release (scripts/release.mjs) installed from git at its tag, the way pre-commit, the
//     Action and `npm install git+https://…#vX.Y.Z` install it;
//   - the VS Code extension's server as the .vsix lays it out (editors/vscode, and the .vsix itself
//     when `npm run package:vscode` has built one).
// Each runs the CLI with a configuration file, --print-config, --init and a lint with the file
// it writes, and the language server's initialize, with a diagnostic on a broken configuration.

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from './support/lsp-client.js';
import { DB_SERVICE, DB_SET } from './support/manifests.js';
import { ROOT, tempDir } from './support/run.js';

const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; files: string[] };
/** npm with no registry to reach: an install that tries to fetch anything fails. */
const OFFLINE = {
  ...process.env,
  npm_config_registry: 'http://127.0.0.1:9/',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};
const npm = (cwd: string, ...args: string[]) => execFileSync('npm', args, { cwd, env: OFFLINE, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const hasGit = spawnSync('git', ['--version']).status === 0;
const cleanups: string[] = [];
afterAll(() => {
  for (const dir of cleanups.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function scratch(files: Record<string, string> = {}): string {
  const dir = tempDir(files);
  cleanups.push(dir);
  return dir;
}

/** A project that installs `spec` and nothing else: its own package.json, no dev dependencies. */
function installInProject(spec: string): string {
  const project = scratch({ 'package.json': '{ "name": "user-project", "version": "1.0.0", "private": true }\n' });
  npm(project, 'install', '--offline', '--no-save', spec);
  return path.join(project, 'node_modules', PKG.name);
}

const CONFIG = 'rules:\n  service-missing: warning\n';

/** The user's checks, against the package installed at `pkg` (a folder holding its package.json). */
function checkInstalled(pkg: () => string): void {
  const bin = (name: string) => {
    const manifest = JSON.parse(readFileSync(path.join(pkg(), 'package.json'), 'utf8')) as { bin: Record<string, string> };
    return path.join(pkg(), manifest.bin[name]!);
  };
  const run = (cwd: string, ...args: string[]) =>
    spawnSync(process.execPath, [bin('stslint'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('lints with a configuration file', () => {
    const dir = scratch({ 'k8s/db.yaml': DB_SET, '.stslint.yaml': CONFIG });
    const result = run(dir, 'k8s/db.yaml', '--format', 'compact');
    expect(result.stderr).not.toMatch(/internal error|Cannot find module/);
    expect(result.stdout).toMatch(/: warning: .*\[service-missing\]/);
    expect(result.status).toBe(1); // volume-mount-unresolved stays an error
  });

  it("--print-config shows the file's settings", () => {
    const dir = scratch({ '.stslint.yaml': CONFIG });
    const result = run(dir, '--print-config', 'db.yaml');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/service-missing.*warning/);
  });

  it('--init writes a configuration that the next run reads', () => {
    const dir = scratch({ 'db.yaml': DB_SET, 'db-service.yaml': DB_SERVICE });
    const init = run(dir, '--init');
    expect(init.stderr).not.toMatch(/internal error|Cannot find module/);
    expect(init.status).toBe(0);
    expect(existsSync(path.join(dir, '.stslint.yaml'))).toBe(true);
    const lint = run(dir, '.', '--format', 'compact');
    expect(lint.stderr).not.toMatch(/internal error|Cannot find module|\.stslint\.yaml/);
    expect(lint.stdout).toContain('[volume-mount-unresolved]');
    expect(lint.status).toBe(1);
  });

  checkServer(() => bin('stslint-language-server'));
}

/** The language server at `server` answers initialize and reads the workspace's configuration. */
function checkServer(server: () => string): void {
  it('the language server initializes and checks .stslint.yaml', async () => {
    const ws = scratch({ 'db.yaml': DB_SET, '.stslint.yaml': 'rules:\n  service-missin: off\n' });
    const client = new LspClient(process.execPath, [server(), '--stdio']);
    try {
      const answer = await client.initialize(pathToFileURL(ws).href);
      expect(answer).toBeTruthy();
      const config = await client.nextDiagnostics(pathToFileURL(path.join(ws, '.stslint.yaml')).href, (p) => p.diagnostics.length > 0, 0);
      expect(config.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('unknown rule `service-missin`; did you mean `service-missing`?')]);
      expect(config.diagnostics[0]!.range.start).toEqual({ line: 1, character: 2 });
      expect(client.stderr).not.toMatch(/Cannot find module/);
      expect(await client.shutdown()).toBe(0);
    } finally {
      client.kill();
    }
  }, 30_000);
}

describe('the tarball of `npm pack` in a clone', () => {
  let tarball = '';
  let stage = '';
  let installed = '';
  beforeAll(() => {
    // A copy of what a clone packs from, so that the clone's package.json is never swapped
    // while other tests read it; `npm test` has just built dist/, so no build here.
    stage = scratch();
    for (const entry of [
      ...PKG.files.map((f) => f.split('/')[0]!),
      'package.json',
      '.npmrc',
      'README.md',
      'scripts/pack.mjs',
      'scripts/installed-manifest.mjs',
    ]) {
      if (existsSync(path.join(ROOT, entry))) cpSync(path.join(ROOT, entry), path.join(stage, entry), { recursive: true });
    }
    const out = scratch();
    const printed = execFileSync('npm', ['pack', '--pack-destination', out], {
      cwd: stage,
      env: { ...OFFLINE, STSLINT_PACK_NO_BUILD: '1', npm_config_foreground_scripts: undefined },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // pre-commit below 4.4 reads this standard output as the tarball's name.
    expect(printed.trim()).toBe(`${PKG.name}-${PKG.version}.tgz`);
    tarball = path.join(out, printed.trim());
    installed = installInProject(tarball);
  }, 120_000);

  it("carries a package.json without scripts or dependencies, and leaves the clone's as it was", () => {
    const packed = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(Object.keys(packed)).not.toContain('scripts');
    expect(Object.keys(packed)).not.toContain('devDependencies');
    expect(Object.keys(packed)).not.toContain('dependencies');
    expect(readFileSync(path.join(stage, 'package.json'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(existsSync(path.join(stage, '.stslint-pack'))).toBe(false);
    // Installed with nothing else: the project's node_modules holds stslint alone.
    expect(readdirSync(path.dirname(installed)).filter((n) => !n.startsWith('.'))).toEqual([PKG.name]);
  });

  describe('installed in a project', () => checkInstalled(() => installed));
});

describe.skipIf(!hasGit)('a release installed from git at its tag', () => {
  let installed = '';
  beforeAll(() => {
    const release = path.join(scratch(), 'release');
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/release.mjs'), '--no-build', '--into', release, '--tag', 'v0.0.0-test'], { stdio: 'pipe' });
    installed = installInProject(`git+${pathToFileURL(release).href}#v0.0.0-test`);
  }, 120_000);

  it('installs the bundle and nothing else', () => {
    expect(existsSync(path.join(installed, 'dist/bundle/cli.cjs'))).toBe(true);
    expect(readdirSync(path.dirname(installed)).filter((n) => !n.startsWith('.'))).toEqual([PKG.name]);
  });

  describe('installed in a project', () => checkInstalled(() => installed));
});

describe("the VS Code extension's language server", () => {
  const EXTENSION = path.join(ROOT, 'editors/vscode');
  /** The extension's files as the .vsix holds them (its `extension/` folder), away from the clone. */
  function laidOut(): string {
    const dir = scratch();
    for (const entry of ['package.json', 'dist', 'schemas']) cpSync(path.join(EXTENSION, entry), path.join(dir, entry), { recursive: true });
    return dir;
  }
  describe('as laid out by the build', () => {
    let dir = '';
    beforeAll(() => {
      dir = laidOut();
    });
    checkServer(() => path.join(dir, 'dist/server/server.cjs'));
  });

  const vsix = existsSync(EXTENSION) ? readdirSync(EXTENSION).find((n) => n.endsWith('.vsix')) : undefined;
  describe.skipIf(vsix === undefined || spawnSync('unzip', ['-v']).status !== 0)('inside the .vsix', () => {
    let dir = '';
    beforeAll(() => {
      dir = scratch();
      execFileSync('unzip', ['-q', path.join(EXTENSION, vsix!), 'extension/*', '-d', dir]);
    });
    checkServer(() => path.join(dir, 'extension/dist/server/server.cjs'));
  });
});
