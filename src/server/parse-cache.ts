// Parsed files, kept between lint passes so that a keystroke re-parses one file, not the
// workspace. Keyed by path; an entry is reused while the text and the schema target are the same.
//
// `outcomeFor` is the only place the server parses. With the user's cache enabled
// (`stslint.cache`, src/server/shared-cache.ts), a file's disk text parsed by an earlier run (the
// CLI's or the server's) is taken from the cache file, and what is parsed from disk text is
// stored there.

import type { FileChecks, FileOutcome } from '../input/pipeline.js';
import { processText } from '../input/pipeline.js';
import { formatVersion } from '../api/version.js';
import type { SharedCache } from './shared-cache.js';

interface Entry {
  text: string;
  checksKey: string;
  outcome: FileOutcome;
}

/** The cache file of a project, and whether the text asked for is the file's text on disk (only that is stored). */
export interface SharedSource {
  cache: SharedCache;
  onDisk: boolean;
}

export class ParseCache {
  private readonly entries = new Map<string, Entry>();

  outcomeFor(path: string, text: string, checks: FileChecks, shared?: SharedSource): FileOutcome {
    const checksKey = checks.schemaTarget ? formatVersion(checks.schemaTarget) : '';
    const known = this.entries.get(path);
    if (known?.text === text && known.checksKey === checksKey) return known.outcome;
    // Only the disk's text: an unsaved buffer is rarely one the cache holds, and a keystroke should not look.
    let outcome = shared?.onDisk ? shared.cache.get(path, text, checks) : undefined;
    if (!outcome) {
      outcome = processText(path, text, checks);
      if (shared?.onDisk) shared.cache.put(path, text, checks, outcome);
    }
    this.entries.set(path, { text, checksKey, outcome });
    return outcome;
  }

  /** Whether `outcomeFor` would return without parsing. */
  has(path: string, text: string): boolean {
    return this.entries.get(path)?.text === text;
  }

  forget(path: string): void {
    this.entries.delete(path);
  }
}
