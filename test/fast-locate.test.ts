// The line reader (src/yaml/fast-locate.ts) must give exactly the positions of the YAML parser
// wherever it answers. Checked on every path of every manifest in the fixtures and the corpus.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locate, locateByLines } from '../src/yaml/locate.js';
import { processText } from '../src/input/pipeline.js';
import type { Path } from '../src/shared/finding.js';
import type { Manifest } from '../src/yaml/manifest.js';

const ROOT = path.resolve(import.meta.dirname, '..');

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => /\.(ya?ml|json)$/.test(f) && statSync(f).isFile());
}

function paths(value: unknown, prefix: (string | number)[] = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

const SOURCES = [...files(path.join(ROOT, 'fixtures')), ...files(path.resolve(ROOT, '../shared/corpus'))];

describe('fast locating by lines', () => {
  it('agrees with the parser on every path it answers, and answers most of them', { timeout: 240_000 }, () => {
    let asked = 0;
    let answered = 0;
    for (const file of SOURCES) {
      const outcome = processText(file, readFileSync(file, 'utf8'));
      for (const manifest of outcome.manifests) {
        const exact = { file: manifest.file, doc: manifest.doc, basePath: manifest.basePath };
        const candidates = paths(manifest.obj).slice(0, 400);
        for (const p of [...candidates, ['spec', 'nothing-here', 'x'], ['nothing'], ...candidates.slice(0, 20).map((c) => [...c, 'missing'])]) {
          for (const on of [undefined, 'key', 'value'] as const) {
            asked++;
            const quick = locateByLines(manifest, p, on);
            if (!quick) continue;
            answered++;
            expect(quick, `${path.relative(ROOT, file)} ${JSON.stringify(p)} ${on}`).toEqual(locate(exact, p, on));
          }
        }
      }
    }
    console.log(`fast locator answered ${answered} of ${asked}`);
    expect(asked).toBeGreaterThan(1000);
    expect(answered / asked).toBeGreaterThan(0.9);
  });
});

/** Block scalars whose text looks like YAML syntax, comments, and real anchors and tags beside them. */
const PIECES = [
  'script: |\n  [[ -d /var/lib ]] && exit 0\n  echo *.svc !x &a\n',
  'script: |-\n    a\n\n    &anchor-looking text\n    # not a comment\n',
  'folded: >\n  one *two\n  three\n',
  'indicator: |2\n    &x\n   still text\n',
  'keep: |+\n  text\t with a tab\n\n',
  '# a comment with *.wildcard and &&\n',
  'list:\n- |\n  &&\n  *\n- plain\n- key: |\n    !tag-like\n  other: &real value\n',
  'list:\n  - key: >\n      folded &&\n    sibling: 1\n  - name: x\n',
  '-dash: |\n  text &x\n',
  'anchor: &a value\nalias: *a\n',
  'tagged: !!str 1\n',
  'tab:\t1\n',
  'nested:\n  deeper: |\n    text\n  next: 2\n',
  'empty: |\nafter: 1\n',
  'comment: value # trailing *comment\n',
  // Where a block scalar ends (its range, to the parser): trailing blank lines with more or
  // fewer spaces than its text, kept or stripped, blank lines before its text, list items.
  'trail: |\n  x\n\n   \n  \n\n',
  'kept: |+\n  x\n\n  \n',
  'strip: >-\n  a\n  b\n\n',
  'lead: |\n\n   \n  x\n',
  'items:\n- >\n  a\n\n- |-\n  b\n  # not a comment\n-   |\n    c\n   \n',
  'commented: | # header comment\n  x\n# a real comment\n',
  'spaced: |\n  x\n      \n  y\n',
  // Quoted scalars over several lines: the range ends after the closing quote.
  'quoted: "one \\\n  two \\" three"  # c\n',
  "single: 'a\n  b''c\n\n  d'\n",
  'qlist:\n- "x\n  y"\n- z\n- \'p\n  # q\'\n- "\\\\"\n',
];

function generated(seed: number): string {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const parts = ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n'];
  for (let i = 0; i < 2 + next(4); i++) {
    // Keys made unique per piece (`script3:`), at the piece's top level.
    const piece = PIECES[next(PIECES.length)]!.replace(/^([-\w]+):/gm, `$1${i}:`);
    // At the top level or one map down.
    parts.push(next(2) === 0 ? piece : `m${i}:\n${piece.replace(/^(?=.)/gm, '  ')}`);
  }
  return parts.join('');
}

/** Every path of each manifest (and `extra` ones) located by lines and by the parser, anchored every way: [asked, answered]. */
function compareOnEveryPath(text: string, manifests: readonly Manifest[], extra: Path[]): [number, number] {
  let asked = 0;
  let answered = 0;
  for (const manifest of manifests) {
    const exact = { file: manifest.file, doc: manifest.doc, basePath: manifest.basePath };
    for (const p of [...paths(manifest.obj), ...extra]) {
      for (const on of [undefined, 'key', 'value'] as const) {
        asked++;
        const quick = locateByLines(manifest, p, on);
        if (!quick) continue;
        answered++;
        expect(quick, `${JSON.stringify(text)} ${JSON.stringify(p)} ${on}`).toEqual(locate(exact, p, on));
      }
    }
  }
  return [asked, answered];
}

describe('fast locating by lines, generated documents', () => {
  it('agrees with the parser on block scalars whose text looks like anchors, aliases, tags and tabs, and answers through them', () => {
    let asked = 0;
    let answered = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const text = generated(seed);
      const [a, b] = compareOnEveryPath(text, processText(`/gen/${seed}.yaml`, text).manifests, [
        ['data', 'missing'],
        ['metadata', 'name', 'x'],
      ]);
      asked += a;
      answered += b;
    }
    console.log(`fast locator answered ${answered} of ${asked} (generated)`);
    expect(asked).toBeGreaterThan(5000);
    // Documents without a real anchor, alias, tag or tab are read by lines, block scalars and all.
    expect(answered / asked).toBeGreaterThan(0.2);
  });
});

