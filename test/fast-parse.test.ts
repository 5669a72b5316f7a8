// The fast YAML reader (src/yaml/fast-parse.ts) must give exactly the values `yaml` gives with
// the options of parse.ts, or give up. Compared document by document (count, values, key order,
// -0, Dates) over the fixtures, the shared corpus (when present), generated YAML and mutated
// corpus files; and a whole lint run must not change with the reader.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { fastParse, resolvePlain, type GiveUpHint } from '../src/yaml/fast-parse.js';
import { indentQuotedContinuations } from '../src/yaml/lenient.js';
import { lintSources } from '../src/engine/lint.js';
import { parseSource } from '../src/yaml/parse.js';
import { createSourceFile } from '../src/yaml/source.js';
import { propertyParameters } from './support/property.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CORPUS = path.resolve(ROOT, '../shared/corpus');
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

function manifestFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => /\.(ya?ml|json)$/.test(f) && statSync(f).isFile() && statSync(f).size < 3_000_000);
}

const FILES = [...manifestFiles(path.join(ROOT, 'fixtures')), ...manifestFiles(CORPUS)];
const SEEDS = FILES.map((f) => readFileSync(f, 'utf8').replace(/^\uFEFF/, ''));

/** A value written out with its types and key order, so that `1` and `"1"`, `-0` and `0`, `{a,b}` and `{b,a}` differ. */
function canonical(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Object.is(value, -0) ? 'n:-0' : `n:${value}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    if (Object.getPrototypeOf(value) !== Object.prototype) return `?${Object.prototype.toString.call(value)}`;
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`)
      .join(',')}}`;
  }
  return `?${typeof value}`;
}

/** What parse.ts gets from `yaml`: per document its value, or its first error. */
function viaYaml(text: string): string[] {
  const docs = parseAllDocuments(text, { prettyErrors: false, version: '1.1', uniqueKeys: true, merge: true });
  if ('empty' in docs) return [];
  return docs.map((d) => {
    if (d.errors.length > 0) return `error:${d.errors[0]!.code}`;
    if (d.contents === null) return 'null';
    try {
      return canonical(d.toJS({ maxAliasCount: 100 }));
    } catch (error) {
      return `error:${(error as Error).name}`; // an unresolved alias, an alias bomb
    }
  });
}

/** What parseSource gives, as data (manifests with their texts, docs and column shifts; findings). */
function parsedAsData(text: string): unknown {
  const result = parseSource(createSourceFile('/t.yaml', text));
  return {
    manifests: result.manifests.map((m) => [canonical(m.obj), m.docIndex, m.basePath, m.file.text, [...(m.file.columnShifts ?? [])], m.file.lineOffset]),
    findings: result.findings,
    skipped: result.skippedDocuments,
  };
}

/** parseSource with the fast reader and with `yaml` alone agree on `text`. */
function sameWithBothReaders(text: string): void {
  const fast = parsedAsData(text);
  process.env.STSLINT_YAML_READER = 'yaml';
  let slow: unknown;
  try {
    slow = parsedAsData(text);
  } finally {
    delete process.env.STSLINT_YAML_READER;
  }
  expect(fast, JSON.stringify(text)).toEqual(slow);
}

/** Fast reading, checked against `yaml`: true when the fast reader answered. */
function agrees(text: string): boolean {
  const fast = fastParse(text);
  if (!fast) return false;
  expect(fast.map(canonical), JSON.stringify(text).slice(0, 2000)).toEqual(viaYaml(text));
  return true;
}

describe('fast YAML reader', () => {
  it('reads YAML 1.1 scalars as `yaml` does', () => {
    const cases: [string, unknown][] = [
      ['yes', true],
      ['On', true],
      ['y', true],
      ['NO', false],
      ['off', false],
      ['~', null],
      ['Null', null],
      ['0644', 420],
      ['0o17', '0o17'],
      ['0x1F', 31],
      ['0b101', 5],
      ['1_000', 1000],
      ['1:20', 80],
      ['1e3', 1000],
      ['.5', 0.5],
      ['-.inf', -Infinity],
      ['1.10', 1.1],
      ['12:30', 750],
      ['500m', '500m'],
      ['apps/v1', 'apps/v1'],
      ['-', '-'],
    ];
    for (const [source, value] of cases) expect(resolvePlain(source), source).toEqual(value);
    expect(resolvePlain('2024-05-01')).toEqual(new Date('2024-05-01T00:00:00Z'));
  });

  it('reads the common shapes and agrees with `yaml` on them', () => {
    const texts = [
      'a: 1\nb:\n  - x\n  - {c: d, e: [1, "2", \'3\']}\nf: |\n  line\n   more\n\ng: >-\n  folded\n  text\n',
      'list:\n- a\n- b: 1\n  c: 2\nafter: true\n',
      '# c\n---\na: 1\n---\n---\nb: plain\n  continued\n\n  again\n',
      '{"apiVersion": "v1", "kind": "List", "items": [\n  {"a": 1.5e3, "b": null, "c": "\\u00e9\\t"}\n]}\n',
      "a: \"x\" # comment\r\nb: 'it''s'\r\n",
      '__proto__: 1\nconstructor: 2\n',
    ];
    for (const text of texts) expect(agrees(text), text).toBe(true);
  });

  it('leaves to `yaml` what it cannot be sure of: aliases, tags, merge keys, repeated keys, directives, tabs', () => {
    const texts = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'base: {x: 1}\nm:\n  <<: {y: 2}\n',
      'a: 1\na: 2\n',
      '"1": a\n1: b\n',
      'yes: 1\ntrue: 2\n',
      '%YAML 1.1\n---\na: 1\n',
      'a:\n\t- b\n',
      'a: 1\n...\n',
      '? complex\n: key\n',
      'a: b: c\n',
      `${'k'.repeat(1100)}: 1\n`,
      // Keys in flow maps that start with an indicator: an alias (a seed that once made the fast
      // reader accept what `yaml` rejects), an anchor, a tag.
      '{\n*a  "apiVersion": apps/v1, "kind": StatefulSet}\n',
      '{a: b, *c: d}\n',
      '{&a x: 1}\n',
      '{!t x: 1}\n',
    ];
    for (const text of texts) expect(fastParse(text), text).toBeUndefined();
  });

  it('scans lines, keys, plain and quoted scalars by regular expression exactly as `yaml` reads them', () => {
    // Edges of the sticky scans in fast-parse.ts (blank and comment lines, tabs, `#` and `:`
    // inside plain scalars and keys, `''` and `\"` at the close of quoted scalars). Each text is
    // either read with `yaml`'s values or left to `yaml`; `read` ones must be read.
    const read = [
      "a: 'it''s'' x'\nb: 'x'''\n",
      'a: "x\\\\"\nb: "\\"q\\""\n',
      'a: b#c\nb: b #c\nc: b:c\nk#x: 1\nk:x: 2\n',
      'a: 1\n  \t\n\t# c\n \t # c2\n#\nb: 2\n',
      'a: 1\n  # a last comment without a line break',
      'a: 1\n \t',
      'a:\n  plain\n  more\n\n\n  and more\nb: x\n',
      'a:',
      '- a\n-\n- "b" # c\n- \'c\'\n',
      'a: x   \nb:   y  # c\n',
    ];
    for (const text of read) expect(agrees(text), text).toBe(true);
    const either = [
      "a: 'x''\n",
      'a: "x\\"\n',
      'a: "x\\',
      "a: 'x''",
      'a: b:\tc\n',
      'a:\tb\n',
      'a: b\t\n',
      'k #x: 1\n',
      'a: 1\n\tb: 2\n',
      'a: x\n  y\t\n',
      'a: x\n  y: z\n',
      'a: x\n  y #c\n  z\n',
      'a:\n  plain\n  more # comment\nb: x\n',
      'a',
      'a: b: c',
      'a: b:',
    ];
    for (const text of either) agrees(text);
  });

  it('folds block scalars with more-indented lines as `yaml` does', () => {
    const texts = [
      'a: >\n  x\n    more\n  y\n\n    m2\n\n\n  z\n',
      'a: >-\n  x\n\n    code\n    code2\n\n  y\n  z\n',
      'a: >+\n  x\n   one\n  \n   two\n  y\n\n',
      '- >\n  text\n      deep\n   less deep\n  text\n',
    ];
    for (const text of texts) expect(agrees(text), text).toBe(true);
    // Every mix of text, more-indented and blank lines, under each chomping, at two depths.
    let fast = 0;
    const line = fc.constantFrom('', 'x', 'y z', ' more', '  deeper', '   ', ' ', '\tt', 'a  ', '# c');
    const doc = fc
      .tuple(fc.array(line, { minLength: 1, maxLength: 8 }), fc.constantFrom('', '-', '+'), fc.constantFrom('a: ', '- ', 'k:\n  b: '))
      .map(([lines, chomp, head]) => {
        const indent = head.startsWith('k:') ? '    ' : '  ';
        return `${head}>${chomp}\n${lines.map((l) => (l === '' ? '' : indent + l)).join('\n')}\nnext: 1\n`.replace(/^- (.*)\nnext: 1\n$/s, '- $1\n');
      });
    fc.assert(
      fc.property(doc, (text) => {
        if (agrees(text)) fast++;
      }),
      propertyParameters(RUNS),
    );
    expect(fast).toBeGreaterThan(RUNS / 10);
  });

  it('repairs a quoted scalar cut by an under-indented line where `yaml` reports it, without `yaml`', () => {
    // go-yaml accepts continuation lines at or left of the key (PetSet-era annotations); parse.ts
    // repairs them (lenient.ts) from `yaml`'s error, or from the fast reader's hint of where that
    // error is. Both must give the same manifests, texts, column shifts and findings; counted:
    // the texts the hint repaired and the fast reader then read.
    let repairedFast = 0;
    const line = fc.constantFrom('{', '}', '"name": "x",', '"args": ["a", "b"]', '', '  ', ']', '"k": \'v\'', '# c', '\\"q\\"');
    const doc = fc
      .tuple(
        fc.array(fc.tuple(line, fc.nat(12)), { minLength: 1, maxLength: 8 }),
        fc.nat(12),
        fc.constantFrom("'", '"'),
        fc.constantFrom('    ann: ', '    - ann: ', '    ann:\n      '),
        fc.boolean(),
      )
      .map(([lines, closeIndent, quote, head, second]) => {
        const body = lines.map(([l, n]) => (l === '' ? '' : ' '.repeat(n) + (quote === '"' ? l.replace(/"/g, '\\"') : l.replace(/'/g, "''")))).join('\n');
        const scalar = `${quote}[\n${body}\n${' '.repeat(closeIndent)}]${quote}`;
        const list = head.includes('-');
        const annotations = `${head}${scalar}\n${list ? '      other: 1\n' : '    other: "y"\n'}`;
        const extra = second ? `${list ? '    - ann2: ' : '    ann2: '}'[\n  x\n  ]'\n` : '';
        return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  ${list ? 'labels' : 'annotations'}:\n${annotations}${extra}spec: {}\n---\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: c}\n`;
      });
    fc.assert(
      fc.property(doc, (text) => {
        sameWithBothReaders(text);
        const hint: GiveUpHint = {};
        if (fastParse(text, hint) || hint.quoteCut === undefined) return;
        const repaired = indentQuotedContinuations(text, hint.quoteCut);
        if (repaired && fastParse(repaired.text)) repairedFast++;
      }),
      propertyParameters(RUNS),
    );
    expect(repairedFast).toBeGreaterThan(RUNS / 20);
    for (const file of FILES.filter((f) => /pet/i.test(f))) sameWithBothReaders(readFileSync(file, 'utf8'));
  });

  it('reads text with `{{` fast where it is valid YAML, and leaves template actions to `yaml`, with the same results', () => {
    const lines = fc.constantFrom(
      '  summary: Instance {{ $labels.instance }} down',
      '  q: "{{ .Values.x }}"',
      "  s: '{{ x }}'",
      '  t: |\n    {{ define "x" }}{{ end }}\n    {{- if .a }}',
      '  name: {{ include "x" . }}',
      '{{- if .Values.enabled }}',
      '  f: [a, "{{ b }}"]',
      '  g: {{ .Values.g }}',
      '  h: {a: "{{"}',
      '# {{ comment }}',
      '  k: {{',
    );
    const doc = fc.array(lines, { minLength: 1, maxLength: 4 }).map((ls) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${ls.join('\n')}\n`);
    let fast = 0;
    fc.assert(
      fc.property(doc, (text) => {
        sameWithBothReaders(text);
        if (fastParse(text)) fast++;
      }),
      propertyParameters(RUNS),
    );
    expect(fast).toBeGreaterThan(0);
  });

  it('leaves to `yaml` flow scalars that start with an indicator, keys included (found by the random search)', () => {
    const texts = [
      '{\n*a  "apiVersion": "apps/v1", "kind": "StatefulSet"}\n',
      '{*a : 1}\n',
      '{&a x: 1}\n',
      '{!t x: 1}\n',
      '{|: [  ] }\n',
      '{>x: 1}\n',
      '{`x: 1}\n',
      '{@x: 1}\n',
      '{%x: 1}\n',
      '{?: \n  <<,\n` : [ -x],}\n',
      '{\n . : -1a#b,\n!t1:2:: \n  [\n  ],}\n',
      '[\n -]\n',
      '[a, -]\n',
      '{a: -}\n',
      'k: [-, b]\n',
    ];
    for (const text of texts) {
      if (viaYaml(text).some((v) => v.startsWith('error:'))) expect(fastParse(text), text).toBeUndefined();
      else agrees(text);
    }
  });

  it('a flow map whose key is an alias is a parse error, as `yaml` has it, not an object without an apiVersion', () => {
    const run = lintSources([{ path: '/alias.yaml', text: '{\n*a  "apiVersion": apps/v1, "kind": StatefulSet}\n' }]);
    expect(run.findings.filter((f) => f.fatal).map((f) => f.message)).toEqual(['Parsing error: Missing , or : between flow map items']);
    expect(run.findings.map((f) => f.message).join('\n')).not.toMatch(/has no `apiVersion`/);
  });

  it(`agrees with \`yaml\` on every fixture and corpus file (${FILES.length} files)`, () => {
    let fast = 0;
    for (const text of SEEDS) if (agrees(text)) fast++;
    // Nearly everything real is read fast; the rest (multi-line quoted annotations…) falls back.
    expect(fast).toBeGreaterThan(FILES.length * 0.9);
  });

  it('reads quoted scalars written over several lines as `yaml` folds them', () => {
    const texts = [
      "a:\n  description: 'one\n    two  \n\n     three''s\n\n\n    four '\nb: 1\n",
      'a: "one \\\n    two\\\n\n  three\\t \n  \\"four\\"   \n  \\x41\\u00e9\\ "\n',
      '- \'item\n  more\'\n- key: "x\n    y" # c\n  next: 1\n',
      "k:\n  'below\n   the key'\n",
      'k: "  spaces   \n   \n   kept inside  "\n',
    ];
    for (const text of texts) expect(agrees(text), text).toBe(true);
    const left = [
      "a: 'not\nindented'\n", // a continuation at the key's column: an error for `yaml`
      "'a root\n scalar'\n",
      "a: 'never\n  closed\n",
      'a: "tab\n\tinside"\n',
      'a: "bad \\q\n  escape"\n',
      "a:\n  b: 'x\n  y'\n",
      "'multi\n  line': key\n",
    ];
    for (const text of left) expect(fastParse(text), text).toBeUndefined();
  });

  it('agrees with `yaml` on quoted scalars over several lines at every depth', () => {
    let fast = 0;
    const doc = fc
      .tuple(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), quotedLines, fc.nat(3)), { minLength: 1, maxLength: 3 }), fc.boolean())
      .map(([entries, inList]) => {
        const out: string[] = [];
        render({ t: inList ? 'seq' : 'map', ...(inList ? { items: entries.map(([, q, step]) => [q, step]) } : { entries }) } as Node, 0, out, 'top:');
        return `${out.join('\n')}\n`;
      });
    fc.assert(
      fc.property(doc, (text) => {
        if (agrees(text)) fast++;
      }),
      propertyParameters(RUNS),
    );
    expect(fast).toBeGreaterThan(RUNS / 10);
  });

  it('agrees with `yaml` on generated YAML', () => {
    let fast = 0;
    fc.assert(
      fc.property(generatedYaml, (text) => {
        if (agrees(text)) fast++;
      }),
      propertyParameters(RUNS),
    );
    expect(fast).toBeGreaterThan(RUNS / 10);
  });

  it.skipIf(SEEDS.length === 0)('agrees with `yaml` on mutated corpus files', () => {
    fc.assert(
      fc.property(mutatedSeed, (text) => {
        agrees(text);
      }),
      propertyParameters(RUNS),
    );
  });

  it('gives the same lint results as the `yaml` reader on the fixtures and the corpus', () => {
    const inputs = FILES.map((f, i) => ({ path: f, text: SEEDS[i]! }));
    const fast = lintSources(inputs, { preset: 'all' });
    process.env.STSLINT_YAML_READER = 'yaml';
    try {
      const slow = lintSources(inputs, { preset: 'all' });
      expect(fast.results).toEqual(slow.results);
      expect(fast.stats).toEqual(slow.stats);
    } finally {
      delete process.env.STSLINT_YAML_READER;
    }
  });
});

