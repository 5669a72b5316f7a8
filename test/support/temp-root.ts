// Vitest global set-up: every temporary folder the tests (and the stslint runs they start) make goes under one
// folder of this run, removed when the run ends. Tests make thousands of folders with `mkdtemp`; removing each
// where it is made would need a hook in every file, and a failed or killed test would still leave its own.
// Worker processes start after this runs and inherit TMPDIR, which `os.tmpdir()` reads on every call.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'stslint-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
