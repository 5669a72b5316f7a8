// Parsed files, kept between lint passes so that a keystroke re-parses one file, not the
// workspace. Keyed by path; an entry is reused while the text and the schema target are the same.
//
// This is where a shared content-keyed cache (parsing results stored by content hash, across
// runs and processes) would plug in: `outcomeFor` is the only place the server parses.

import type { FileChecks, FileOutcome } from '../input/pipeline.js';
import { processText } from '../input/pipeline.js';
import { formatVersion } from '../api/version.js';

interface Entry {
  text: string;
  checksKey: string;
  outcome: FileOutcome;
}

export class ParseCache {
  private readonly entries = new Map<string, Entry>();

  outcomeFor(path: string, text: string, checks: FileChecks): FileOutcome {
    const checksKey = checks.schemaTarget ? formatVersion(checks.schemaTarget) : '';
    const known = this.entries.get(path);
    if (known?.text === text && known.checksKey === checksKey) return known.outcome;
    const outcome = processText(path, text, checks);
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
