// Worker thread: processes the files it is given and sends back their outcomes as plain data.

import { parentPort, workerData } from 'node:worker_threads';
import { processFile, type FileChecks } from './pipeline.js';
import { toTransferable } from './transfer.js';

interface Job {
  paths: string[];
  maxFileSize: number;
  checks: FileChecks;
}

const { paths, maxFileSize, checks } = workerData as Job;
// Batches keep memory flat and let the main thread receive while this one parses.
const BATCH = 64;
for (let i = 0; i < paths.length; i += BATCH) {
  parentPort!.postMessage(paths.slice(i, i + BATCH).map((path) => toTransferable(processFile(path, maxFileSize, checks))));
}
