// --context reads context files only for what the graph needs and checks only what can relate to
// the named files (src/input/relations.ts); the cache (src/input/cache.ts) keeps each file's
// outcome. Neither may change a finding: each file linted with the others as context must get
// exactly the findings a full run gives it, with and without the cache.

import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FILE_SIZE, fileChecks, lintFiles, lintInContext, type LintOptions } from '../src/engine/lint.js';
import { expandInputs } from '../src/input/files.js';
import { processContextFiles } from '../src/input/parallel.js';
import { processFile } from '../src/input/pipeline.js';
import { discoverUnits } from '../src/render/discover.js';
import { SHARED, ROOT } from './support/run.js';

const CORPUS = path.join(SHARED, 'corpus');

/**
 * Every `step`-th file of `dir`, linted with all the others as context, against one full run:
 * every `wholeStep`-th of them through lintFiles as the CLI runs it (reading and relating the
 * context files each time), the others through the same assembly (lintInContext) with the
 * context files read once (processContextFiles), since reading 1,000 files per file linted made
 * this test take minutes.
 */
async function expectSameAsFullRun(dir: string, step: number, options: { cacheFile?: string; wholeStep?: number } = {}): Promise<number> {
  const { files } = await expandInputs([dir], dir);
  const full = await lintFiles([dir], { parallel: false, preset: 'all' });
  const byFile = new Map(full.results.map((r) => [r.filePath, r]));
  const wholeStep = options.wholeStep ?? 1;
  const lintOptions: LintOptions = { preset: 'all' };
  const context = wholeStep === 1 ? [] : await processContextFiles(discoverUnits(files).plainFiles, { maxFileSize: DEFAULT_MAX_FILE_SIZE, parallel: false });
  let compared = 0;
  for (let i = 0; i < files.length; i += step) {
    const file = files[i]!;
    const results =
      compared % wholeStep === 0
        ? (await lintFiles([file], { ...lintOptions, parallel: false, contextFiles: files, ...(options.cacheFile ? { cacheFile: options.cacheFile } : {}) }))
            .results
        : lintInContext(
            [processFile(file, DEFAULT_MAX_FILE_SIZE, fileChecks(lintOptions))],
            context.filter((c) => c.path !== file),
            lintOptions,
          ).run.results;
    expect(results, path.relative(dir, file)).toEqual([byFile.get(file)]);
    compared++;
  }
  return compared;
}

function scratch(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'stslint-context-'));
}

describe('--context that scales', () => {
  it('gives every fixture file the findings of a full run over all fixtures', { timeout: 240_000 }, async () => {
    // All fixtures as one repository: many objects share names and namespaces on purpose. Every
    // fixture has no chart or kustomization, so each file alone is what lintFiles lints of it.
    expect(await expectSameAsFullRun(path.join(ROOT, 'fixtures'), 3, { wholeStep: 10 })).toBeGreaterThan(250);
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
        await expectSameAsFullRun(CORPUS, 3, { cacheFile });
        expect(statSync(cacheFile).size).toBeGreaterThan(0);
        await expectSameAsFullRun(CORPUS, 3, { cacheFile });
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
