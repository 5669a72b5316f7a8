// Every rule's docs page exists, matches its metadata, and its examples do what they say.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSources, RULES } from '../src/engine/lint.js';
import { readOptions } from './support/fixtures.js';

const DOCS = path.resolve(import.meta.dirname, '../docs/rules');

function section(markdown: string, heading: string): string | undefined {
  const match = new RegExp(`^## ${heading}\\s*$([\\s\\S]*?)(?=^## |$(?![\\s\\S]))`, 'm').exec(markdown);
  return match?.[1];
}

/**
 * The example of a section. A change-time rule's example is a change: the section's first yaml
 * block is the base version and its last one the new version (as in a change-pair fixture).
 */
function example(text: string | undefined): { text: string; base?: string } | undefined {
  const blocks = text ? [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]!) : [];
  if (blocks.length === 0) return undefined;
  return blocks.length > 1 ? { base: blocks[0]!, text: blocks[blocks.length - 1]! } : { text: blocks[0]! };
}

describe.each(RULES.map((r) => [r.id, r] as const))('docs/rules/%s.md', (id, rule) => {
  const file = path.join(DOCS, `${id}.md`);

  it('exists with the id as title and the description as first paragraph', () => {
    expect(existsSync(file)).toBe(true);
    const markdown = readFileSync(file, 'utf8');
    expect(markdown.split('\n')[0]).toBe(`# ${id}`);
    const firstParagraph = markdown.split(/\n\s*\n/)[1]?.trim();
    expect(firstParagraph).toBe(rule.meta.description);
    for (const heading of ['Why', 'Incorrect', 'Correct', 'How to fix']) expect(section(markdown, heading), heading).toBeDefined();
  });

  it('has an incorrect example that draws the rule and a correct one that does not', () => {
    const markdown = readFileSync(file, 'utf8');
    const bad = example(section(markdown, 'Incorrect'));
    const good = example(section(markdown, 'Correct'));
    expect(bad, 'Incorrect yaml block').toBeDefined();
    expect(good, 'Correct yaml block').toBeDefined();
    // An example for a release-dependent rule names its target like a fixture does (`# fixture-options: ...`).
    const ruleFindings = ({ text, base }: { text: string; base?: string }) => {
      const options = { preset: 'all' as const, ...readOptions(text) };
      const change = base === undefined ? {} : { base: { sources: [{ path: `/docs/base/${id}.yaml`, text: base }], label: 'the base version' } };
      return lintSources([{ path: `/docs/${id}.yaml`, text }], { ...options, ...change }).findings.filter((f) => f.ruleId === id || f.fatal);
    };
    expect(ruleFindings(bad!).filter((f) => f.ruleId === id).length).toBeGreaterThan(0);
    expect(ruleFindings(good!).map((f) => f.message)).toEqual([]);
  });
});
