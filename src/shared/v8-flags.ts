// V8 flags set while the process runs (v8.setFlagsFromString), for stslint's own command line.
//
// A flag only changes how V8 compiles or sizes its heap, never what the code computes; but V8
// prints "Error: unrecognized flag" on standard error for a flag its version does not have, and a
// flag's effect differs between V8 versions. So a flag is set only under the V8 it was measured on
// (Node 20's, 11.3); other Nodes run with V8's defaults: the same results, their own speed.

import { setFlagsFromString } from 'node:v8';

/** The V8 versions (major.minor) the flags set through setMeasuredFlag were measured on. */
const MEASURED_V8 = ['11.3'];

/** Whether this process's V8 is one the flags were measured on. */
export function flagsMeasuredHere(v8Version = process.versions.v8): boolean {
  return MEASURED_V8.some((version) => v8Version.startsWith(`${version}.`));
}

/** Sets `flag` (`--name` or `--name=value`) when flagsMeasuredHere(); returns whether it did. */
export function setMeasuredFlag(flag: string): boolean {
  if (!flagsMeasuredHere()) return false;
  setFlagsFromString(flag);
  return true;
}
