// The CLI's cache file (`stslint --cache`, src/input/cache.ts) as the language server uses it,
// when the user enables it (`stslint.cache`, `stslint.cacheLocation`): a file whose text is one
// the cache holds the outcome of is not parsed again, so a folder the CLI linted opens at once,
// and the server stores what it parses for the next run of either.
//
// Only texts the file has on disk are looked up and stored (an unsaved buffer is parsed as
// always). The server has a file's text, not its bytes, so an entry is taken by content alone:
// when the SHA-1 of the text (as UTF-8) is the hash the entry was made from, whatever the file's
// timestamps say. An outcome is stored only when the file's bytes, read again, are that text:
// the CLI trusts an entry whose file has the size and times recorded, so it must never hold the
// outcome of another text. The server lives long and the CLI may rewrite the cache file
// meanwhile (a new file renamed over it, its outcomes elsewhere): before each use the file is
// looked at, and when it is not the one opened or last written here, it is opened again and what
// this server had not written yet is dropped (the newer file wins). The entries are those of
// `stslint --cache` run in the folder (variant `lint`, src/engine/lint.ts), under the same key: the
// build, the schema target and the size limit. A cache written with other settings, or by
// another build, is replaced. The file is written after the folder's first read and then at
// most every few seconds while files change on disk, never while nothing changed.

import { readFileSync } from 'node:fs';
import { FileCache, NAMED_FILES, sameStamp, stampOf, type FileStamp } from '../input/cache.js';
import { contentHash } from '../input/content-hash.js';
import type { FileChecks, FileOutcome } from '../input/pipeline.js';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/lint.js';

/** How long stored outcomes wait before the cache file is written (more come as files change together). */
const SAVE_DELAY_MS = 3000;

export class SharedCache {
  private store: FileCache | undefined;
  /** The per-file options the store was opened with (its key, src/input/cache.ts). */
  private storeChecks: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private dropped = false;
  /** The cache file as the store read or last wrote it (inode, size, times): another writer changes it. */
  private fileStamp: FileStamp | undefined;
  /** Outcomes taken from the cache, and stored in it, since it was opened (for the log and the tests). */
  readonly counts = { taken: 0, stored: 0 };

  /** `location`: the cache file (cacheFileFor, as for `--cache-location`). */
  constructor(readonly location: string) {}

  /** The outcome of `text` for `file` when the cache holds it; undefined otherwise. */
  get(file: string, text: string, checks: FileChecks): FileOutcome | undefined {
    // An entry that cannot be read is dropped by the store and parsed as without a cache.
    const outcome = this.storeFor(checks).getText(file, contentHash(Buffer.from(text, 'utf8')), NAMED_FILES);
    if (outcome) this.counts.taken++;
    return outcome;
  }

  /**
   * Stores `outcome`, parsed from `text` with `checks`, when `text` is what the file holds on
   * disk now (its bytes are the text's UTF-8, without a byte-order mark, which reading drops).
   */
  put(file: string, text: string, checks: FileChecks, outcome: FileOutcome): void {
    if (this.dropped || text.charCodeAt(0) === 0xfeff) return;
    const bytes = Buffer.from(text, 'utf8');
    try {
      if (!readFileSync(file).equals(bytes)) return;
    } catch {
      return;
    }
    const hash = contentHash(bytes);
    // As the CLI stores it: the outcome with its content's hash.
    this.storeFor(checks).set(file, { ...outcome, contentHash: hash }, hash, NAMED_FILES);
    this.counts.stored++;
    this.saveSoon();
  }

  /** Writes the cache file now if anything changed (a cache that cannot be written only costs speed). */
  save(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.store) return;
    // Rewritten by someone else since: its offsets are not this store's, and the newer file wins.
    if (!this.fileUnchanged()) {
      this.store = undefined;
      return;
    }
    this.store.save();
    this.fileStamp = stampOf(this.location);
  }

  /** Forgets what was not written yet, and writes nothing more (the user turned the cache off). */
  drop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.store = undefined;
    this.storeChecks = undefined;
    this.dropped = true;
  }

  private saveSoon(): void {
    if (this.dropped) return;
    if (this.timer) return;
    this.timer = setTimeout(() => this.save(), SAVE_DELAY_MS);
    this.timer.unref();
  }

  private storeFor(checks: FileChecks): FileCache {
    const key = JSON.stringify(checks);
    if (this.store && this.storeChecks !== key) this.save(); // other settings (the schema target): written with the old ones first
    if (!this.store || this.storeChecks !== key || !this.fileUnchanged()) {
      this.fileStamp = stampOf(this.location);
      this.store = FileCache.open(this.location, { checks, maxFileSize: DEFAULT_MAX_FILE_SIZE });
      this.storeChecks = key;
    }
    return this.store;
  }

  /** Whether the cache file is the one the store read or last wrote (both absent counts as the same). */
  private fileUnchanged(): boolean {
    const now = stampOf(this.location);
    return now === undefined || this.fileStamp === undefined ? now === this.fileStamp : sameStamp(now, this.fileStamp);
  }
}
