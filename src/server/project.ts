// One linted unit: a workspace folder with its configuration file and every manifest file in
// it, or a single document outside every folder. The graph of a project is built from the disk
// text of its files, except where a document is open in the editor: there the unsaved text wins.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { findConfigFile, loadConfig, type Config } from '../project/config.js';
import { ignoreMatcher, mayHoldManifest } from '../project/context.js';
import { expandInputs } from '../input/files.js';
import type { Finding } from '../shared/finding.js';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/lint.js';
import { kustomizePatchFiles } from '../input/kustomize-patches.js';
import { readText, type FileOutcome, type FileChecks } from '../input/pipeline.js';
import type { Diagnostic } from 'vscode-languageserver';
import type { ParseCache, SharedSource } from './parse-cache.js';
import type { SharedCache } from './shared-cache.js';
import { uriOfPath } from './uri.js';
import { IncrementalLint } from './incremental.js';

export interface FileEntry {
  /** Absolute path, or the URI of a document that is not a file. */
  readonly path: string;
  /** The URI diagnostics are published under: the client's own for open documents. */
  uri: string;
  /** Text on disk; a finding when the file cannot be linted; undefined when not read or not a manifest file. */
  disk?: string | Finding;
  /** Unsaved text of an open document, with the version the client gave it. */
  buffer?: { text: string; version: number };
}

export interface ConfigProblem {
  file: string;
  message: string;
}

/** Files read between two yields to the event loop during a scan: the server stays responsive. */
const SCAN_SLICE_MS = 10;

export class Project {
  readonly files = new Map<string, FileEntry>();
  config: Config | undefined;
  configFile: string | undefined;
  configProblem: ConfigProblem | undefined;
  /** Whether every file of the folder has been read (always true for a single document). */
  scanned: boolean;
  /** URIs with diagnostics published, and what was published (and its JSON, to send only what changed). */
  readonly published = new Map<string, { diagnostics: Diagnostic[]; json: string }>();
  /** The ignore pattern that skips a file (the configuration's `ignore`), if any. */
  private ignored: ((file: string) => string | undefined) | undefined;
  /** Kustomize patches named by the kustomizations beside the files: not objects, skipped as the CLI skips them. */
  private patches = new Set<string>();
  /** The last lint pass's diagnostics, kept so that an edit lints only what it can change. */
  readonly incremental = new IncrementalLint();
  /** The outcome of a file that cannot be linted, kept while its finding is: a new object would count as an edit. */
  private readonly unreadable = new WeakMap<Finding, FileOutcome>();
  /** Bumped by every configuration load, so that an older load finishing late is dropped. */
  private configGeneration = 0;
  /** The user's cache file (`stslint.cache`): outcomes of unchanged files are taken from it (shared-cache.ts). */
  sharedCache: SharedCache | undefined;

  /** `root` undefined: a document outside every workspace folder, linted alone. */
  constructor(
    readonly root: string | undefined,
    private readonly configStart: string,
  ) {
    this.scanned = root === undefined;
  }

