// Loading a CommonJS file with V8's code cache: the bytecode V8 compiled for it once, saved at
// build time beside the file (`<file>.v8cache`, scripts/build-code-cache.mjs), so that a run
// does not parse and compile it again. Start-up is a product feature (one small file should
// cost little more than starting Node): the CLI bundle and the schema validators are hundreds
// of KB of JavaScript. A cache made by another Node or V8 version is rejected by V8, and the
// file is then compiled as usual; a missing cache is no error.

import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';
import { underDefaultFlags } from './v8-flags.js';

export const CODE_CACHE_SUFFIX = '.v8cache';

// The wrapper Node's CommonJS loader puts around a module.
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) { ';

/**
 * A CommonJS module's text inside the module wrapper: a script whose value is the module's
 * function. The build writes the CLI bundle and the validators so (scripts/bundle.mjs,
 * scripts/build-validators.mjs); they are loaded only through `loadWithCodeCache`.
 */
export function wrappedModule(text: string): string {
  // A `#!` line is not JavaScript inside the wrapper.
  return `${WRAPPER_START}${text.startsWith('#!') ? `//${text}` : text}\n});`;
}

interface Loaded {
  exports: unknown;
  /** Writes the code cache of what has been compiled so far (the build does this after a run). */
  saveCache(): void;
  /** A code cache was there and V8 did not take it (another Node, other V8 flags): the file was compiled from source. */
  readonly cacheRejected: boolean;
}

/**
 * The file's text. The bundles and validators are ASCII (esbuild escapes the rest), and an ASCII
 * file read as Latin-1 is a plain copy into a one-byte string: ~2 ms less CPU than decoding the
 * 700 KB bundle as UTF-8, which every run pays. Anything else is read as UTF-8.
 */
function sourceText(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** An open file and its size. */
function opened(file: string): { fd: number; size: number } {
  const fd = openSync(file, 'r');
  try {
    return { fd, size: fstatSync(fd).size };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Reads the whole of an opened file into the start of `buffer` (at least `size` long) and closes it. */
function readWhole({ fd, size }: { fd: number; size: number }, buffer: Buffer): Buffer {
  try {
    let done = 0;
    for (let read = 1; done < size && read > 0; done += read) read = readSync(fd, buffer, done, size - done, null);
    return buffer.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/**
 * The file's text and its code cache (undefined when there is none). Both are read into one
 * buffer, the text first (copied into a string), then the cache over it: the 700 KB bundle and
 * its 750 KB cache cost one allocation, and the memory of one, not two (fewer pages to fault in
 * on every start).
 */
function sourceAndCache(file: string): { source: string; cachedData: Buffer | undefined } {
  const text = opened(file);
  let cache: { fd: number; size: number } | undefined;
  try {
    cache = opened(file + CODE_CACHE_SUFFIX);
  } catch {
    cache = undefined;
  }
  const buffer = Buffer.allocUnsafe(Math.max(text.size, cache?.size ?? 0));
  let source: string;
  try {
    source = sourceText(readWhole(text, buffer));
  } catch (error) {
    if (cache) closeSync(cache.fd);
    throw error;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = cache ? readWhole(cache, buffer) : undefined;
  } catch {
    cachedData = undefined;
  }
  return { source, cachedData };
}

/**
 * Runs a CommonJS file as `require` would, compiled from its code cache when one fits.
 * `requireFrom`: the file's `require` when the caller has one for the same folder (the bin);
 * otherwise one is made on the file's first `require` call (the validators make none), as
 * `node:module` costs start-up time.
 */
export function loadWithCodeCache(file: string, requireFrom?: NodeJS.Require): Loaded {
  const { source, cachedData } = sourceAndCache(file);
  // The build writes the files wrapped already: compiled as they are, with no second string of
  // the whole file (for the 700 KB bundle, a copy and its garbage: ~5 ms of a one-file run).
  const wrapped = source.startsWith(WRAPPER_START) ? source : wrappedModule(source);
  // Under the flags the cache was written with (the CLI changes some, src/shared/v8-flags.ts).
  const script = underDefaultFlags(() => new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) }));
  const module = { exports: {} as unknown };
  let made: NodeJS.Require | undefined;
  const fileRequire = requireFrom ?? (((id: string): unknown => (made ??= createRequire(file))(id)) as NodeJS.Require);
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, fileRequire, module, file, path.dirname(file));
  return {
    get exports() {
      return module.exports;
    },
    saveCache: () => writeFileSync(file + CODE_CACHE_SUFFIX, script.createCachedData()),
    cacheRejected: script.cachedDataRejected === true,
  };
}