// ---------- generators ----------

const SCALARS = [
  'a',
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'n',
  '~',
  'null',
  'true',
  'False',
  '0644',
  '0',
  '-0',
  '+1',
  '1_000',
  '0b101',
  '0x1F',
  '0o17',
  '1e3',
  '1.5e-2',
  '.5',
  '.inf',
  '-.Inf',
  '.nan',
  '1:20',
  '1:20:30.5',
  '2001-12-14',
  '2001-12-14t21:59:43.10-05:00',
  '12:30',
  '1.10',
  '1Gi',
  '500m',
  'a b',
  'a:b',
  'http://x:80/y',
  'a#b',
  '-a',
  '--flag',
  '-',
  '<<',
  '=',
  '.',
  '?a',
  ':a',
  'a,b',
  'a]b',
  '{{ x }}',
  '"q"',
  "'s'",
  '"a\\"b"',
  '"\\t\\u00e9\\x41\\U0001F600"',
  '"\\q"',
  "'it''s'",
  '""',
  "''",
  'é',
  '日本',
  '@x',
  '`x',
  '%x',
  '!x',
  '&a x',
  '*a',
  '!!str 1',
  '1 # c',
  'a  b',
  'a\tb',
  '|',
  '>',
  '[a, b]',
  '{a: 1}',
  '[]',
  '{}',
  '[a, [b, c], {d: e}]',
  '{"a":1,"b":[true,null]}',
  '{a: 1, a: 2}',
  '[a, , b]',
  '{a, b}',
  '[a: b]',
  '{a: b: c}',
  '{*a : 1}',
  '{*a "k": 1}',
  '{&a k: 1}',
  '{!t k: 1}',
  '{|: 1}',
  '{`k: 1}',
  '[-]',
  '[a, -]',
  '{a: -}',
];
const KEYS = ['a', 'b', 'name', 'yes', 'on', '1', '"1"', "'a'", '"a b"', '__proto__', 'toString', '<<', '? a', 'a b', 'x.y/z', '-k', 'null', '~', '010'];
const BLOCK_HEADERS = ['|', '|-', '|+', '>', '>-', '>+', '|2', '>1'];
const LINES = ['x', 'two words', '', '  more', '# not comment', 'tab\there', 'trailing  ', 'a: b', '- item', '---', '...'];

