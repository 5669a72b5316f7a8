// Property-based tests are deterministic in `npm test` (and so in CI): a fixed seed, a bounded
// number of runs. The random search is `npm run fuzz`, which sets FUZZ_RUNS: each run then
// starts from a new seed, and fast-check prints the seed and path of any failure. A failure
// found that way becomes a regression case: its counterexample as a fixed test (see
// test/fast-parse.test.ts), so that it is checked on every run from then on.
//   FUZZ_RUNS=n   search with n runs per property, from a random seed
//   FUZZ_SEED=s   replay seed s (with FUZZ_RUNS, or the default runs)

import type { Parameters } from 'fast-check';

/** The seed of `npm test`; any fixed value would do. */
const FIXED_SEED = 19;

export const FUZZING = process.env.FUZZ_RUNS !== undefined;

/** How many cases each property runs: `runs` in `npm test`, FUZZ_RUNS when fuzzing. */
export function fuzzRuns(runs: number): number {
  return FUZZING ? Number(process.env.FUZZ_RUNS) : runs;
}

/** fast-check parameters: a fixed seed unless fuzzing (FUZZ_SEED replays a given one). */
export function fuzzParameters(runs: number): Parameters<unknown> {
  const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : FUZZING ? undefined : FIXED_SEED;
  return seed === undefined ? { numRuns: runs } : { numRuns: runs, seed };
}
