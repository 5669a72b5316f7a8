// With --context, findings in context files that are not named are placed when their `loc` is
// first read (src/engine/run-rules.ts placeLater): a pre-commit hook shows few of them. The run
// must be exactly a run that places them all at once: same findings, positions, fixes,
// suppressions and schema-invalid dedupe, in the same order.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileChecks, lintOutcomes } from '../src/engine/lint.js';
import { expandInputs } from '../src/input/files.js';
import { processFile } from '../src/input/pipeline.js';
import type { Finding } from '../src/shared/finding.js';
import { ROOT, SHARED } from './support/run.js';

const placedLater = (f: Finding) => Object.getOwnPropertyDescriptor(f, 'loc')?.get !== undefined;

async function outcomesOf(dir: string) {
  const { files } = await expandInputs([dir], ROOT);
  return files.map((f) => processFile(f, 1 << 26, fileChecks({})));
}

/** The run with every file reported but only some named, against the full run; returns how many findings were placed later. */
function compare(outcomes: ReturnType<typeof processFile>[], namedEvery: number, oneOff: boolean): number {
  const options = { preset: 'all' as const };
  const full = lintOutcomes(outcomes, options, undefined, undefined, oneOff).run.findings;
  const paths = outcomes.map((o) => o.path);
  const named = new Set(paths.filter((_, i) => i % namedEvery === 0));
  const context = { reported: new Set(paths), named, namespaces: new Set<string>(), visits: () => true };
  const run = lintOutcomes(outcomes, options, undefined, context, oneOff).run;
  const later = run.findings.filter(placedLater);
  // Only outside the named files, and only findings that get no fix (fixes are made with the run).
  expect(later.every((f) => !named.has(f.filePath) && f.fix === undefined && f.suggestions === undefined)).toBe(true);
  const count = later.length;
  // Read in another order than the run's: each is located on its own.
  for (const f of [...later].reverse()) expect(f.loc.line).toBeGreaterThan(0);
  expect(run.findings.some(placedLater)).toBe(false);
  const each = (list: readonly object[]) => list.map((item) => JSON.stringify(item));
  expect(each(run.findings)).toEqual(each(full));
  // Results made from them (sorted by position) are the full run's too.
  const withMessages = (results: typeof run.results) => results.filter((r) => r.messages.length + r.suppressedMessages.length > 0);
  expect(each(withMessages(run.results))).toEqual(each(withMessages(lintOutcomes(outcomes, options, undefined, undefined, oneOff).run.results)));
  return count;
}

describe('findings placed when first read (--context)', () => {
  it('are the findings of a run that places them all, over every fixture (suppressions, schema echoes, fixes)', { timeout: 120_000 }, async () => {
    const outcomes = await outcomesOf(path.join(ROOT, 'fixtures'));
    for (const [every, oneOff] of [
      [3, false],
      [2, true],
      [1_000_000, true],
    ] as const) {
      expect(compare(outcomes, every, oneOff)).toBeGreaterThan(100);
    }
  });

  it.skipIf(!existsSync(path.join(SHARED, 'corpus')))('are the findings of a run that places them all, over the corpus', { timeout: 120_000 }, async () => {
    const outcomes = await outcomesOf(path.join(SHARED, 'corpus'));
    expect(compare(outcomes, 4, true)).toBeGreaterThan(50);
  });
});