/** Lines of quoted scalars written over several lines: escapes, doubled quotes, spaces at either end, blanks, markers; rarer: tabs, bad escapes, stray quotes. */
const QUOTED_LINES = [
  'x',
  'two words',
  '',
  '   ',
  'trailing  ',
  '  lead',
  "it''s",
  '\\"q\\"',
  '\\t\\x41\\u00e9',
  'end\\',
  '\\ sp',
  '# hash',
  'a: b',
  '- item',
  '---',
  '...',
  'é 日本',
];
const RARE_QUOTED_LINES = ['\ttab', '\\q', '\\x4', '"', "'"];
const quotedLine = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...QUOTED_LINES) }, { weight: 1, arbitrary: fc.constantFrom(...RARE_QUOTED_LINES) });

type Node =
  | { t: 'scalar'; s: string }
  | { t: 'quoted'; quote: string; first: string; lines: [string, number][] }
  | { t: 'plain'; s: string; lines: string[] }
  | { t: 'block'; header: string; lines: string[]; indent: number; tail: string }
  | { t: 'map'; entries: [string, Node, number][] }
  | { t: 'seq'; items: [Node, number][] };

/** A quoted scalar over 2-5 lines; each line after the first indented -1…+2 columns from the node's own column (at or left of the parent's: an error for `yaml`). */
const quotedLines: fc.Arbitrary<Node> = fc
  .tuple(
    fc.constantFrom('"', "'"),
    quotedLine,
    fc.array(fc.tuple(quotedLine, fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 1, arbitrary: fc.constant(-1) })), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([quote, first, lines]): Node => ({ t: 'quoted', quote, first, lines }));

