// V8 flags are set only under the V8 they were measured on (src/shared/v8-flags.ts): another V8
// may not have them, and would print "unrecognized flag" on standard error.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { flagsMeasuredHere } from '../src/shared/v8-flags.js';

describe('V8 flags of the command line', () => {
  it('are set under Node 20’s V8 only', () => {
    expect(flagsMeasuredHere('11.3.244.8-node.38')).toBe(true);
    expect(flagsMeasuredHere('11.30.1')).toBe(false);
    expect(flagsMeasuredHere('12.4.254.21-node.33')).toBe(false);
    expect(flagsMeasuredHere('13.6.233.10-node.18')).toBe(false);
  });

  it('would make an unknown flag print on standard error, which is why they are kept to a known V8', () => {
    const run = spawnSync(process.execPath, ['-e', "require('node:v8').setFlagsFromString('--no-such-flag-of-stslint')"], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('unrecognized flag');
  });
});
