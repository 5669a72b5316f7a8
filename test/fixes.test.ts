// Fixes and suggestions (src/fix): the fixture pairs of every rule that offers them, and every fix
// applied to every fixture and corpus file where it fires.
//
//   fixtures/<id>/fix-<name>.yaml|.json       input: the rule's fixes are applied (the fix loop, that rule only)
//   fixtures/<id>/fix-<name>.fixed.yaml|.json  the expected text; re-linted, it draws no finding of the rule
//   fixtures/<id>/suggest-<name>.yaml|.json   input: the first suggestion of the rule's first finding is applied
//   fixtures/<id>/suggest-<name>.suggested.yaml|.json  the expected text

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFiles, lintSources, RULES, BUILTIN_RULES_META, type LintOptions, type LintRun, type SourceInput } from '../src/engine/lint.js';
import { fixUntilDone } from '../src/fix/loop.js';
import { applyFixes, buildFix } from '../src/fix/fix.js';
import { processText } from '../src/input/pipeline.js';
import type { Finding, TextFix } from '../src/shared/finding.js';
import { FIXTURES_DIR, loadCases, readOptions } from './support/fixtures.js';
import { SHARED } from './support/run.js';

const update = process.env.UPDATE_FIXTURES === '1';

interface Pair {
  rule: string;
  kind: 'fix' | 'suggest';
  input: string;
  expected: string;
}

function pairs(): Pair[] {
  const out: Pair[] = [];
  for (const rule of readdirSync(FIXTURES_DIR)) {
    const dir = path.join(FIXTURES_DIR, rule);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) {
      const match = /^(fix|suggest)-(.*)\.(ya?ml|json)$/.exec(name);
      if (!match || /\.(fixed|suggested)\.(ya?ml|json)$/.test(name)) continue;
      const kind = match[1] as 'fix' | 'suggest';
      out.push({
        rule,
        kind,
        input: path.join(dir, name),
        expected: path.join(dir, `${kind}-${match[2]!}.${kind === 'fix' ? 'fixed' : 'suggested'}.${match[3]!}`),
      });
    }
  }
  return out;
}

function lintOne(file: string, text: string, options: LintOptions): LintRun {
  return lintSources([{ path: file, text }], { preset: 'all', reportUnusedDisables: true, ...options });
}

/** Lines that are comments (or end in one), for "comments kept". */
function comments(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    const at = line.search(/(^|\s)#/);
    return at === -1 ? [] : [line.slice(at).trim()];
  });
}

const fixableRules = [
  ...RULES.filter((r) => r.meta.fixable).map((r) => r.id),
  ...Object.entries(BUILTIN_RULES_META)
    .filter(([, m]) => m.fixable)
    .map(([id]) => id),
];
const suggestingRules = [
  ...RULES.filter((r) => r.meta.hasSuggestions).map((r) => r.id),
  ...Object.entries(BUILTIN_RULES_META)
    .filter(([, m]) => m.hasSuggestions)
    .map(([id]) => id),
];

describe('fixture pairs', () => {
  const all = pairs();

  it('every fixable rule has a fix pair, every rule with suggestions a suggestion pair', () => {
    expect(fixableRules.filter((id) => !all.some((p) => p.rule === id && p.kind === 'fix'))).toEqual([]);
    // unused-disable's suggestion (an unknown rule id) is tested below: a fixture folder with an
    // unknown rule id would draw its always-on finding in every --context test over the fixtures.
    expect(suggestingRules.filter((id) => id !== 'unused-disable' && !all.some((p) => p.rule === id && p.kind === 'suggest'))).toEqual([]);
  });

  for (const pair of all) {
    it(`${pair.rule}: ${path.basename(pair.input)}`, async () => {
      const text = readFileSync(pair.input, 'utf8');
      const options = readOptions(text);
      const ofRule = (run: LintRun) => run.findings.filter((f) => f.ruleId === pair.rule && !f.suppressions);
      let output: string;
      if (pair.kind === 'fix') {
        const { texts, passes } = await fixUntilDone(new Map([[pair.input, text]]), (now) => {
          const fixes = ofRule(lintOne(pair.input, now.get(pair.input)!, options)).flatMap((f) => (f.fix ? [f.fix] : []));
          return new Map([[pair.input, fixes]]);
        });
        output = texts.get(pair.input)!;
        expect(passes, 'the rule fixes something here').toBeGreaterThan(0);
        expect(ofRule(lintOne(pair.input, output, options)).map((f) => f.message)).toEqual([]);
      } else {
        const first = ofRule(lintOne(pair.input, text, options)).find((f) => f.suggestions);
        expect(first, 'a finding with a suggestion').toBeDefined();
        output = applyFixes(text, [first!.suggestions![0]!.fix]).output;
        expect(ofRule(lintOne(pair.input, output, options)).filter((f) => f.messageId === first!.messageId && f.message === first!.message)).toEqual([]);
      }
      expect(output).not.toBe(text);
      // Comments stay (unused-disable removes the suppression comments it reports, and only those).
      if (pair.rule !== 'unused-disable') for (const comment of comments(text)) expect(comments(output)).toContain(comment);
      if (update || !existsSync(pair.expected)) {
        if (!update)
          throw new Error(`missing ${path.relative(FIXTURES_DIR, pair.expected)}; run UPDATE_FIXTURES=1 npx vitest run test/fixes.test.ts and review it`);
        writeFileSync(pair.expected, output);
      }
      expect(output).toBe(readFileSync(pair.expected, 'utf8'));
    });
  }
});

