// --cache (src/input/cache.ts): a run with the cache gives exactly the results of a run without
// it, and a file that changed is read again, whatever its timestamps say.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { lintFiles, type LintOptions } from '../src/engine/lint.js';
import { DB_SERVICE, DB_SET } from './support/manifests.js';
import { ROOT, stslint, tempDir } from './support/run.js';

/**
 * Overwrites what a cache file holds after its header and entry numbers (the serialized
 * outcomes, relation facts and relation index; cache.ts) with bytes that do not deserialize.
 */
function damageEntries(cacheFile: string): void {
  const bytes = readFileSync(cacheFile);
  const headerLength = bytes.readUInt32LE(0);
  const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as { numbers: [number, number] };
  const from = 4 + headerLength + header.numbers[1];
  expect(bytes.length).toBeGreaterThan(from);
  bytes.fill(0xff, from);
  writeFileSync(cacheFile, bytes);
}

async function withAndWithout(inputs: string[], cacheFile: string, options: LintOptions = {}) {
  const plain = await lintFiles(inputs, { parallel: false, preset: 'all', ...options });
  const cached = await lintFiles(inputs, { parallel: false, preset: 'all', ...options, cacheFile });
  expect(cached.results).toEqual(plain.results);
  expect(cached.stats).toEqual(plain.stats);
  return plain;
}

/** The set's headless Service, or one of another name of the same length (then the set's Service is missing). */
const service = (name: 'db-headless' | 'db-elsewher') => DB_SERVICE.replace('name: db-headless', `name: ${name}`);

