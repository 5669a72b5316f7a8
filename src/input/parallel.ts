// Many files are read and parsed in worker threads; the graph and the cross-resource rules run
// in the main thread. Results are identical to processing the files in order in one thread
// (test/parallel.test.ts): each file's outcome is put back at its place in the input order.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CONTEXT_FILES, type CachedOutcome, type FileCache } from './cache.js';
import { processFile, type FileChecks, type FileOutcome } from './pipeline.js';
import { fileRelations, type FileRelations } from './relations.js';
import type { RelationIndex } from './relation-index.js';
import { fromTransferable, type TransferredOutcome } from './transfer.js';

/**
 * Below this, threads cost more than they save. With the fast YAML reader a file's own work is
 * tens of microseconds, while a thread costs ~40 ms to start and every object it reads is
 * copied back: on the 5,000-file reference corpus (2 cores) one worker thread made the run
 * slower (3.2 s of CPU against 2.7 s, wall 4.8 s against 3.7 s) and larger. Forced on with
 * `parallel: true` (tests).
 */
const MIN_FILES = 20_000;

/** The worker script next to this module: `parse-worker.js` when compiled, `.cjs` in the bundle. */
declare const __STSLINT_WORKER_FILE__: string | undefined;
const WORKER_FILE = typeof __STSLINT_WORKER_FILE__ === 'string' ? __STSLINT_WORKER_FILE__ : './parse-worker.js';

export interface ParallelOptions {
  /** Force (true) or forbid (false) threads; by default decided by input size. */
  parallel?: boolean;
  maxFileSize: number;
  checks: FileChecks;
  /** Take unchanged files' outcomes from this cache, and store the others' (cache.ts). */
  cache?: { store: FileCache; variant: string };
  /** Called as files are done (a progress line on a terminal). */
  onProgress?: (done: number, total: number) => void;
}

export async function processFiles(paths: readonly string[], options: ParallelOptions): Promise<FileOutcome[]> {
  const { cache } = options;
  if (!cache) return processUncached(paths, options);
  const outcomes: FileOutcome[] = new Array<FileOutcome>(paths.length);
  const missing: number[] = [];
  paths.forEach((path, i) => {
    const hit = cache.store.get(path, cache.variant);
    if (hit) outcomes[i] = hit;
    else missing.push(i);
  });
  const fresh = await processUncached(
    missing.map((i) => paths[i]!),
    { ...options, checks: { ...options.checks, hash: true } },
  );
  fresh.forEach((outcome, j) => {
    const i = missing[j]!;
    outcomes[i] = outcome;
    if (outcome.contentHash !== undefined) cache.store.set(paths[i]!, outcome, outcome.contentHash, cache.variant);
  });
  return outcomes;
}

/** A context file (`--context`): what its objects could relate to, and its outcome, loaded only when it does. */
export interface ContextFile {
  path: string;
  /** Its relation facts (from the cache: read when first asked for). */
  readonly relations: FileRelations;
  /** Where the cache's relation index has the file: it answers for `relations` without reading them. */
  indexed?: { index: RelationIndex; id: number } | undefined;
  load(): FileOutcome;
}

/**
 * Context files, read only for what the graph needs (FileChecks.contextOnly); from the cache,
 * a file's outcome is deserialized only when it turns out to relate to the linted files.
 */
export async function processContextFiles(
  paths: readonly string[],
  options: Omit<ParallelOptions, 'checks' | 'cache'> & { cache?: FileCache },
): Promise<ContextFile[]> {
  const { cache } = options;
  // A cache entry that cannot be read (a damaged cache file) gives way to the file itself.
  const fromDisk = (path: string): FileOutcome => {
    cache?.forget(path, CONTEXT_FILES);
    return processFile(path, options.maxFileSize, { contextOnly: true });
  };
  const files: ContextFile[] = new Array<ContextFile>(paths.length);
  const missing: number[] = [];
  paths.forEach((path, i) => {
    const hit = cache?.lookup(path, CONTEXT_FILES);
    if (hit?.hasRelations) files[i] = new CachedContextFile(path, hit, () => fromDisk(path));
    else missing.push(i);
  });
  const fresh = await processUncached(
    missing.map((i) => paths[i]!),
    {
      maxFileSize: options.maxFileSize,
      ...(options.parallel === undefined ? {} : { parallel: options.parallel }),
      checks: { contextOnly: true, hash: cache !== undefined },
    },
  );
  fresh.forEach((outcome, j) => {
    const i = missing[j]!;
    files[i] = { path: paths[i]!, relations: outcome.relations ?? fileRelations([]), load: () => outcome };
    if (cache && outcome.contentHash !== undefined) cache.set(paths[i]!, outcome, outcome.contentHash, CONTEXT_FILES);
  });
  return files;
}