describe('fast locating in JSON documents', () => {
  it('agrees with the parser on every path of generated JSON manifests, pretty and compact', () => {
    let asked = 0;
    let answered = 0;
    let state = 7;
    const next = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    const scalar = () => ['"x"', '"a \\" b"', '"\\u00e9"', '1', '-2.5e3', 'true', 'false', 'null', '""', '0'][next(10)]!;
    const value = (depth: number): unknown => {
      const pick = depth > 3 ? 0 : next(4);
      if (pick === 0) return JSON.parse(scalar());
      if (pick === 1) return Array.from({ length: next(4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: next(4) }, (_, i) => [`${['k', 'name', 'a-b', 'x.y/z'][next(4)]!}${i}`, value(depth + 1)]));
    };
    for (let seed = 0; seed < 300; seed++) {
      const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${seed}`, labels: value(2) }, data: value(1) };
      const list = { apiVersion: 'v1', kind: 'List', items: [object, { ...object, metadata: { name: 'second' } }] };
      const text = JSON.stringify(seed % 3 === 0 ? list : object, null, [0, 2, 4, '\t'][seed % 4]) + (seed % 2 ? '\n' : '');
      const written = seed % 5 === 0 ? text.replace(/\n/g, '\r\n') : text;
      const [a, b] = compareOnEveryPath(written, processText(`/gen/${seed}.json`, written).manifests, [
        ['data', 'missing'],
        ['metadata', 'name', 'x'],
        ['nothing', 'here'],
      ]);
      asked += a;
      answered += b;
    }
    console.log(`fast locator answered ${answered} of ${asked} (generated JSON)`);
    expect(answered / asked).toBeGreaterThan(0.9);
  });
});