describe('--cache', () => {
  it('gives the results of a run without it, written and then read, with and without worker threads', async () => {
    const cacheFile = path.join(tempDir({}), 'cache');
    const fixtures = path.join(ROOT, 'fixtures');
    await withAndWithout([fixtures], cacheFile);
    expect(existsSync(cacheFile)).toBe(true);
    await withAndWithout([fixtures], cacheFile);
    const threaded = await lintFiles([fixtures], { parallel: true, cacheFile });
    expect(threaded.results).toEqual((await lintFiles([fixtures], { parallel: false })).results);
  });

  it('reads a file again when its content changes, even with the same size and modification time', async () => {
    const dir = tempDir({ 'svc.yaml': service('db-headless'), 'db.yaml': DB_SET });
    const file = path.join(dir, 'svc.yaml');
    const cacheFile = path.join(dir, 'cache');
    // Old enough for its timestamps to be trusted (cache.ts TRUSTED_AGE_MS).
    await sleep(2100);
    await withAndWithout([dir], cacheFile);
    const first = await withAndWithout([dir], cacheFile);
    const before = statSync(file);
    writeFileSync(file, service('db-elsewher'));
    utimesSync(file, before.atime, before.mtime);
    expect(statSync(file).size).toBe(before.size);
    const changed = await withAndWithout([dir], cacheFile);
    // The change shows (service-missing); withAndWithout compared it with a run without the cache.
    expect(changed.results).not.toEqual(first.results);
  });

  it('is not used by another target release or size limit', async () => {
    const dir = tempDir({ 'db.yaml': DB_SET, 'svc.yaml': DB_SERVICE });
    const cacheFile = path.join(dir, 'cache');
    await withAndWithout([dir], cacheFile, { kubernetesVersion: '1.25' });
    await withAndWithout([dir], cacheFile, { kubernetesVersion: '1.35' });
    await withAndWithout([dir], cacheFile, { kubernetesVersion: '1.35', maxFileSize: 100 });
  });

  it('starts afresh from a cache file it cannot read', async () => {
    const dir = tempDir({ 'db.yaml': DB_SET, cache: 'not a cache' });
    const cacheFile = path.join(dir, 'cache');
    await withAndWithout([path.join(dir, 'db.yaml')], cacheFile);
    expect(readFileSync(cacheFile, 'utf8')).not.toBe('not a cache');
  });

  it('processes anew the files whose entries are damaged, in a plain and in a --context run, and writes them again', () => {
    const files = { 'db.yaml': DB_SET, 'svc.yaml': service('db-elsewher'), 'more/db2.yaml': DB_SET.replaceAll('name: db', 'name: db2') };
    const dir = tempDir(files);
    const cacheFile = path.join(dir, 'stslint.cache');
    const plain = stslint(['--format', 'json', '.'], { cwd: dir });
    expect(plain.code).toBe(1);
    expect(stslint(['--format', 'json', '--cache', '--cache-location', cacheFile, '.'], { cwd: dir })).toEqual(plain);
    damageEntries(cacheFile);
    expect(stslint(['--format', 'json', '--cache', '--cache-location', cacheFile, '.'], { cwd: dir })).toEqual(plain);
    // The damaged entries were written again: a third run reads them.
    expect(stslint(['--format', 'json', '--cache', '--cache-location', cacheFile, '.'], { cwd: dir })).toEqual(plain);

    // The pre-commit hook's cache in the git directory: context files' outcomes and relations.
    if (spawnSync('git', ['--version']).status !== 0) return;
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
    git('init', '-q');
    git('add', 'db.yaml', 'svc.yaml', 'more');
    git('commit', '-qm', 'start');
    writeFileSync(path.join(dir, 'db.yaml'), DB_SET.replace('replicas: 3', 'replicas: 2'));
    git('add', 'db.yaml');
    const hook = () => stslint(['--format', 'json', '--context', '.', 'db.yaml'], { cwd: dir });
    const uncached = hook();
    expect(hook()).toEqual(uncached);
    damageEntries(path.join(dir, '.git', 'stslintcache'));
    expect(hook()).toEqual(uncached);
    expect(hook()).toEqual(uncached);
  });

  it('drops at its next save the entries of files that no longer exist, and keeps those of files a run did not name', async () => {
    const dir = tempDir({ 'db.yaml': DB_SET, 'svc.yaml': DB_SERVICE, 'old/db2.yaml': DB_SET.replaceAll('name: db', 'name: db2') });
    const cacheFile = path.join(dir, 'cache');
    const names = () => {
      const bytes = readFileSync(cacheFile);
      const header = JSON.parse(bytes.subarray(4, 4 + bytes.readUInt32LE(0)).toString('utf8')) as { names: string[] };
      return header.names.map((n) => path.relative(dir, n.slice(n.indexOf('\u0000') + 1))).sort();
    };
    await withAndWithout([dir], cacheFile);
    expect(names()).toEqual(['db.yaml', path.join('old', 'db2.yaml'), 'svc.yaml']);
    // A run over one file that saves (the file changed): the others, still there, are kept.
    writeFileSync(path.join(dir, 'db.yaml'), DB_SET.replace('replicas: 3', 'replicas: 2'));
    await withAndWithout([path.join(dir, 'db.yaml')], cacheFile);
    expect(names()).toEqual(['db.yaml', path.join('old', 'db2.yaml'), 'svc.yaml']);
    // A deleted file's entry goes at the next save, in a run that does not name it.
    rmSync(path.join(dir, 'old'), { recursive: true });
    writeFileSync(path.join(dir, 'db.yaml'), DB_SET);
    await withAndWithout([path.join(dir, 'db.yaml')], cacheFile);
    expect(names()).toEqual(['db.yaml', 'svc.yaml']);
    await withAndWithout([dir], cacheFile);
  });

  it('writes .stslintcache in the working directory, or where --cache-location says', () => {
    const dir = tempDir({ 'db.yaml': DB_SET, 'svc.yaml': DB_SERVICE });
    const plain = stslint(['-f', 'json', '.'], { cwd: dir });
    expect(stslint(['-f', 'json', '--cache', '.'], { cwd: dir }).stdout).toBe(plain.stdout);
    expect(existsSync(path.join(dir, '.stslintcache'))).toBe(true);
    expect(stslint(['-f', 'json', '--cache', '--cache-location', 'tmp/', '.'], { cwd: dir }).stdout).toBe(plain.stdout);
    expect(existsSync(path.join(dir, 'tmp', '.stslintcache'))).toBe(true);
    expect(stslint(['-f', 'json', '--cache', '--cache-location', 'my-cache', '.'], { cwd: dir }).stdout).toBe(plain.stdout);
    expect(existsSync(path.join(dir, 'my-cache'))).toBe(true);
    // As ESLint: a location without --cache does nothing.
    stslint(['-f', 'json', '--cache-location', 'unused', '.'], { cwd: dir });
    expect(existsSync(path.join(dir, 'unused'))).toBe(false);
  });
});
