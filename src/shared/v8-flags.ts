// V8 flags set while the process runs (v8.setFlagsFromString), for stslint's own command line.
//
// A flag only changes how V8 compiles or sizes its heap, never what the code computes; but V8
// prints "Error: unrecognized flag" on standard error for a flag its version does not have, and a
// flag's effect differs between V8 versions. So a flag is set only under the V8 it was measured on
// (Node 20's, 11.3); other Nodes run with V8's defaults: the same results, their own speed.
//
// V8 also rejects a code cache consumed under other flags than it was written with (any flag
// changed from its default), and the build writes the caches under the defaults: code caches are
// loaded under them (underDefaultFlags), else a validator of up to 400 KB compiles from source.

import { setFlagsFromString } from 'node:v8';
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';

/** The V8 versions (major.minor) the flags set through setMeasuredFlag were measured on. */
const MEASURED_V8 = ['11.3'];

/** V8 11.3's default of each flag setMeasuredFlag may set (flag-definitions.h), as a flag. */
const DEFAULTS: Readonly<Record<string, string>> = {
  'turbo-inlining': '--turbo-inlining',
  'semi-space-growth-factor': '--semi-space-growth-factor=2',
};

/**
 * The flags set, kept in the thread's environment data rather than in this module: the bin
 * (cli.cjs) and the bundle it loads (stslint.cjs) hold copies of the module, and a worker thread
 * (src/input/parallel.ts), which shares the process's flags, starts with its parent's copy.
 */
const FLAGS_SET = 'stslint.v8FlagsSet';

/** Whether this process's V8 is one the flags were measured on. */
export function flagsMeasuredHere(v8Version = process.versions.v8): boolean {
  return MEASURED_V8.some((version) => v8Version.startsWith(`${version}.`));
}

/** Sets `flag` (`--name`, `--no-name` or `--name=value`) when flagsMeasuredHere(); returns whether it did. */
export function setMeasuredFlag(flag: string): boolean {
  if (!flagsMeasuredHere()) return false;
  const name = flagName(flag);
  if (DEFAULTS[name] === undefined) throw new Error(`the default of the V8 flag ${flag} is not recorded in v8-flags.ts`);
  setFlagsFromString(flag);
  setEnvironmentData(FLAGS_SET, [...flagsSet().filter((f) => flagName(f) !== name), flag]);
  return true;
}

/** The flags setMeasuredFlag set in this thread or, for a worker, in the thread that started it. */
export function flagsSet(): readonly string[] {
  return (getEnvironmentData(FLAGS_SET) as string[] | undefined) ?? [];
}

/** Runs `compile` (consuming a code cache) under V8's default flags, and sets the flags again after it. */
export function underDefaultFlags<T>(compile: () => T): T {
  const set = flagsSet();
  if (set.length === 0) return compile();
  for (const flag of set) setFlagsFromString(DEFAULTS[flagName(flag)]!);
  try {
    return compile();
  } finally {
    for (const flag of set) setFlagsFromString(flag);
  }
}

function flagName(flag: string): string {
  return flag.replace(/^--(no-)?/, '').split('=')[0]!;
}
