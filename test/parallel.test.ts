// Worker threads must not change a single finding: the parallel path is compared with the
// sequential one on the fixtures (always) and the shared corpus (when present). Runs the built
// modules, because worker threads load compiled JavaScript.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');

async function both(dirs: string[]) {
  const { lintFiles } = (await import(path.join(ROOT, 'dist/src/engine/lint.js'))) as typeof import('../src/engine/lint.js');
  const sequential = await lintFiles(dirs, { parallel: false });
  const parallel = await lintFiles(dirs, { parallel: true });
  return { sequential, parallel };
}

describe('parsing in worker threads', () => {
  it('gives the same results as one thread on the fixtures', async () => {
    const { sequential, parallel } = await both([path.join(ROOT, 'fixtures')]);
    expect(sequential.results.length).toBeGreaterThan(200);
    expect(parallel.results).toEqual(sequential.results);
    expect(parallel.stats).toEqual(sequential.stats);
  });

  it.skipIf(!existsSync(CORPUS))('gives the same results as one thread on the shared corpus', async () => {
    const { sequential, parallel } = await both([CORPUS]);
    expect(sequential.findings.length).toBeGreaterThan(100);
    expect(parallel.results).toEqual(sequential.results);
  });
});