/** A finding's identity that survives the edit (not its line, not the apiVersion or kind a migration changes). */
function key(f: Finding): string {
  return [f.ruleId, f.messageId, f.resource?.namespace, f.resource?.name, JSON.stringify(f.path)].join('|');
}

/** The objects of a text: namespace/name of each (a migration may change apiVersion and kind). */
function objects(file: string, text: string): { ids: string[]; fatal: number } {
  const outcome = processText(file, text);
  return {
    ids: outcome.manifests.map(
      (m) => `${String((m.obj.metadata as { namespace?: string } | undefined)?.namespace)}/${String((m.obj.metadata as { name?: string } | undefined)?.name)}`,
    ),
    fatal: outcome.findings.filter((f) => f.fatal).length,
  };
}

/**
 * Applies each fix (and suggestion) alone to its file, re-lints the same inputs with the new text,
 * and checks what the issue asks: the text parses, holds the same objects, and (for fixes) draws
 * no finding that was not there before.
 */
async function checkEveryFix(run: LintRun, texts: ReadonlyMap<string, string>, relint: (file: string, text: string) => Promise<LintRun>): Promise<number> {
  let checked = 0;
  const before = new Set(run.findings.map(key));
  for (const finding of run.findings) {
    const edits: { fix: TextFix; strict: boolean; label: string }[] = [
      ...(finding.fix ? [{ fix: finding.fix, strict: true, label: 'fix' }] : []),
      ...(finding.suggestions ?? []).map((s) => ({ fix: s.fix, strict: false, label: `suggestion "${s.desc}"` })),
    ];
    for (const { fix, strict, label } of edits) {
      const text = texts.get(finding.filePath)!;
      const output = applyFixes(text, [fix]).output;
      const where = `${finding.ruleId} ${label} in ${finding.filePath}:${finding.loc.line}`;
      expect(output, where).not.toBe(text);
      const was = objects(finding.filePath, text);
      const now = objects(finding.filePath, output);
      expect(now.fatal, where).toBe(was.fatal);
      // A suggestion may add an object (service-missing's headless Service); nothing is ever lost.
      if (strict) expect(now.ids, where).toEqual(was.ids);
      else expect([0, 1], where).toContain(now.ids.length - was.ids.length);
      for (const id of was.ids) expect(now.ids, where).toContain(id);
      const after = await relint(finding.filePath, output);
      if (strict)
        expect(
          after.findings.map(key).filter((k) => !before.has(k)),
          where,
        ).toEqual([]);
      checked++;
    }
  }
  return checked;
}

