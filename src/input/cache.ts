// The cache of what each file's own processing produced (its manifests, parse findings and
// schema problems: a FileOutcome), so that repeated runs — a pre-commit hook, `--watch`, an
// editor — read and parse only the files that changed (`--cache`, `--cache-location`).
//
// An entry is keyed by the file's content: the SHA-1 of its bytes. Reading every file to hash
// it would cost what the cache saves, so a file whose size, modification and change times and
// inode are those recorded is taken as unchanged without being read — unless the file had
// changed less than TRUSTED_AGE_MS before it was hashed (its timestamps could then hide a
// second change in the same tick, as git's "racy" index entries can). The change time cannot be
// set back by tools that preserve modification times (rsync -t, tar), so those do not fool it.
// The whole cache is dropped when stslint's version or build, or the per-file options (schema
// target, size limit), differ from those it was written with. Writing is atomic (a temporary
// file renamed over the old one), and a cache that cannot be read is simply rebuilt.
//
// Use: `const cache = FileCache.open(cacheFileFor(location, cwd), perFileOptions)`;
// `cache.get(path)` before reading a file (a FileOutcome, or undefined: process it);
// `cache.set(path, outcome, contentHash(bytes))` after processing it; `cache.save()` at the end
// of the run. `processFiles` (parallel.ts) does the first two when given a cache. A `variant`
// keeps apart outcomes of one file processed in different ways (a context file is not
// validated against schemas).

import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { packageInfo } from '../shared/package-info.js';
import { contentHash } from './content-hash.js';
import type { FileOutcome } from './pipeline.js';
import type { FileRelations } from './relations.js';
import { fromTransferable, toTransferable, type TransferredOutcome } from './transfer.js';

/** The default cache file, in the working directory (as ESLint's `.eslintcache`). */
export const DEFAULT_CACHE_FILE = '.stslintcache';

/** The cache of `--context` runs without `--cache`, in the repository's git directory (src/cli/main.ts). */
export const CONTEXT_CACHE_FILE = 'stslintcache';

/** Bumped when the layout of the cache file changes. */
const FORMAT = 4;

/** A file changed more recently than this before it was hashed is re-hashed on the next run. */
const TRUSTED_AGE_MS = 2000;

interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

interface Entry extends FileStamp {
  /** SHA-1 of the file's bytes. */
  hash: string;
  /** When the hash was taken (ms since the epoch). */
  hashedAt: number;
  /**
   * The outcome, serialized (v8.serialize of a TransferredOutcome): its bytes, or where they lie
   * in the cache file as it was opened (read, and deserialized, only when used).
   */
  outcome: Uint8Array | { at: number; length: number };
  /** A context file's relation facts, kept apart so that unrelated files are never deserialized. */
  relations?: FileRelations;
}

/** A cached outcome: a context file's relations at once, the outcome when it is loaded. */
export interface CachedOutcome {
  relations?: FileRelations;
  load: () => FileOutcome;
}

/**
 * The cache file: a 4-byte length, this header (JSON, UTF-8) with every entry's facts, then
 * the entries' serialized outcomes one after another. Opening a cache reads the header only;
 * an outcome is deserialized from its bytes in place when it is used. The header is JSON, not
 * v8.serialize: every run of the pre-commit hook reads all of it (thousands of entries with
 * their relation facts), and JSON.parse reads it in about 0.6 of the time (2.2 MB, 3,000 files).
 * Its facts are numbers (integers, and milliseconds that JSON writes exactly), strings, arrays
 * and plain objects, which JSON keeps as they are.
 */
interface Header {
  format: number;
  key: string;
  /** Entry facts, and where its outcome lies in the area after the header. */
  entries: [string, StoredEntry][];
}

type StoredEntry = Omit<Entry, 'outcome'> & { at: number; length: number };

export class FileCache {
  private changed = false;

  private constructor(
    readonly location: string,
    private readonly key: string,
    private readonly entries: Map<string, Entry>,
  ) {}

