// One harness for every rule: each fixture case is a test (see test/support/fixtures.ts).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSources, RULES } from '../src/engine/lint.js';
import { FIXTURES_DIR, loadCases, renderFindings } from './support/fixtures.js';

const update = process.env.UPDATE_FIXTURES === '1';

for (const rule of RULES) {
  describe(rule.id, () => {
    const dir = path.join(FIXTURES_DIR, rule.id);
    const cases = existsSync(dir) ? loadCases(dir) : [];

    it('has valid and invalid fixtures', () => {
      expect(
        cases.some((c) => c.kind === 'valid'),
        `fixtures/${rule.id}/valid-*`,
      ).toBe(true);
      expect(
        cases.some((c) => c.kind === 'invalid'),
        `fixtures/${rule.id}/invalid-*`,
      ).toBe(true);
    });

    for (const c of cases) {
      it(`${c.kind}: ${c.name}`, () => {
        // Every rule is checked on its fixtures, also those outside the default preset.
        const run = lintSources(c.inputs, { preset: 'all', ...c.options });
        const relevant = run.findings.filter((f) => f.ruleId === rule.id || f.fatal);
        if (c.kind === 'valid') {
          expect(relevant.map((f) => `${f.loc.line}:${f.loc.column} ${f.ruleId}: ${f.message}`)).toEqual([]);
          return;
        }
        expect(relevant.filter((f) => f.ruleId === rule.id).length, 'an invalid case must draw the rule').toBeGreaterThan(0);
        const rendered = renderFindings(relevant, [...c.inputs, ...(c.baseInputs ?? [])], path.dirname(c.location));
        if (update || !existsSync(c.expectedPath)) {
          if (!update) throw new Error(`missing ${path.relative(FIXTURES_DIR, c.expectedPath)}; run UPDATE_FIXTURES=1 npx vitest run and review it`);
          writeFileSync(c.expectedPath, rendered);
        }
        expect(rendered).toBe(readFileSync(c.expectedPath, 'utf8'));
      });
    }
  });
}
