// Many files are read and parsed in worker threads; the graph and the cross-resource rules run
// in the main thread. Results are identical to processing the files in order in one thread
// (test/parallel.test.ts): each file's outcome is put back at its place in the input order.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { processFile, type FileChecks, type FileOutcome } from './pipeline.js';
import { fromTransferable, type TransferredOutcome } from './transfer.js';

/** Below this, starting threads (tens of milliseconds each) costs more than it saves. */
const MIN_FILES = 200;

/** The worker script next to this module: `parse-worker.js` when compiled, `.cjs` in the bundle. */
declare const __STSLINT_WORKER_FILE__: string | undefined;
const WORKER_FILE = typeof __STSLINT_WORKER_FILE__ === 'string' ? __STSLINT_WORKER_FILE__ : './parse-worker.js';

export interface ParallelOptions {
  /** Force (true) or forbid (false) threads; by default decided by input size. */
  parallel?: boolean;
  maxFileSize: number;
  checks: FileChecks;
  /** Called as files are done (a progress line on a terminal). */
  onProgress?: (done: number, total: number) => void;
}

export async function processFiles(paths: readonly string[], options: ParallelOptions): Promise<FileOutcome[]> {
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