  /**
   * The cache stored at `location` (a file), or an empty one when there is none, it cannot be
   * read, or it was written by another stslint build or with other per-file `options`.
   */
  static open(location: string, options: unknown): FileCache {
    const key = cacheKey(options);
    const entries = new Map<string, Entry>();
    try {
      // The header only: outcomes are read from the file when used.
      const fd = openSync(location, 'r');
      try {
        const size = Buffer.alloc(4);
        readSync(fd, size, 0, 4, 0);
        const headerBytes = Buffer.alloc(size.readUInt32LE(0));
        if (readSync(fd, headerBytes, 0, headerBytes.length, 4) === headerBytes.length) {
          const header = JSON.parse(headerBytes.toString('utf8')) as Header;
          if (header.format === FORMAT && header.key === key && Array.isArray(header.entries)) {
            const area = 4 + headerBytes.length;
            // The header's entries become the cache's, in place: copying thousands of them (object
            // rest and spread) cost as much as reading the header. `at` and `length` stay on
            // them unread (save() writes new ones).
            for (const [, stored] of header.entries) (stored as StoredEntry & Pick<Entry, 'outcome'>).outcome = { at: area + stored.at, length: stored.length };
            return new FileCache(location, key, new Map(header.entries as [string, StoredEntry & Entry][]));
          }
        }
      } finally {
        closeSync(fd);
      }
    } catch {
      // No cache yet, or an unreadable one: start afresh.
    }
    return new FileCache(location, key, entries);
  }

  /** The stored outcome of `file` when its content is the one it was made from; undefined otherwise. */
  get(file: string, variant = ''): FileOutcome | undefined {
    return this.lookup(file, variant)?.load();
  }

  /** As get, but the outcome is deserialized only when `load` is called. */
  lookup(file: string, variant = ''): CachedOutcome | undefined {
    const key = `${variant}\u0000${file}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = stampOf(file);
    if (!now) return undefined;
    if (!sameStamp(entry, now) || !trusted(entry)) {
      // Timestamps moved (a checkout, a save without changes) or are too fresh to trust: compare contents.
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        return undefined;
      }
      if (contentHash(bytes) !== entry.hash) return undefined;
      this.entries.set(key, { ...entry, ...now, hashedAt: Date.now() });
      this.changed = true;
    }
    // Looked up again when loaded: a save in between moves the outcome in the file.
    return {
      ...(entry.relations ? { relations: entry.relations } : {}),
      load: () => fromTransferable(deserialize(this.bytesOf(this.entries.get(key) ?? entry)) as TransferredOutcome),
    };
  }

  /**
   * The stored outcome of a text that is no file (a chart's or kustomization's rendered output,
   * linted under `name`), or of a file's text the caller holds (the language server's, which may
   * be unsaved), when it was made from content whose hash is `hash`; undefined otherwise.
   */
  getText(name: string, hash: string, variant = ''): FileOutcome | undefined {
    const key = `${variant}\u0000${name}`;
    const entry = this.entries.get(key);
    if (entry?.hash !== hash) return undefined;
    return fromTransferable(deserialize(this.bytesOf(entry)) as TransferredOutcome);
  }

  /** Records the outcome of a text that is no file (see getText). */
  setText(name: string, outcome: FileOutcome, hash: string, variant = ''): void {
    const { relations: _relations, ...rest } = outcome;
    this.entries.set(`${variant}\u0000${name}`, { size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0, hash, hashedAt: 0, outcome: serialize(toTransferable(rest)) });
    this.changed = true;
  }

  private bytesOf(entry: Entry): Uint8Array {
    if (entry.outcome instanceof Uint8Array) return entry.outcome;
    const bytes = Buffer.alloc(entry.outcome.length);
    const fd = openSync(this.location, 'r');
    try {
      readSync(fd, bytes, 0, bytes.length, entry.outcome.at);
    } finally {
      closeSync(fd);
    }
    return bytes;
  }

  /**
   * Records the outcome of `file`, processed from content whose hash is `hash` (content-hash.ts).
   * The file is looked at after it was read; if it changed in between, its timestamps are too
   * fresh to be trusted and the next run compares contents (see TRUSTED_AGE_MS).
   */
  set(file: string, outcome: FileOutcome, hash: string, variant = ''): void {
    const stamp = stampOf(file);
    if (!stamp) return;
    const { relations, ...rest } = outcome;
    this.entries.set(`${variant}\u0000${file}`, {
      ...stamp,
      hash,
      hashedAt: Date.now(),
      outcome: serialize(toTransferable(rest)),
      ...(relations ? { relations } : {}),
    });
    this.changed = true;
  }

  /** Writes the cache if anything changed; a cache that cannot be written only costs speed, so errors are ignored. */
  save(): void {
    if (!this.changed) return;
    const header: Header = { format: FORMAT, key: this.key, entries: [] };
    const outcomes: Uint8Array[] = [];
    let at = 0;
    let old: Buffer | undefined;
    for (const [name, entry] of this.entries) {
      const { outcome: where, ...facts } = entry;
      let outcome: Uint8Array;
      if (where instanceof Uint8Array) {
        outcome = where;
      } else {
        try {
          old ??= readFileSync(this.location);
        } catch {
          continue; // the old cache file is gone: its entries with it
        }
        outcome = old.subarray(where.at, where.at + where.length);
      }
      header.entries.push([name, { ...facts, at, length: outcome.length }]);
      outcomes.push(outcome);
      at += outcome.length;
    }
    const headerBytes = Buffer.from(JSON.stringify(header));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(headerBytes.length, 0);
    const temporary = `${this.location}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.location), { recursive: true });
      writeFileSync(temporary, Buffer.concat([length, headerBytes, ...outcomes]));
      renameSync(temporary, this.location);
      // Outcomes now lie where this save put them.
      const area = 4 + headerBytes.length;
      for (const [name, { at: offset, length: size }] of header.entries) {
        const entry = this.entries.get(name);
        if (entry) entry.outcome = { at: area + offset, length: size };
      }
      this.changed = false;
    } catch {
      try {
        unlinkSync(temporary);
      } catch {
        // Nothing was written.
      }
    }
  }
}

