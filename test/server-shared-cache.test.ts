// The language server with the user's cache (`stslint.cache`, src/server/shared-cache.ts): a
// folder `stslint --cache` linted opens from the CLI's cache file, and the server's diagnostics
// are those of a server without the cache, edit after edit; an entry whose file changed is not
// used; nothing is written unless the setting is on; what the server stores, the CLI and the
// next server read, with the CLI's results unchanged. Both sides are the built bundles, as a user
// runs them (dist/bundle/cli.cjs and server.cjs, which share the build's cache key).

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import { LspClient, shownByFile, type Diagnostic } from './support/lsp-client.js';
import { ROOT, tempDir } from './support/run.js';
import { DB_SERVICE, DB_SET, WEB_GOOD, WEB_STATELESS } from './support/manifests.js';
import { DEFAULT_SETTINGS, parseSettings } from '../src/server/settings.js';

const SERVER = path.join(ROOT, 'dist/bundle/server.cjs');
const CLI = path.join(ROOT, 'dist/bundle/cli.cjs');
const CACHE = '.stslintcache';

const [SERVICE, STATEFULSET] = WEB_GOOD.split('---\n') as [string, string];

/** A small project with findings within and across files. */
const FILES: Record<string, string> = {
  'web/service.yaml': SERVICE,
  'web/statefulset.yaml': STATEFULSET,
  'db/set.yaml': DB_SET,
  'db/service.yaml': DB_SERVICE,
  'stateless.yaml': WEB_STATELESS,
  'two.yaml': WEB_STATELESS.replaceAll('web', 'api'),
};

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function folder(): string {
  const dir = tempDir(FILES);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function cli(dir: string, ...args: string[]): string {
  const run = spawnSync(process.execPath, [CLI, '.', '--format', 'json', ...args], { cwd: dir, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  return run.stdout.replaceAll(dir, '<dir>');
}

/** A started server whose first read of the folder is done; its log line about the read. */
async function start(dir: string, settings: Record<string, unknown>): Promise<{ client: LspClient; read: string }> {
  const client = new LspClient(process.execPath, [SERVER, '--stdio'], {});
  cleanups.push(() => client.kill());
  await client.initialize(pathToFileURL(dir).href, settings);
  const log = await client.waitFor((m) => m.method === 'window/logMessage' && (m.params as { message: string }).message.includes('manifest files of'));
  return { client, read: (log.params as { message: string }).message };
}

const show = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ${d.message}`;
const taken = (read: string) => Number(/; (\d+) parsed files taken from/.exec(read)?.[1]);

describe('the settings', () => {
  test('stslint.cache is off unless true; a location is a path; anything else is said and ignored', () => {
    expect(parseSettings({ cache: false, cacheLocation: '' })).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    expect(parseSettings({ cache: true, cacheLocation: 'cache/' }).settings).toMatchObject({ cache: true, cacheLocation: 'cache/' });
    expect(parseSettings({ cache: 'yes', cacheLocation: 3 }).problems).toEqual([
      'stslint.cache is "yes", which is not true or false; it is ignored.',
      'stslint.cacheLocation is 3, which is not a path; it is ignored.',
    ]);
  });
});

describe('the language server with stslint.cache', () => {
  test('opens a folder the CLI linted from its cache, with the diagnostics of a server without it, edit after edit', async () => {
    const dir = folder();
    const before = cli(dir, '--cache');
    expect(existsSync(path.join(dir, CACHE))).toBe(true);
    const cached = await start(dir, { cache: true });
    const plain = await start(dir, {});
    // Every manifest file's outcome came from the CLI's cache; none was parsed.
    expect(taken(cached.read)).toBe(Object.keys(FILES).length);
    expect(cached.read).toContain(`${path.join(dir, CACHE)}, 0 stored`);
    expect(plain.read).not.toContain('taken from');
    expect(shownByFile(cached.client, dir, show)).toEqual(shownByFile(plain.client, dir, show));
    expect(Object.keys(shownByFile(plain.client, dir, show)).length).toBeGreaterThan(0);

    // The edits: open, break a name across files, repair, an unsaved buffer, a change on disk, close.
    const uri = (name: string) => pathToFileURL(path.join(dir, name)).href;
    const set = uri('web/statefulset.yaml');
    const service = uri('web/service.yaml');
    const steps: { uri: string; text?: string; disk?: string; close?: true }[] = [
      { uri: set, text: STATEFULSET },
      { uri: set, text: STATEFULSET.replace('serviceName: web', 'serviceName: wbe') },
      { uri: service, text: SERVICE.replace('clusterIP: None', 'clusterIP: 10.0.0.1') },
      { uri: set, text: STATEFULSET },
      { uri: service, close: true },
      { uri: uri('db/set.yaml'), disk: DB_SET.replace('serviceName: db-headless', 'serviceName: db-gone') },
      { uri: set, close: true },
    ];
    const clients = [cached.client, plain.client];
    const versions = clients.map(() => new Map<string, number>());
    for (const step of steps) {
      const counts = clients.map((c) => c.received.length);
      if (step.disk !== undefined) {
        writeFileSync(new URL(step.uri), step.disk);
        // The CLI rewrites the cache file under the running server, which must read it afresh.
        cli(dir, '--cache');
      }
      clients.forEach((client, i) => {
        const version = versions[i]!.get(step.uri);
        if (step.disk !== undefined) client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: step.uri, type: 2 }] });
        else if (step.close) {
          client.notify('textDocument/didClose', { textDocument: { uri: step.uri } });
          versions[i]!.delete(step.uri);
        } else if (version === undefined) {
          client.notify('textDocument/didOpen', { textDocument: { uri: step.uri, languageId: 'yaml', version: 1, text: step.text } });
          versions[i]!.set(step.uri, 1);
        } else {
          client.notify('textDocument/didChange', { textDocument: { uri: step.uri, version: version + 1 }, contentChanges: [{ text: step.text }] });
          versions[i]!.set(step.uri, version + 1);
        }
      });
      // A closed document whose text is the disk's may publish nothing new: then the pass is waited for.
      if (step.close) await new Promise((resolve) => setTimeout(resolve, 600));
      else await Promise.all(clients.map((c, i) => c.nextDiagnostics(step.uri, () => true, counts[i])));
      // A lint pass publishes every file it changes at once: both servers now show the whole pass.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(shownByFile(cached.client, dir, show)).toEqual(shownByFile(plain.client, dir, show));
    }
    expect(await cached.client.shutdown()).toBe(0);
    // What the server stored (the file changed on disk) keeps the CLI's results as a run without a cache gives them.
    expect(cli(dir, '--cache')).toEqual(cli(dir));
    expect(before).not.toEqual(cli(dir));
  }, 120_000);

  test('an entry whose file changed on disk is not used', async () => {
    const dir = folder();
    cli(dir, '--cache');
    const changed = STATEFULSET.replace('serviceName: web', 'serviceName: missing');
    writeFileSync(path.join(dir, 'web/statefulset.yaml'), changed);
    const cached = await start(dir, { cache: true });
    const plain = await start(dir, {});
    expect(taken(cached.read)).toBe(Object.keys(FILES).length - 1);
    expect(cached.read).toContain(', 1 stored');
    const shown = shownByFile(cached.client, dir, show);
    expect(shown['web/statefulset.yaml']?.some((d) => d.includes('service-missing'))).toBe(true);
    expect(shown).toEqual(shownByFile(plain.client, dir, show));
  }, 60_000);

  test('nothing is written unless the setting is on; what the server stores, the next server and the CLI read', async () => {
    const dir = folder();
    const off = await start(dir, { cache: false });
    expect(await off.client.shutdown()).toBe(0);
    expect(existsSync(path.join(dir, CACHE))).toBe(false);

    // On, with a location of its own (a directory: `.stslintcache` in it): written once the folder is read.
    const first = await start(dir, { cache: true, cacheLocation: 'cache/' });
    expect(taken(first.read)).toBe(0);
    expect(first.read).toContain(`, ${Object.keys(FILES).length} stored`);
    const file = path.join(dir, 'cache', CACHE);
    expect(existsSync(file)).toBe(true);
    expect(await first.client.shutdown()).toBe(0);
    const second = await start(dir, { cache: true, cacheLocation: 'cache/' });
    expect(taken(second.read)).toBe(Object.keys(FILES).length);
    // The CLI with that cache: the results of a run without one.
    const written = readFileSync(file);
    expect(cli(dir, '--cache', '--cache-location', 'cache/')).toEqual(cli(dir));
    expect(written.length).toBeGreaterThan(0);
  }, 60_000);
});
