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
// target, size limit), differ from those it was written with; the entry of a file that no longer
// exists is left out when the cache is next written. Writing is atomic (a temporary
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
import { buildRelationIndex, RelationIndex } from './relation-index.js';
import { fromTransferable, toTransferable, type TransferredOutcome } from './transfer.js';

/** The default cache file, in the working directory (as ESLint's `.eslintcache`). */
export const DEFAULT_CACHE_FILE = '.stslintcache';

/** The cache of `--context` runs without `--cache`, in the repository's git directory (src/cli/main.ts). */
export const CONTEXT_CACHE_FILE = 'stslintcache';

/** The variant of named files' outcomes (`processFiles` in lintFiles; the language server's shared cache). */
export const NAMED_FILES = 'lint';

/** The variant of context files' outcomes and relation facts (`processContextFiles`). */
export const CONTEXT_FILES = 'context';

/** Bumped when the layout of the cache file changes. */
const FORMAT = 5;

/** A file changed more recently than this before it was hashed is re-hashed on the next run. */
const TRUSTED_AGE_MS = 2000;

export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** Bytes in the cache file as it was opened. */
interface Place {
  at: number;
  length: number;
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
  outcome: Uint8Array | Place;
  /** A context file's relation facts, kept apart so that unrelated files are never deserialized; JSON where it lies in the file. */
  relations?: FileRelations | Place | undefined;
  /** Its id in the cache's relation index, when the index has its relations as they are; else -1. */
  ix: number;
}

/**
 * A cached outcome: a context file's relations, the outcome when it is loaded. One object with
 * its methods on the prototype: a pre-commit hook looks up thousands of context files.
 */
export class CachedOutcome {
  constructor(
    private readonly cache: FileCache,
    private readonly key: string,
    private readonly entry: Entry,
    /** Where the cache's relation index has the file: it answers for its relations without reading them (relation-index.ts). */
    readonly indexed: { index: RelationIndex; id: number } | undefined,
  ) {}

  /** Whether it was stored with a context file's relation facts. */
  get hasRelations(): boolean {
    return this.entry.relations !== undefined;
  }

  /** A context file's relation facts, read when asked for (hasRelations). */
  relations(): FileRelations {
    return this.cache.relationsOf(this.current());
  }

  load(): FileOutcome {
    return fromTransferable(deserialize(this.cache.bytesOf(this.current().outcome)) as TransferredOutcome);
  }

  /** Looked up again when loaded: a save in between moves the outcome in the file. */
  private current(): Entry {
    return this.cache.entryOf(this.key) ?? this.entry;
  }
}

/**
 * The cache file: a 4-byte length, this header (JSON, UTF-8), then the area: the entries' facts
 * as numbers (float64, little-endian, NUMBERS a entry), their serialized outcomes and relation
 * facts (JSON), and the relation index of the context files (relation-index.ts). Opening a
 * cache reads the header and the numbers only; an outcome is deserialized from its bytes in
 * place when it is used, and the relation index answers which context files relate to the
 * named ones, so that a pre-commit hook in a repository of thousands of files reads the facts
 * of none of them (the whole header with every file's facts was 2.4 MB of JSON for 3,000 files).
 */
interface Header {
  format: number;
  key: string;
  names: string[];
  hashes: string[];
  /** Where the numbers lie in the area, and the relation index (absent: none). */
  numbers: [number, number];
  index?: [number, number];
}

/** Per entry: size, mtimeMs, ctimeMs, ino, hashedAt, outcome at, length, relations at (-1: none), length, index id. */
const NUMBERS = 10;

/**
 * Entries whose relations the index does not have (changed or new context files) are read and
 * compared one by one; past this many (or a sixteenth of the indexed ones), a save builds the
 * index anew from every entry's relations.
 */
const UNINDEXED_KEPT = 64;

export class FileCache {
  private changed = false;
  /** Keys of the files this run looked up or stored: at a save, the others are kept only while their file exists. */
  private readonly touched = new Set<string>();
  /** The relation index as read from the file (undefined: none, or not read yet). */
  private index: RelationIndex | undefined;
  private indexRead = false;

  private constructor(
    readonly location: string,
    private readonly key: string,
    private readonly entries: Map<string, Entry>,
    /** Where the relation index lies in the file as opened. */
    private indexPlace: Place | undefined,
  ) {}

