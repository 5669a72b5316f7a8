// The json report is written as it is made (src/cli/output.ts writeJson): the same bytes as the
// json formatter's text over the whole run, and the counts and file list the CLI reads before
// the results are made (report.ts lazyResults) are those of the results.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles } from '../src/engine/lint.js';
import { eachResultOf, resultPathsOf, totals, totalsOf } from '../src/engine/report.js';
import { writeOutputs } from '../src/cli/output.js';
import json, { jsonChunks } from '../src/formatters/json.js';
import { DB_SET, WEB_GOOD } from './support/manifests.js';
import { ROOT, stslint, tempDir } from './support/run.js';

const FIXTURES = path.join(ROOT, 'fixtures');

describe('the streamed json report', () => {
  it('writes the formatter’s bytes over every rule fixture, from results made one by one', async () => {
    const run = await lintFiles([FIXTURES], { cwd: ROOT, preset: 'all' });
    // Not made yet: the report below is made from the findings, file by file.
    expect(Array.isArray(eachResultOf(run))).toBe(false);
    const counted = totalsOf(run);
    const paths = [...resultPathsOf(run)].sort();
    const dir = tempDir({});
    const file = path.join(dir, 'report.json');
    await writeOutputs([{ format: 'json', file }], run, dir, { color: false });
    const streamed = readFileSync(file, 'utf8');
    // Reading the results makes them; the text and counts are those of the made results.
    expect(run.results.length).toBeGreaterThan(50);
    expect(run.results.reduce((n, r) => n + r.messages.length, 0)).toBeGreaterThan(100);
    expect(streamed).toBe(await json(run.results, { cwd: dir, rulesMeta: run.rulesMeta, stats: run.stats, color: false }));
    expect(counted).toEqual(totals(run.results));
    expect(counted.errors + counted.warnings + counted.infos).toBeGreaterThan(100);
    expect(paths).toEqual(run.results.map((r) => r.filePath).sort());
    expect(Array.isArray(eachResultOf(run))).toBe(true);
  });

  it('cuts the text anywhere without changing it', async () => {
    const run = await lintFiles([FIXTURES], { cwd: ROOT, preset: 'all' });
    const whole = `${JSON.stringify(run.results)}\n`;
    for (const size of [1, 1000, 1 << 30]) expect([...jsonChunks(run.results, size)].join('')).toBe(whole);
    expect([...jsonChunks([])].join('')).toBe('[]\n');
  });

  it('prints on standard output what the API’s results are', async () => {
    const dir = tempDir({ 'db.yaml': DB_SET, 'web.yaml': WEB_GOOD, 'empty.yaml': '' });
    const { code, stdout } = stslint(['--format', 'json', '.'], { cwd: dir });
    expect(code).toBe(1);
    const run = await lintFiles(['.'], { cwd: dir });
    expect(stdout).toBe(`${JSON.stringify(run.results)}\n`);
  });
});
