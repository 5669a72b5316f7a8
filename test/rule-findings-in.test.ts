// ruleFindingsIn (src/engine/lint.ts) runs only some rules and makes findings only in some files,
// for --context's comparison with the named files' previous versions (src/project/context.ts). It must
// give exactly the findings of a full run of all rules, limited to those rules and files.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintOutcomes, ruleFindingsIn, RULES } from '../src/engine/lint.js';
import { expandInputs } from '../src/input/files.js';
import { processFile } from '../src/input/pipeline.js';
import type { Finding } from '../src/shared/finding.js';
import { ROOT } from './support/run.js';

const key = (f: Finding) => JSON.stringify([f.filePath, f.ruleId, f.resource, f.path, f.messageId, f.message, f.severity, f.loc]);

describe('ruleFindingsIn', () => {
  it('gives a full run’s findings of the rules and files asked for, over all fixtures', { timeout: 120_000 }, async () => {
    const { files } = await expandInputs([path.join(ROOT, 'fixtures')], ROOT);
    // Without schema validation, as --context reads context files.
    const options = { preset: 'all' as const, rules: { 'schema-invalid': 'off' as const } };
    const outcomes = files.map((f) => processFile(f, 1 << 26));
    const full = lintOutcomes(outcomes, options).run.findings.filter((f) => f.ruleId !== null && RULES.some((r) => r.id === f.ruleId));
    expect(full.length).toBeGreaterThan(200);
    // Rules and files in slices that overlap neither other rules nor other files.
    const ruleIds = RULES.map((r) => r.id).filter((id) => id !== 'schema-invalid');
    for (let slice = 0; slice < 4; slice++) {
      const onlyRules = new Set(ruleIds.filter((_, i) => i % 4 === slice));
      const onlyFiles = new Set(files.filter((_, i) => i % 3 !== slice % 3));
      const expected = full
        .filter((f) => onlyRules.has(f.ruleId!) && onlyFiles.has(f.filePath))
        .map(key)
        .sort();
      const got = ruleFindingsIn(outcomes, options, { ruleIds: onlyRules, files: onlyFiles }).map(key).sort();
      expect(got).toEqual(expected);
      expect(got.length).toBeGreaterThan(10);
      // Without positions (the pre-commit hook's comparison): the same findings, each but its `loc`.
      const unplaced = ruleFindingsIn(outcomes, options, { ruleIds: onlyRules, files: onlyFiles, positions: false });
      const withoutLoc = (keys: string[]) => keys.map((k) => JSON.stringify((JSON.parse(k) as unknown[]).slice(0, -1))).sort();
      expect(withoutLoc(unplaced.map(key))).toEqual(withoutLoc(expected));
      // Nor fixes: that comparison reads none.
      expect(unplaced.filter((f) => f.fix !== undefined || f.suggestions !== undefined)).toEqual([]);
    }
  });
});