  /**
   * The cache stored at `location` (a file), or an empty one when there is none, it cannot be
   * read, or it was written by another stslint build or with other per-file `options`.
   */
  static open(location: string, options: unknown): FileCache {
    const key = cacheKey(options);
    try {
      // The header and the numbers only: outcomes and relations are read from the file when used.
      const fd = openSync(location, 'r');
      try {
        const size = Buffer.alloc(4);
        readSync(fd, size, 0, 4, 0);
        const headerBytes = Buffer.alloc(size.readUInt32LE(0));
        if (readSync(fd, headerBytes, 0, headerBytes.length, 4) === headerBytes.length) {
          const header = JSON.parse(headerBytes.toString('utf8')) as Header;
          if (header.format === FORMAT && header.key === key && Array.isArray(header.names) && header.names.length === header.hashes.length) {
            const area = 4 + headerBytes.length;
            const count = header.names.length;
            const numbers = new Float64Array(count * NUMBERS);
            const bytes = new Uint8Array(numbers.buffer);
            if (numbers.byteLength !== header.numbers[1] || readSync(fd, bytes, 0, bytes.length, area + header.numbers[0]) !== bytes.length) {
              throw new Error('short cache file');
            }
            const entries = new Map<string, Entry>();
            for (let i = 0; i < count; i++) {
              const n = i * NUMBERS;
              const relationsAt = numbers[n + 7]!;
              // One shape for all (relations undefined when absent): thousands are looked at.
              entries.set(header.names[i]!, {
                size: numbers[n]!,
                mtimeMs: numbers[n + 1]!,
                ctimeMs: numbers[n + 2]!,
                ino: numbers[n + 3]!,
                hashedAt: numbers[n + 4]!,
                hash: header.hashes[i]!,
                outcome: { at: area + numbers[n + 5]!, length: numbers[n + 6]! },
                relations: relationsAt >= 0 ? { at: area + relationsAt, length: numbers[n + 8]! } : undefined,
                ix: numbers[n + 9]!,
              });
            }
            const index = header.index ? { at: area + header.index[0], length: header.index[1] } : undefined;
            return new FileCache(location, key, entries, index);
          }
        }
      } finally {
        closeSync(fd);
      }
    } catch {
      // No cache yet, or an unreadable one: start afresh.
    }
    return new FileCache(location, key, new Map(), undefined);
  }

  /** The stored outcome of `file` when its content is the one it was made from; undefined otherwise. */
  get(file: string, variant = ''): FileOutcome | undefined {
    try {
      return this.lookup(file, variant)?.load();
    } catch {
      this.forget(file, variant); // an entry that cannot be read (a damaged file): processed anew
      return undefined;
    }
  }

  /** Drops the entry of `file` (one that could not be read): the next save leaves it out. */
  forget(file: string, variant = ''): void {
    if (this.entries.delete(`${variant}\u0000${file}`)) this.changed = true;
  }

  /** As get, but the outcome (and a context file's relations) are read only when asked for. */
  lookup(file: string, variant = ''): CachedOutcome | undefined {
    const key = `${variant}\u0000${file}`;
    this.touched.add(key);
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
    const index = entry.ix >= 0 ? this.relationIndex() : undefined;
    return new CachedOutcome(this, key, entry, index && { index, id: entry.ix });
  }

  /** The entry stored under `key` (a variant and a path). */
  entryOf(key: string): Entry | undefined {
    return this.entries.get(key);
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
    try {
      return fromTransferable(deserialize(this.bytesOf(entry.outcome)) as TransferredOutcome);
    } catch {
      this.forget(name, variant); // damaged: made anew
      return undefined;
    }
  }

  /** Records the outcome of a text that is no file (see getText). */
  setText(name: string, outcome: FileOutcome, hash: string, variant = ''): void {
    const { relations: _relations, ...rest } = outcome;
    this.entries.set(`${variant}\u0000${name}`, {
      size: 0,
      mtimeMs: 0,
      ctimeMs: 0,
      ino: 0,
      hash,
      hashedAt: 0,
      outcome: serialize(toTransferable(rest)),
      ix: -1,
    });
    this.changed = true;
  }

  private relationIndex(): RelationIndex | undefined {
    if (!this.indexRead) {
      this.indexRead = true;
      try {
        this.index = this.indexPlace && RelationIndex.read(this.bytesOf(this.indexPlace));
      } catch {
        this.index = undefined;
      }
    }
    return this.index;
  }

  /** An entry's relation facts: parsed from the file when they lie there. */
  relationsOf(entry: Entry): FileRelations {
    const relations = entry.relations!;
    return isPlace(relations) ? (JSON.parse(Buffer.from(this.bytesOf(relations)).toString('utf8')) as FileRelations) : relations;
  }