function node(depth: number): fc.Arbitrary<Node> {
  const scalar = fc.constantFrom(...SCALARS).map((s): Node => ({ t: 'scalar', s }));
  if (depth <= 0) return scalar;
  return fc.oneof(
    { weight: 3, arbitrary: scalar },
    {
      weight: 2,
      arbitrary: fc.array(fc.tuple(fc.constantFrom(...KEYS), node(depth - 1), fc.nat(4)), { maxLength: 4 }).map((entries): Node => ({ t: 'map', entries })),
    },
    { weight: 2, arbitrary: fc.array(fc.tuple(node(depth - 1), fc.nat(3)), { maxLength: 4 }).map((items): Node => ({ t: 'seq', items })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...BLOCK_HEADERS),
          fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 6 })), { maxLength: 5 }),
          fc.integer({ min: 1, max: 3 }),
          fc.constantFrom('', '\n', '\n\n', '\n  \n'),
        )
        .map(([header, lines, indent, tail]): Node => ({ t: 'block', header, lines, indent, tail })),
    },
    { weight: 1, arbitrary: quotedLines },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...SCALARS), fc.array(fc.constantFrom('cont', 'more words', '', 'x: y', '# c', '- z'), { minLength: 1, maxLength: 3 }))
        .map(([s, lines]): Node => ({ t: 'plain', s, lines })),
    },
  );
}

