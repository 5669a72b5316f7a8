// --context reads context files only for what the graph needs and checks only what can relate to
// the named files (src/input/relations.ts); the cache (src/input/cache.ts) keeps each file's
// outcome. Neither may change a finding: each file linted with the others as context must get
// exactly the findings a full run gives it, with and without the cache.

import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/lint.js';
import { expandInputs } from '../src/input/files.js';
import { SHARED, ROOT } from './support/run.js';

const CORPUS = path.join(SHARED, 'corpus');

/** Every `step`-th file of `dir`, linted with all the others as context, against one full run. */
async function expectSameAsFullRun(dir: string, step: number, cacheFile?: string): Promise<number> {
  const { files } = await expandInputs([dir], dir);
  const full = await lintFiles([dir], { parallel: false, preset: 'all' });
  const byFile = new Map(full.results.map((r) => [r.filePath, r]));
  let compared = 0;
  for (let i = 0; i < files.length; i += step) {
    const file = files[i]!;
    const run = await lintFiles([file], { parallel: false, preset: 'all', contextFiles: files, ...(cacheFile ? { cacheFile } : {}) });
    expect(run.results, path.relative(dir, file)).toEqual([byFile.get(file)]);
    compared++;
  }
  return compared;
}

function scratch(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'stslint-context-'));
}

describe('--context that scales', () => {
  it('gives every fixture file the findings of a full run over all fixtures', { timeout: 240_000 }, async () => {
    // All fixtures as one repository: many objects share names and namespaces on purpose.
    expect(await expectSameAsFullRun(path.join(ROOT, 'fixtures'), 3)).toBeGreaterThan(100);
  });

  it.skipIf(!existsSync(CORPUS))(
    'gives every corpus file the findings of a full run over the corpus, with and without the cache',
    { timeout: 240_000 },
    async () => {
      const dir = scratch();
      try {
        const cacheFile = path.join(dir, 'cache');
        expect(await expectSameAsFullRun(CORPUS, 1)).toBeGreaterThan(70);
        // Twice with the cache: written on the first pass, read on the second.
        await expectSameAsFullRun(CORPUS, 3, cacheFile);
        expect(statSync(cacheFile).size).toBeGreaterThan(0);
        await expectSameAsFullRun(CORPUS, 3, cacheFile);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('reports the named files only, results and counts', async () => {
    const fixtures = path.join(ROOT, 'fixtures');
    const { files } = await expandInputs([fixtures], ROOT);
    const target = files.find((f) => f.endsWith('.yaml'))!;
    const alone = await lintFiles([target], { parallel: false });
    const run = await lintFiles([target], { parallel: false, contextFiles: files });
    expect(run.results.map((r) => r.filePath)).toEqual([target]);
    expect(run.stats).toEqual(alone.stats);
  });
});