/** Where the cache goes for `--cache-location`: a directory (existing, or written with a trailing slash) gets the default file name. */
export function cacheFileFor(location: string | undefined, cwd: string): string {
  if (location === undefined) return path.resolve(cwd, DEFAULT_CACHE_FILE);
  const resolved = path.resolve(cwd, location);
  if (/[\\/]$/.test(location)) return path.join(resolved, DEFAULT_CACHE_FILE);
  try {
    if (statSync(resolved).isDirectory()) return path.join(resolved, DEFAULT_CACHE_FILE);
  } catch {
    // Not there yet: a file.
  }
  return resolved;
}

function stampOf(file: string): FileStamp | undefined {
  try {
    // Milliseconds with a fraction (microseconds on most file systems): stat without bigint is several times faster.
    const info = statSync(file);
    return { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino };
  } catch {
    return undefined;
  }
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/** Whether the file had been unchanged for a while when it was hashed (see TRUSTED_AGE_MS). */
function trusted(entry: Entry): boolean {
  return entry.hashedAt - Math.max(entry.mtimeMs, entry.ctimeMs) >= TRUSTED_AGE_MS;
}

let build: string | undefined;

/**
 * stslint's version and build (a hash of the running code, so that a rebuilt checkout with the
 * same version number does not read a stale cache), and the per-file options.
 */
function cacheKey(options: unknown): string {
  build ??= buildOf(fileURLToPath(import.meta.url));
  return JSON.stringify([packageInfo().version, build, options]);
}

/**
 * The SHA-1 of the running code: for the bundles, written beside them by the build
 * (scripts/bundle.mjs, `stslint.cjs.build`, the same in `server.cjs.build` and `index.mjs.build`:
 * the language server and the library share the CLI's cache); otherwise (the compiled sources)
 * taken here.
 */
function buildOf(code: string): string {
  try {
    const written = readFileSync(`${code}.build`, 'utf8').trim();
    if (/^[0-9a-f]{40}$/.test(written)) return written;
  } catch {
    // Not the bundle.
  }
  try {
    return contentHash(readFileSync(code));
  } catch {
    return 'unknown';
  }
}