function render(n: Node, indent: number, out: string[], prefix: string): void {
  const pad = ' '.repeat(indent);
  const lead = prefix ? `${prefix} ` : '';
  switch (n.t) {
    case 'scalar':
      out.push(`${lead}${n.s}`);
      return;
    case 'quoted': {
      out.push(`${lead}${n.quote}${n.first}`);
      n.lines.forEach(([l, shift], i) => {
        const line = `${l}${i === n.lines.length - 1 ? n.quote : ''}`;
        out.push(line === '' ? '' : `${' '.repeat(Math.max(0, indent + shift))}${line}`);
      });
      return;
    }
    case 'plain':
      out.push(`${lead}${n.s}`);
      for (const l of n.lines) out.push(l ? `${pad}  ${l}` : '');
      return;
    case 'block':
      out.push(`${lead}${n.header}`);
      for (const l of n.lines) out.push(l === '' ? '' : `${pad}${' '.repeat(n.indent)}${l}`);
      if (n.tail) out.push(...n.tail.split('\n').slice(1));
      return;
    case 'map':
      if (n.entries.length === 0) return void out.push(`${lead}{}`);
      if (prefix) out.push(prefix);
      for (const [k, v, step] of n.entries) render(v, indent + Math.max(1, step), out, `${pad}${' '.repeat(prefix ? Math.max(1, step) : 0)}${k}:`);
      return;
    case 'seq':
      if (n.items.length === 0) return void out.push(`${lead}[]`);
      if (prefix) out.push(prefix);
      for (const [v, step] of n.items) render(v, indent + 2, out, `${pad}${prefix ? ' '.repeat(step % 3) : ''}-`);
  }
}

