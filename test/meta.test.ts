// Conventions that keep the rule set honest: registry ↔ modules ↔ docs ↔ fixtures.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_META, rulesMeta, RULES } from '../src/engine/lint.js';
import { VERSION } from './support/run.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ids = RULES.map((r) => r.id);

describe('rule registry', () => {
  it('is sorted and matches the modules in rules/', () => {
    expect(ids).toEqual([...ids].sort());
    const modules = readdirSync(path.join(ROOT, 'rules'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.slice(0, -3))
      .sort();
    expect(ids).toEqual(modules);
  });

  it('has kebab-case ids without a prefix, and a docs URL derived from the id', () => {
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(rule.id.startsWith('sts-')).toBe(false);
      expect(rule.docsUrl).toBe(`https://github.com/stslint/stslint/blob/v${VERSION}/docs/rules/${rule.id}.md`);
    }
  });

  it('gives every id the engine can emit a rulesMeta entry with an https docs link and a docs page', () => {
    const meta = rulesMeta();
    for (const [id, entry] of Object.entries(meta)) {
      expect(entry.docs.url, id).toMatch(/^https:\/\//);
      expect(existsSync(path.join(ROOT, 'docs/rules', `${id}.md`)), `docs/rules/${id}.md`).toBe(true);
    }
    for (const id of ids) expect(meta[id]).toBeDefined();
  });

  it('has messages that say how to fix the problem', () => {
    for (const rule of RULES) {
      for (const [messageId, text] of Object.entries(rule.meta.messages)) {
        expect(text, `${rule.id}/${messageId}`).toMatch(/\.$|\?$/);
        expect(text.length, `${rule.id}/${messageId}`).toBeGreaterThan(60);
      }
    }
  });

  it('has no orphan fixture folders', () => {
    const folders = readdirSync(path.join(ROOT, 'fixtures'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    for (const folder of folders) {
      if (folder === 'examples' || folder.startsWith('_')) continue;
      // A built-in finding's folder holds its fix pairs (test/fixes.test.ts).
      expect([...ids, ...Object.keys(BUILTIN_RULES_META)], `fixtures/${folder} has no rule`).toContain(folder);
    }
  });

  it('has an up-to-date rules table in the README (npm run docs:rules)', async () => {
    const { rulesTable } = await import('../scripts/rules-table.mjs');
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`<!-- rules:start -->\n${rulesTable(RULES)}\n<!-- rules:end -->`);
  });
});