describe('every fix, applied where it fires', () => {
  it('on every fixture', async () => {
    let checked = 0;
    for (const rule of readdirSync(FIXTURES_DIR)) {
      const dir = path.join(FIXTURES_DIR, rule);
      if (!statSync(dir).isDirectory()) continue;
      const cases = [
        ...loadCases(dir).filter((c) => !c.baseInputs),
        ...pairs()
          .filter((p) => p.rule === rule)
          .map((p) => {
            const text = readFileSync(p.input, 'utf8');
            return { inputs: [{ path: p.input, text }] as SourceInput[], options: readOptions(text) };
          }),
      ];
      for (const c of cases) {
        const options: LintOptions = { preset: 'all', reportUnusedDisables: true, ...c.options };
        const run = lintSources(c.inputs, options);
        const texts = new Map(c.inputs.map((i) => [i.path, i.text]));
        checked += await checkEveryFix(run, texts, (file, text) =>
          Promise.resolve(
            lintSources(
              c.inputs.map((i) => (i.path === file ? { path: file, text } : i)),
              options,
            ),
          ),
        );
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  const corpus = [path.join(SHARED, 'corpus'), '/work/shared/corpus'].find((dir) => existsSync(dir));
  it.skipIf(!corpus)('on every corpus file (../shared/corpus), each project one graph', { timeout: 600_000 }, async () => {
    let checked = 0;
    for (const project of readdirSync(corpus!, { withFileTypes: true })) {
      if (!project.isDirectory()) continue;
      const dir = path.join(corpus!, project.name);
      const options: LintOptions = { preset: 'all', reportUnusedDisables: true };
      const run = await lintFiles([dir], options);
      const files = new Set(run.findings.filter((f) => f.fix ?? f.suggestions).map((f) => f.filePath));
      const texts = new Map([...files].map((f) => [f, readFileSync(f, 'utf8').replace(/^\uFEFF/, '')]));
      checked += await checkEveryFix(run, texts, (file, text) => lintFiles([dir], { ...options, fileTexts: new Map([[file, text]]) }));
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe('a fix that cannot be made safely is not offered', () => {
  const TWO = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  clusterIP: None\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: b\n';
  const manifest = () => processText('/x/two.yaml', TWO).manifests[0]!;

  it('an edit that leaves invalid YAML', () => {
    const at = TWO.indexOf('None');
    expect(buildFix(manifest(), [{ op: 'replaceText', start: at, end: at + 4, text: '[None' }])).toBeUndefined();
  });

  it('an edit that changes another object', () => {
    const at = TWO.lastIndexOf('name: b');
    expect(buildFix(manifest(), [{ op: 'replaceText', start: at, end: at + 7, text: 'name: c' }])).toBeUndefined();
  });

  it('an edit whose text reads back as another value (a duplicate key)', () => {
    const at = TWO.indexOf('  clusterIP');
    expect(buildFix(manifest(), [{ op: 'replaceText', start: at, end: at, text: '  type: ClusterIP\n  type: NodePort\n' }])).toBeUndefined();
  });

  it('the same edits, placed cleanly, are offered', () => {
    expect(buildFix(manifest(), [{ op: 'set', path: ['spec', 'type'], value: 'ClusterIP', after: 'clusterIP' }])).toEqual({
      range: [TWO.indexOf('None') + 5, TWO.indexOf('None') + 5],
      text: '  type: ClusterIP\n',
    });
  });

  it('a file piece of a large stream places its fix in the whole file', () => {
    const many = Array.from({ length: 3 }, (_, i) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  clusterIP: 10.0.0.${i}\n`).join(
      '---\n',
    );
    for (const m of processText('/x/many.yaml', many).manifests) {
      const fix = buildFix(m, [{ op: 'set', path: ['spec', 'clusterIP'], value: 'None' }])!;
      expect(many.slice(fix.range[0], fix.range[1])).toMatch(/^10\.0\.0\.\d$/);
    }
  });
});

describe('unused-disable', () => {
  it('suggests the one rule id an unknown id is a near miss of, keeping the justification', () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  # stslint-disable-next-line servce-missing -- tracked elsewhere\n  clusterIP: None\n';
    const finding = lintOne('/x/a.yaml', text, {}).findings.find((f) => f.ruleId === 'unused-disable')!;
    expect(finding.suggestions!.map((s) => s.desc)).toEqual(['Change servce-missing to service-missing']);
    expect(applyFixes(text, [finding.suggestions![0]!.fix]).output).toBe(text.replace('servce-missing', 'service-missing'));
  });
});

describe('the fix loop', () => {
  it('is bounded: fixes that undo each other stop after MAX_FIX_PASSES', async () => {
    let calls = 0;
    const { passes, texts } = await fixUntilDone(new Map([['f', 'a']]), (now) => {
      calls++;
      const text = now.get('f')!;
      return new Map([['f', [{ range: [0, 1] as [number, number], text: text === 'a' ? 'b' : 'a' }]]]);
    });
    expect(passes).toBe(10);
    expect(calls).toBe(11);
    expect(texts.get('f')).toBe('a');
  });

  it('applies non-overlapping fixes in one pass, an overlapping one in the next', () => {
    expect(
      applyFixes('abcdef', [
        { range: [4, 5], text: 'E' },
        { range: [0, 2], text: 'AB' },
        { range: [1, 3], text: 'xx' },
      ]),
    ).toEqual({ output: 'ABcdEf', applied: 2 });
  });
});