const generatedYaml = fc
  .tuple(
    node(3),
    fc.constantFrom('', '---\n', '# c\n', '--- # c\n', '%YAML 1.1\n---\n'),
    fc.constantFrom('', '\n', '\n---\n', '\n...\n', '\n# end\n'),
    fc.boolean(),
  )
  .map(([n, head, tail, crlf]) => {
    const out: string[] = [];
    render(n, 0, out, '');
    const text = head + out.join('\n') + tail;
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });

const EDITS = [...SCALARS, ' ', '\t', ':', '#', '- ', '"', "'", '|', '{', '}', '[', ']', ',', '\n', '  '];

const mutatedSeed = fc
  .tuple(
    fc.nat(Math.max(0, SEEDS.length - 1)),
    fc.array(fc.tuple(fc.constantFrom('delete', 'duplicate', 'swap', 'insert', 'indent', 'dedent', 'retype'), fc.nat(), fc.nat(), fc.constantFrom(...EDITS)), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([seed, edits]) => {
    const lines = (SEEDS[seed] ?? '').split('\n');
    for (const [kind, a, b, text] of edits) {
      const i = a % Math.max(1, lines.length);
      const line = lines[i] ?? '';
      if (kind === 'delete') lines.splice(i, 1);
      else if (kind === 'duplicate') lines.splice(i, 0, line);
      else if (kind === 'swap') {
        const j = b % Math.max(1, lines.length);
        [lines[i], lines[j]] = [lines[j] ?? '', line];
      } else if (kind === 'insert') lines[i] = line.slice(0, b % (line.length + 1)) + text + line.slice(b % (line.length + 1));
      else if (kind === 'indent') lines[i] = ' '.repeat(1 + (b % 3)) + line;
      else if (kind === 'dedent') lines[i] = line.replace(/^ {1,2}/, '');
      else lines[i] = line.replace(/:\s.*$/, `: ${text}`);
    }
    return lines.join('\n');
  });
