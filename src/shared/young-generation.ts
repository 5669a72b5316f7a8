// How large V8's young generation may grow in a run over many files.
//
// V8 grows the young generation (two semi-spaces, from 1 MB up to 16 MB each) while much of what
// is allocated survives a scavenge, and what it grows to stays in the process's resident memory.
// A run over many files is just such a run: each file's parsed objects, the graph and the
// findings live to the end, so a larger young generation only holds more of them on their way to
// the old one. Kept at its size from start-up, the peak RSS of the 5,000 reference files fell
// from 188 to 169 MB and of the 1,000 from 109 to 80 MB, at the same CPU time (Node 20, 2 cores;
// interleaved runs). A run over few large files (Argo CD's install.yaml, the corpus) makes much
// short-lived garbage in the YAML parser instead, and is left to V8's own sizing.

import { setMeasuredFlag } from './v8-flags.js';

/** From this many files on, a run keeps the young generation small. */
export const MANY_FILES = 1_000;

let small = false;

/**
 * Stops the young generation from growing for the rest of the process: V8 reads the growth
 * factor each time it would grow it (NewSpace::Grow). Only for a process that is stslint's own
 * (the command line): a flag of V8 holds for the whole process. Only under the V8 it was measured
 * on (v8-flags.ts; later V8s hold the factor at 2 or more anyway); elsewhere V8 keeps its own
 * sizing: more memory, the same results.
 */
export function keepYoungGenerationSmall(): void {
  if (small) return;
  small = true;
  setMeasuredFlag('--semi-space-growth-factor=1');
}

/** Whether keepYoungGenerationSmall ran in this process (tests). */
export function youngGenerationKeptSmall(): boolean {
  return small;
}