  /** Bytes kept in memory, or read from the cache file. */
  bytesOf(place: Uint8Array | Place): Uint8Array {
    if (place instanceof Uint8Array) return place;
    const bytes = Buffer.allocUnsafe(place.length);
    const fd = openSync(this.location, 'r');
    try {
      readSync(fd, bytes, 0, bytes.length, place.at);
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
    const key = `${variant}\u0000${file}`;
    this.touched.add(key);
    this.entries.set(key, {
      ...stamp,
      hash,
      hashedAt: Date.now(),
      outcome: serialize(toTransferable(rest)),
      ...(relations ? { relations } : {}),
      ix: -1,
    });
    this.changed = true;
  }

  /** Writes the cache if anything changed; a cache that cannot be written only costs speed, so errors are ignored. */
  save(): void {
    if (!this.changed) return;
    let old: Buffer | undefined;
    let oldGone = false;
    const bytesOf = (place: Uint8Array | Place): Uint8Array | undefined => {
      if (place instanceof Uint8Array) return place;
      try {
        old ??= readFileSync(this.location);
      } catch {
        oldGone = true;
        return undefined; // the old cache file is gone: its entries with it
      }
      return old.subarray(place.at, place.at + place.length);
    };
    const kept: { name: string; entry: Entry; outcome: Uint8Array; relations: Uint8Array | undefined }[] = [];
    for (const [name, entry] of this.entries) {
      if (isDeletedFile(name, entry, this.touched)) continue;
      const outcome = bytesOf(entry.outcome);
      const relations =
        entry.relations === undefined ? undefined : isPlace(entry.relations) ? bytesOf(entry.relations) : Buffer.from(JSON.stringify(entry.relations));
      if (outcome === undefined || (entry.relations !== undefined && relations === undefined)) continue;
      kept.push({ name, entry, outcome, relations });
    }
    // The relation index is kept while it has most context files as they are; else built anew.
    const withRelations = kept.filter((k) => k.relations !== undefined);
    const oldIndex = oldGone || !this.indexPlace ? undefined : bytesOf(this.indexPlace);
    const unindexed = withRelations.filter((k) => k.entry.ix < 0).length;
    const rebuild = oldIndex === undefined || unindexed > Math.max(UNINDEXED_KEPT, (withRelations.length - unindexed) / 16);
    const ids = new Map<Entry, number>();
    let index: Uint8Array;
    if (rebuild) {
      withRelations.forEach((k, id) => ids.set(k.entry, id));
      index = buildRelationIndex(
        withRelations.map((k) => (isPlace(k.entry.relations!) ? (JSON.parse(Buffer.from(k.relations!).toString('utf8')) as FileRelations) : k.entry.relations)),
      );
    } else {
      for (const k of withRelations) ids.set(k.entry, k.entry.ix);
      index = oldIndex;
    }
    const numbers = new Float64Array(kept.length * NUMBERS);
    const pieces: Uint8Array[] = [new Uint8Array(numbers.buffer)];
    let at = numbers.byteLength;
    const placeOf = (bytes: Uint8Array): Place => {
      pieces.push(bytes);
      const place = { at, length: bytes.length };
      at += bytes.length;
      return place;
    };
    const placed = kept.map((k, i) => {
      const outcome = placeOf(k.outcome);
      const relations = k.relations && placeOf(k.relations);
      numbers.set(
        [
          k.entry.size,
          k.entry.mtimeMs,
          k.entry.ctimeMs,
          k.entry.ino,
          k.entry.hashedAt,
          outcome.at,
          outcome.length,
          relations?.at ?? -1,
          relations?.length ?? 0,
          ids.get(k.entry) ?? -1,
        ],
        i * NUMBERS,
      );
      return { outcome, relations };
    });
    const indexPlace = placeOf(index);
    const header: Header = {
      format: FORMAT,
      key: this.key,
      names: kept.map((k) => k.name),
      hashes: kept.map((k) => k.entry.hash),
      numbers: [0, numbers.byteLength],
      index: [indexPlace.at, indexPlace.length],
    };
    const headerBytes = Buffer.from(JSON.stringify(header));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(headerBytes.length, 0);
    const temporary = `${this.location}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.location), { recursive: true });
      writeFileSync(temporary, Buffer.concat([length, headerBytes, ...pieces]));
      renameSync(temporary, this.location);
      // Outcomes, relations and the index now lie where this save put them.
      const area = 4 + headerBytes.length;
      const moved = (place: Place): Place => ({ at: area + place.at, length: place.length });
      this.entries.clear();
      kept.forEach((k, i) => {
        const { outcome, relations } = placed[i]!;
        this.entries.set(k.name, { ...k.entry, outcome: moved(outcome), ...(relations ? { relations: moved(relations) } : {}), ix: ids.get(k.entry) ?? -1 });
      });
      this.indexPlace = moved(indexPlace);
      this.index = undefined;
      this.indexRead = false;
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

function isPlace(value: FileRelations | Place): value is Place {
  return typeof (value as Place).at === 'number' && !('objects' in value);
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

/**
 * Whether the entry `name` is of a file this run did not look at and that no longer exists: it
 * is dropped at the save, so that a cache does not grow with every file ever deleted or moved.
 * Texts that are no file (setText's, hashedAt 0) are replaced under their name instead.
 */
function isDeletedFile(name: string, entry: Entry, touched: ReadonlySet<string>): boolean {
  if (entry.hashedAt === 0 || touched.has(name)) return false;
  const file = name.slice(name.indexOf('\u0000') + 1);
  try {
    return statSync(file, { throwIfNoEntry: false }) === undefined;
  } catch {
    return false; // not known to be gone (a permission error): kept
  }
}

export function stampOf(file: string): FileStamp | undefined {
  try {
    // Milliseconds with a fraction (microseconds on most file systems): stat without bigint is several times faster.
    const info = statSync(file);
    return { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino };
  } catch {
    return undefined;
  }
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
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