/** A context file from the cache: its relation facts are read only when the cache's relation index cannot answer for them. */
class CachedContextFile implements ContextFile {
  private facts: FileRelations | undefined;
  private processed: FileOutcome | undefined;
  readonly indexed: { index: RelationIndex; id: number } | undefined;

  constructor(
    readonly path: string,
    private readonly hit: CachedOutcome,
    /** The file processed afresh, when its cache entry cannot be read. */
    private readonly fromDisk: () => FileOutcome,
  ) {
    this.indexed = hit.indexed;
  }

  get relations(): FileRelations {
    if (this.facts) return this.facts;
    try {
      this.facts = this.hit.relations();
    } catch {
      this.facts = this.processedFile().relations ?? fileRelations([]);
    }
    return this.facts;
  }

  load(): FileOutcome {
    if (this.processed) return this.processed;
    try {
      return this.hit.load();
    } catch {
      return this.processedFile();
    }
  }

  private processedFile(): FileOutcome {
    return (this.processed ??= this.fromDisk());
  }
}

async function processUncached(paths: readonly string[], options: ParallelOptions): Promise<FileOutcome[]> {
  const threads = Math.min(availableParallelism(), 8);
  const wanted = options.parallel ?? (threads > 1 && paths.length >= MIN_FILES);
  const progress = counter(paths.length, options.onProgress);
  if (!wanted || paths.length < 2) {
    return paths.map((p) => {
      const outcome = processFile(p, options.maxFileSize, options.checks);
      progress(1);
      return outcome;
    });
  }
  return processInWorkers(paths, Math.max(2, threads), options.maxFileSize, options.checks, progress);
}

function counter(total: number, report: ParallelOptions['onProgress']): (n: number) => void {
  let done = 0;
  return report
    ? (n) => {
        done += n;
        report(done, total);
      }
    : () => undefined;
}

async function processInWorkers(
  paths: readonly string[],
  threads: number,
  maxFileSize: number,
  checks: FileChecks,
  progress: (n: number) => void,
): Promise<FileOutcome[]> {
  // Interleaved shares: neighbouring files (often alike in size) go to different threads.
  const shares = Array.from({ length: threads }, () => ({ paths: [] as string[], indexes: [] as number[] }));
  paths.forEach((path, i) => {
    shares[i % threads]!.paths.push(path);
    shares[i % threads]!.indexes.push(i);
  });
  const outcomes = new Array<FileOutcome>(paths.length);
  // The main thread takes the first share itself: it would otherwise idle while the workers
  // parse, and a worker costs a thread start and a copy of everything it sends back.
  const [own, ...others] = shares;
  const running = Promise.all(
    others
      .filter((s) => s.paths.length > 0)
      .map(
        (share) =>
          new Promise<void>((resolve, reject) => {
            const worker = new Worker(new URL(WORKER_FILE, import.meta.url), { workerData: { paths: share.paths, maxFileSize, checks } });
            let received = 0;
            worker.on('message', (batch: TransferredOutcome[]) => {
              for (const data of batch) outcomes[share.indexes[received++]!] = fromTransferable(data);
              progress(batch.length);
            });
            worker.on('error', reject);
            worker.on('exit', (code) =>
              code === 0 && received === share.paths.length ? resolve() : reject(new Error(`a parser thread stopped (exit code ${code})`)),
            );
          }),
      ),
  );
  own!.paths.forEach((path, i) => {
    outcomes[own!.indexes[i]!] = processFile(path, maxFileSize, checks);
    progress(1);
  });
  await running;
  return outcomes;
}
