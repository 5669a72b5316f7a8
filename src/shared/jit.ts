// V8's optimizing compiler set up for the command line's runs, which are short: most of a run's
// code is compiled while it runs. TurboFan inlines a hot function's callees into it; for the
// YAML reader's mutually recursive functions (src/yaml/fast-parse.ts) each optimized function
// then holds most of the reader again, compiled once per function and thrown away whole when an
// inlined path meets something new. Without inlining a function is compiled once on its own.
// Measured on the bundle, CPU (user+sys) medians of interleaved runs, every rule on: Argo CD's
// install.yaml 0.42 → 0.34 s, ../shared/corpus 0.94 → 0.71 s, 1,000 reference files 1.76 → 1.42 s,
// 5,000 files 4.13 → 3.71 s; the helm renders equal. Results cannot change: the flag decides only
// how V8 compiles, not what the code does.
//
// Only the CLI's bin turns it on: a library must not change the V8 flags of the process that
// loads it (the API, the language server), and a long-running editor session has time to inline.
// Code caches are loaded under the default flags (v8-flags.ts underDefaultFlags).

import { setMeasuredFlag } from './v8-flags.js';

/** Turns TurboFan inlining off for this process (the CLI's bin, before it loads the bundle). */
export function tuneForShortRun(): void {
  // The build's sample run writes the code caches (scripts/build-code-cache.mjs): V8 accepts a
  // cache only under the flags it was written with, so the caches are written under the defaults.
  if (process.env.STSLINT_WRITE_CODE_CACHE === '1') return;
  setMeasuredFlag('--no-turbo-inlining');
}
