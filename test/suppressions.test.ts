// Suppression comments and the stslint.io/ignore annotation, through the library entry point.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSources, type LintOptions } from '../src/engine/lint.js';
import { parseSpec, SUPPRESSION_RULES_META } from '../src/engine/suppressions.js';
import { DB_SERVICE, DB_SET } from './support/manifests.js';
import { ROOT } from './support/run.js';

function lint(text: string, options: LintOptions = {}, path = '/repo/db.yaml') {
  const run = lintSources([{ path, text }], options);
  const [result] = run.results;
  const brief = (m: { ruleId: string | null; line: number; column: number }) => `${m.line}:${m.column} ${m.ruleId}`;
  return {
    reported: result!.messages.map(brief),
    suppressed: result!.suppressedMessages.map((m) => ({ at: brief(m), suppressions: m.suppressions })),
    messages: result!.messages,
    result: result!,
  };
}

const NEXT_LINE = DB_SET.replace(
  '  serviceName:',
  '  # stslint-disable-next-line service-missing, dns-name-invalid -- Service is in the platform repo\n  serviceName:',
);

describe('# stslint-disable-next-line', () => {
  it('suppresses the named rules on the next line and keeps the finding as suppressed', () => {
    const { reported, suppressed, result } = lint(NEXT_LINE);
    expect(reported).toEqual(['18:21 volume-mount-unresolved']);
    expect(suppressed).toEqual([{ at: '7:16 service-missing', suppressions: [{ kind: 'directive', justification: 'Service is in the platform repo' }] }]);
    expect(result.errorCount).toBe(1);
  });

  it('covers only the next line, and only the rules it names (none named: all of them)', () => {
    expect(lint(DB_SET.replace('  serviceName:', '  # stslint-disable-next-line volume-mount-unresolved\n  serviceName:')).reported).toEqual([
      '7:16 service-missing',
      '18:21 volume-mount-unresolved',
    ]);
    expect(lint(DB_SET.replace('  serviceName:', '  # stslint-disable-next-line\n\n  serviceName:')).reported).toHaveLength(2);
    expect(lint(DB_SET.replace('  serviceName:', '  # stslint-disable-next-line\n  serviceName:')).suppressed[0]!.suppressions).toEqual([
      { kind: 'directive', justification: '' },
    ]);
  });

  it('is text, not a directive, inside a block scalar; after a value it is reported as misplaced', () => {
    const inBlock = DB_SET.replace('  selector:', '  note: |\n    # stslint-disable-next-line all\n  selector:').replace(
      '  serviceName: db-headless',
      '  serviceName: db-headless # stslint-disable-next-line all',
    );
    expect(lint(inBlock).reported).toEqual(['6:16 service-missing', '6:28 unused-disable', '7:3 schema-invalid', '19:21 volume-mount-unresolved']);
  });
});

describe('# stslint-disable (whole document)', () => {
  it('suppresses a rule in its document only, when it sits above the first key', () => {
    const text = `# stslint-disable volume-mount-unresolved -- mounted by the vault injector\n${DB_SET}---\n${DB_SET.replace('name: db\n', 'name: db2\n')}`;
    const { reported, suppressed } = lint(text);
    // Both sets select `app: db` in one namespace: selector-overlap, which the directive does not name.
    expect(reported).toEqual(['7:16 service-missing', '8:3 selector-overlap', '26:16 service-missing', '37:21 volume-mount-unresolved']);
    expect(suppressed.map((s) => s.at)).toEqual(['18:21 volume-mount-unresolved']);
  });

  it('counts for the document after a `---` line, and for a List document as a whole', () => {
    const second = `${DB_SERVICE}---\n# stslint-disable -- legacy set, replaced next quarter\n${DB_SET}`;
    expect(lint(second).reported).toEqual([]);
    const list = `# stslint-disable service-missing\napiVersion: v1\nkind: List\nitems:\n${DB_SET.replace(/^/gm, '    ').replace(/^ {4}apiVersion/m, '  - apiVersion')}`;
    expect(lint(list).reported).toEqual(['21:25 volume-mount-unresolved']);
    expect(lint(list).suppressed.map((s) => s.at)).toEqual(['10:20 service-missing']);
  });

  it('below the first key it is a mistake, and says so', () => {
    const { reported, messages } = lint(DB_SET.replace('spec:\n', 'spec:\n  # stslint-disable service-missing\n'));
    expect(reported).toEqual(['6:3 unused-disable', '7:16 service-missing', '18:21 volume-mount-unresolved']);
    expect(messages[0]).toMatchObject({ level: 'warning', messageId: 'misplaced', endLine: 6, endColumn: 36 });
    expect(messages[0]!.message).toContain('only works at the top of a document, before its first key');
  });
});