  contains(file: string): boolean {
    if (this.root === undefined) return this.files.has(file);
    const relative = path.relative(this.root, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  }

  isIgnored(file: string): boolean {
    return this.ignored?.(file) !== undefined;
  }

  /** Reads the kustomizations again (after a change on disk): which files are patches. */
  refreshPatches(): void {
    if (this.root === undefined) return;
    this.patches = kustomizePatchFiles([...this.files.keys()], this.root);
  }

  /** (Re)reads the configuration file; on a bad file the last good configuration stays in force. */
  async loadConfiguration(): Promise<void> {
    const generation = ++this.configGeneration;
    let file: string | undefined;
    try {
      file = findConfigFile(this.configStart);
      const config = file === undefined ? undefined : await loadConfig(file, this.configStart);
      const ignored = await ignoreMatcher({ ignore: config?.ignore ?? [], ignoreBase: config?.baseDir ?? this.configStart });
      if (generation !== this.configGeneration) return;
      this.config = config;
      this.configFile = file;
      this.configProblem = undefined;
      this.ignored = ignored;
    } catch (error) {
      if (generation !== this.configGeneration) return;
      this.configFile = file;
      this.configProblem = { file: file ?? this.configStart, message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Reads every manifest file of the folder, a slice at a time; parses each into `cache` as it goes. */
  async scan(cache: ParseCache, checks: () => FileChecks): Promise<void> {
    if (this.root === undefined) return;
    const { files } = await expandInputs([this.root], this.root);
    let sliceStart = performance.now();
    for (const file of files) {
      if (performance.now() - sliceStart > SCAN_SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
      const entry = this.files.get(file);
      if (entry?.disk !== undefined) continue; // read already, by a change event during the scan
      this.readFromDisk(file);
      const text = this.textOf(file);
      if (typeof text === 'string' && !this.isIgnored(file)) cache.outcomeFor(file, text, checks(), this.sharedSource(file, text));
    }
    this.refreshPatches();
    this.scanned = true;
  }

  /** Reads a file's disk text again (created or changed on disk). Returns false when it is not a manifest file (any more). */
  readFromDisk(file: string): boolean {
    const text = readText(file, DEFAULT_MAX_FILE_SIZE);
    const entry = this.files.get(file);
    if (typeof text !== 'string' && !existsSync(file)) return this.deleted(file);
    if (typeof text === 'string' && !mayHoldManifest(text)) {
      if (entry?.buffer) delete entry.disk;
      else this.files.delete(file);
      return false;
    }
    if (entry) entry.disk = text;
    else this.files.set(file, { path: file, uri: uriOfPath(file), disk: text });
    return true;
  }

  /** The file is gone from disk; an open document stays, as unsaved text. */
  deleted(file: string): boolean {
    const entry = this.files.get(file);
    if (entry?.buffer) delete entry.disk;
    else this.files.delete(file);
    return false;
  }

  open(file: string, uri: string, text: string, version: number): void {
    const entry = this.files.get(file);
    if (entry) {
      entry.uri = uri;
      entry.buffer = { text, version };
    } else {
      this.files.set(file, { path: file, uri, buffer: { text, version } });
    }
  }

  /** The document is closed: the file counts with its disk text again. */
  close(file: string): void {
    const entry = this.files.get(file);
    if (!entry) return;
    delete entry.buffer;
    if (this.root === undefined || !existsSync(file)) {
      this.files.delete(file);
      return;
    }
    this.readFromDisk(file);
  }

  /** The cache file for `text` of `file`, when the user enabled one; the text is stored only when it is the file's on disk. */
  sharedSource(file: string, text: string): SharedSource | undefined {
    return this.sharedCache ? { cache: this.sharedCache, onDisk: text === this.files.get(file)?.disk } : undefined;
  }

  textOf(file: string): string | Finding | undefined {
    const entry = this.files.get(file);
    return entry?.buffer?.text ?? entry?.disk;
  }

  /**
   * The parsed files of the project: open documents from their unsaved text, the rest from
   * disk. `openOnly`: only the open documents (while the folder is still being read).
   */
  outcomes(cache: ParseCache, checks: FileChecks, openOnly: boolean): FileOutcome[] {
    const outcomes: FileOutcome[] = [];
    for (const entry of this.files.values()) {
      if (openOnly && !entry.buffer) continue;
      if (this.isIgnored(entry.path) || this.patches.has(entry.path)) continue;
      const text = entry.buffer?.text ?? entry.disk;
      if (text === undefined) continue;
      if (typeof text === 'string') outcomes.push(cache.outcomeFor(entry.path, text, checks, this.sharedSource(entry.path, text)));
      else {
        let outcome = this.unreadable.get(text);
        if (!outcome) this.unreadable.set(text, (outcome = { path: entry.path, findings: [text], manifests: [], skippedDocuments: 0 }));
        outcomes.push(outcome);
      }
    }
    return outcomes;
  }
}