describe('stslint.io/ignore annotation', () => {
  const annotated = (value: string) => DB_SET.replace('  name: db\n', `  name: db\n  annotations:\n    stslint.io/ignore: "${value}"\n`);

  it('suppresses the listed rules (or all) on its resource, with the justification after --', () => {
    expect(lint(annotated('service-missing, volume-mount-unresolved -- owned by the platform team')).suppressed).toEqual([
      { at: '8:16 service-missing', suppressions: [{ kind: 'annotation', justification: 'owned by the platform team' }] },
      { at: '19:21 volume-mount-unresolved', suppressions: [{ kind: 'annotation', justification: 'owned by the platform team' }] },
    ]);
    expect(lint(annotated('all')).reported).toEqual([]);
  });

  it('does not reach other resources', () => {
    const text = `${annotated('all')}---\n${DB_SET.replace('name: db\n', 'name: other\n')}`;
    expect(lint(text).reported).toEqual(['27:16 service-missing', '38:21 volume-mount-unresolved']);
  });

  it('records every suppression that applies', () => {
    const both = `# stslint-disable service-missing -- a\n${annotated('service-missing -- b')}`;
    expect(lint(both).suppressed[0]!.suppressions).toEqual([
      { kind: 'directive', justification: 'a' },
      { kind: 'annotation', justification: 'b' },
    ]);
  });
});

describe('unused and unknown suppressions', () => {
  it('always warns about rule ids that do not exist, with a suggestion', () => {
    const { messages } = lint(DB_SET.replace('  serviceName:', '  # stslint-disable-next-line service-mising\n  serviceName:'));
    const warning = messages.find((m) => m.ruleId === 'unused-disable')!;
    expect(warning).toMatchObject({ level: 'warning', messageId: 'unknownRule', line: 6, column: 3 });
    expect(warning.message).toContain('names rule `service-mising`, which does not exist (did you mean `service-missing`?)');
  });

  it('with reportUnusedDisables, warns about suppressions that suppress nothing', () => {
    const text = `# stslint-disable claim-template-unmounted\n${NEXT_LINE.replace('  name: db\n', '  name: db\n  annotations: {stslint.io/ignore: "volume-mount-unresolved, selector-mismatch"}\n')}`;
    expect(lint(text).messages.filter((m) => m.ruleId === 'unused-disable')).toEqual([]);
    const unused = lint(text, { reportUnusedDisables: true }).messages.filter((m) => m.ruleId === 'unused-disable');
    expect(unused.map((m) => [m.line, m.column, m.message])).toEqual([
      [1, 1, '`# stslint-disable claim-template-unmounted` suppresses nothing: there is no `claim-template-unmounted` finding in this document. Remove it.'],
      [
        6,
        36,
        'annotation `stslint.io/ignore: "volume-mount-unresolved, selector-mismatch"` suppresses nothing: there is no `selector-mismatch` finding on StatefulSet `db` in namespace `default`. Remove `selector-mismatch` from it.',
      ],
      [
        8,
        3,
        '`# stslint-disable-next-line service-missing, dns-name-invalid` suppresses nothing: there is no `dns-name-invalid` finding on line 9. Remove `dns-name-invalid` from it.',
      ],
    ]);
  });

  it('does not call a suppression unused when its rule is off', () => {
    const text = `# stslint-disable claim-template-unmounted\n${DB_SET}`;
    expect(lint(text, { reportUnusedDisables: true, rules: { 'claim-template-unmounted': 'off' } }).reported).not.toContain('1:1 unused-disable');
  });

  it('cannot suppress parse errors', () => {
    const { reported } = lint('# stslint-disable\napiVersion: v1\nkind: Service\nmetadata: {name: [\n');
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatch(/ null$/);
  });
});

describe('parseSpec', () => {
  it('splits rule ids on commas and spaces, and the justification on ` -- `', () => {
    expect(parseSpec(' a, b  c -- because -- really ')).toEqual({ ruleIds: ['a', 'b', 'c'], justification: 'because -- really' });
    expect(parseSpec('a-b')).toEqual({ ruleIds: ['a-b'], justification: '' });
    expect(parseSpec('-- only a reason')).toEqual({ ruleIds: [], justification: 'only a reason' });
  });
});

describe('docs/rules/unused-disable.md', () => {
  const page = readFileSync(path.join(ROOT, 'docs/rules/unused-disable.md'), 'utf8');
  const example = (section: string) => new RegExp(`## ${section}\\n[\\s\\S]*?\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(page)![1]!;
  const ids = (text: string) => lintSources([{ path: '/docs/example.yaml', text }], { reportUnusedDisables: true }).results[0]!.messages.map((m) => m.ruleId);

  it('describes the id as rulesMeta does, and its examples do what they say', () => {
    expect(page.split('\n')[2]).toBe(SUPPRESSION_RULES_META['unused-disable']!.docs.description);
    expect(ids(example('Incorrect'))).toEqual(['unused-disable', 'unused-disable']);
    expect(ids(example('Correct'))).toEqual([]);
  });
});
