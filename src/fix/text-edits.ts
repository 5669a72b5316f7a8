// Structural edits (set this path to this value, remove this entry) → text edits on the file as
// written. Each edit replaces only the characters of the nodes it changes, found through the
// ranges of the `yaml` library's parsed document (its CST positions), so comments, key order,
// quoting, flow style and the indentation of every untouched line stay as they were. New
// entries are written in the style of the map they join: block YAML at the indentation of its
// keys, flow YAML, or JSON at the indentation of its lines.

import { isMap, isScalar, isSeq, Scalar, stringify, type Node, type Pair, type YAMLMap } from 'yaml';
import type { FixEdit, Path } from '../shared/finding.js';
import type { Manifest } from '../yaml/manifest.js';
import { allComments, type Comment } from '../yaml/comments.js';
import type { SourceFile } from '../yaml/source.js';
import { fastTextEdits, type Layout } from './fast-edits.js';
import { indentedBlock, yamlString } from './yaml-text.js';

/** Replace the characters [start, end) of the manifest's file piece by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** How the file writes what an edit adds. */
interface Style {
  text: string;
  file: SourceFile;
  /** The file's comments, read by the lexer when an edit first needs them. */
  comments?: Comment[];
  json: boolean;
  eol: string;
  /** Spaces per nesting level of block maps (and of JSON). */
  step: number;
  /** Whether block sequences are indented below their key (`key:\n  - a`) or not (`key:\n- a`). */
  indentSeq: boolean;
}

type AnyPair = Pair;

/**
 * The text edits for a manifest's structural edits, or undefined when one of them has no clean
 * place. The common shapes are read from the document's lines (fast-edits.ts); the rest, and
 * every edit when STSLINT_FIX_READER=yaml (the tests compare both), through `yaml`.
 */
export function textEditsFor(manifest: Manifest, edits: readonly FixEdit[]): TextEdit[] | undefined {
  if (process.env.STSLINT_FIX_READER !== 'yaml') {
    const fast = fastTextEdits(manifest, edits, blockLayout(manifest.file.text));
    if (fast) return fast;
  }
  return yamlTextEdits(manifest, edits);
}

/** The layout of a block-YAML document of `text` (what fast-edits.ts needs of layoutOf). */
export function blockLayout(text: string): (docText: string) => Layout {
  return (docText) => ({ eol: lineEnding(text), ...layoutOf(docText, false) });
}

/** The text edits through the `yaml` document (every shape; the reference fast-edits.ts is tested against). */
export function yamlTextEdits(manifest: Manifest, edits: readonly FixEdit[]): TextEdit[] | undefined {
  const { file } = manifest;
  const doc = manifest.doc;
  const root = doc.contents as Node | null;
  if (!root) return undefined;
  const json = /\.json$/i.test(file.path) || (isMap(root) && root.flow === true && file.text.trimStart().startsWith('{'));
  const style: Style = { text: file.text, file, json, eol: lineEnding(file.text), ...layoutOf(file.text.slice(doc.range[0], doc.range[2]), json) };
  const out: TextEdit[] = [];
  for (const edit of edits) {
    let made: TextEdit | undefined;
    if (edit.op === 'replaceText') made = { start: edit.start, end: edit.end, text: edit.text };
    else if (edit.op === 'set') made = setValue(style, root, [...manifest.basePath, ...edit.path], edit.value, edit.after);
    else if (edit.op === 'addObject') made = json || manifest.basePath.length > 0 ? undefined : addDocument(style, doc.range[2], edit.value);
    else made = removeEntry(style, root, [...manifest.basePath, ...edit.path], manifest.basePath.length);
    if (!made) return undefined;
    out.push(made);
  }
  return out;
}

export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/**
 * The nesting step and sequence style the object's own document already uses (2 and kubectl's
 * unindented `- ` when it shows none): the document, not the file, so that a large file's
 * documents, parsed one at a time (src/yaml/prescan.ts), get the edits the whole file would.
 */
function layoutOf(text: string, json: boolean): { step: number; indentSeq: boolean } {
  const indents = new Set<number>();
  let indentSeq: boolean | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < 400; i++) {
    const line = lines[i]!;
    const indent = /^ */.exec(line)![0].length;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    indents.add(indent);
    if (indentSeq === undefined && !json && line.trimStart().startsWith('- ') && i > 0) {
      const above = lines[i - 1]!;
      if (/:\s*$/.test(above)) indentSeq = indent > /^ */.exec(above)![0].length;
    }
  }
  const sorted = [...indents].sort((a, b) => a - b);
  const steps = sorted.slice(1).map((n, i) => n - sorted[i]!);
  const step = steps.length > 0 ? Math.min(...steps) : 2;
  return { step: step >= 1 && step <= 8 ? step : 2, indentSeq: indentSeq ?? false };
}

function pairOf(map: YAMLMap, key: string): AnyPair | undefined {
  return (map.items as AnyPair[]).find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === key);
}

function keyStart(pair: AnyPair): number | undefined {
  return (pair.key as Node | null)?.range?.[0];
}

function valueEnd(pair: AnyPair): number | undefined {
  const value = pair.value as Node | null;
  return value?.range?.[1] ?? (pair.key as Node | null)?.range?.[1];
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset after the newline that ends an entry's last line (its value, and a comment after it). */
function entryEnd(text: string, pair: AnyPair): number | undefined {
  const end = valueEnd(pair);
  if (end === undefined) return undefined;
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline === -1 ? text.length : newline + 1;
}

/** Nests `value` under the keys of `rest` ({a: {b: value}} for [a, b]). */
function nest(rest: Path, value: unknown): unknown {
  return rest.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

function isCollectionValue(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

function setValue(style: Style, root: Node, path: Path, value: unknown, after: string | undefined): TextEdit | undefined {
  let node: Node = root;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (typeof segment === 'number') {
      const next = isSeq(node) ? (node.items[segment] as Node | undefined) : undefined;
      if (!next) return undefined;
      node = next;
      continue;
    }
    if (!isMap(node)) return undefined;
    const pair = pairOf(node, segment);
    const rest = path.slice(i + 1);
    if (!pair) {
      if (rest.some((s) => typeof s === 'number')) return undefined;
      return insertEntry(style, node, segment, nest(rest, value), rest.length === 0 ? after : undefined);
    }
    const current = pair.value as Node | null;
    const empty = !current || (isScalar(current) && current.value === null && current.range?.[0] === current.range?.[1]);
    if (rest.length === 0 || empty) return replaceValue(style, node, pair, nest(rest, value));
    node = current;
  }
  return undefined;
}

function replaceValue(style: Style, map: YAMLMap, pair: AnyPair, value: unknown): TextEdit | undefined {
  const { text } = style;
  const current = pair.value as Node | null;
  if (!current?.range) return undefined;
  const [start, end] = current.range;
  if (isScalar(current) && !isCollectionValue(value)) {
    return { start, end, text: `${start === end ? ' ' : ''}${scalarText(style, current, value)}` };
  }
  const flow = style.json || map.flow === true || (!isScalar(current) && (current as { flow?: boolean }).flow === true);
  const keyAt = keyStart(pair);
  if (keyAt === undefined) return undefined;
  const indent = indentOfLine(text, keyAt);
  if (flow) return { start, end, text: `${start === end ? ' ' : ''}${flowText(style, value, indent)}` };
  // A block value: the whole entry is written again at the column of its key.
  const from = lineStart(text, keyAt);
  const until = entryEnd(text, pair);
  if (until === undefined) return undefined;
  const column = ' '.repeat(keyAt - from);
  const atLineStart = text.slice(from, keyAt).trim() === '';
  const entry = blockEntry(style, String((pair.key as Scalar).value), value, column);
  if (!atLineStart) return { start: keyAt, end: until, text: entry.slice(column.length) };
  return { start: from, end: until, text: `${keptComments(style, from, until, column)}${entry}` };
}

function insertEntry(style: Style, map: YAMLMap, key: string, value: unknown, after: string | undefined): TextEdit | undefined {
  const { text } = style;
  const items = map.items as AnyPair[];
  const anchor = (after !== undefined ? pairOf(map, after) : undefined) ?? items[items.length - 1];
  if (map.flow || style.json) {
    if (!map.range) return undefined;
    if (!anchor) {
      const open = map.range[0];
      if (text[open] !== '{') return undefined;
      return { start: open + 1, end: open + 1, text: flowEntry(style, key, value, indentOfLine(text, open)) };
    }
    const at = valueEnd(anchor);
    const anchorKey = keyStart(anchor);
    if (at === undefined || anchorKey === undefined) return undefined;
    const from = lineStart(text, anchorKey);
    const ownLine = text.slice(from, anchorKey).trim() === '';
    const indent = ownLine ? text.slice(from, anchorKey) : indentOfLine(text, anchorKey);
    return {
      start: at,
      end: at,
      text: ownLine ? `,${style.eol}${indent}${flowEntry(style, key, value, indent)}` : `, ${flowEntry(style, key, value, indent)}`,
    };
  }
  if (!anchor) return undefined;
  const first = keyStart(items[0]!);
  const at = entryEnd(text, anchor);
  if (first === undefined || at === undefined) return undefined;
  const column = ' '.repeat(first - lineStart(text, first));
  const newline = at === text.length && !text.endsWith('\n') ? style.eol : '';
  return { start: at, end: at, text: `${newline}${blockEntry(style, key, value, column)}` };
}

function removeEntry(style: Style, root: Node, path: Path, basePathLength: number): TextEdit | undefined {
  const { text } = style;
  const key = path[path.length - 1];
  if (typeof key !== 'string') return undefined;
  let map: Node = root;
  for (const segment of path.slice(0, -1)) {
    const next: unknown = typeof segment === 'number' ? (isSeq(map) ? map.items[segment] : undefined) : isMap(map) ? pairOf(map, segment)?.value : undefined;
    if (!next || typeof next !== 'object') return undefined;
    map = next as Node;
  }
  if (!isMap(map)) return undefined;
  const items = map.items as AnyPair[];
  const pair = pairOf(map, key);
  if (!pair) return undefined;
  // The only entry: the map goes too (an empty `annotations:` would read as null).
  if (items.length === 1) {
    const parentKey = path[path.length - 2];
    return typeof parentKey === 'string' && path.length - 1 > basePathLength ? removeEntry(style, root, path.slice(0, -1), basePathLength) : undefined;
  }
  const index = items.indexOf(pair);
  const start = keyStart(pair);
  if (start === undefined) return undefined;
  const next = items[index + 1];
  if (map.flow || style.json) {
    if (next) {
      const nextStart = keyStart(next);
      return nextStart === undefined ? undefined : { start, end: nextStart, text: '' };
    }
    const previousEnd = valueEnd(items[index - 1]!);
    const end = valueEnd(pair);
    return previousEnd === undefined || end === undefined ? undefined : { start: previousEnd, end, text: '' };
  }
  const from = lineStart(text, start);
  const end = entryEnd(text, pair);
  if (end === undefined) return undefined;
  if (text.slice(from, start).trim() === '') return { start: from, end, text: keptComments(style, from, end, text.slice(from, start)) };
  // The first key of a sequence item (`- name: x`): the next key takes its place after the `- `.
  const nextStart = next && keyStart(next);
  return nextStart === undefined ? undefined : { start, end: nextStart, text: '' };
}

/** The comments in [from, to), each on a line of its own at `column`: an edit removes values, never what people wrote about them. */
function keptComments(style: Style, from: number, to: number, column: string): string {
  style.comments ??= allComments(style.file);
  return style.comments
    .filter((c) => c.start >= from && c.start < to)
    .map((c) => `${column}${c.text}${style.eol}`)
    .join('');
}

/** A new YAML document right after the one that ends at `end`, in the file's block style. */
function addDocument(style: Style, end: number, value: unknown): TextEdit {
  const before = end > 0 && style.text[end - 1] !== '\n' ? style.eol : '';
  const body = stringify(value, { version: '1.1', indent: style.step, indentSeq: style.indentSeq, lineWidth: 0 }).replace(/\n/g, style.eol);
  return { start: end, end, text: `${before}---${style.eol}${body}` };
}

function indentOfLine(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset)))![0];
}

/** A scalar's new text, in the quoting style of the one it replaces (JSON: always JSON). */
function scalarText(style: Style, node: Scalar, value: unknown): string {
  if (style.json) return JSON.stringify(value);
  if (typeof value !== 'string') return JSON.stringify(value);
  if (node.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (node.type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  return yamlString(value);
}

function flowText(style: Style, value: unknown, indent: string): string {
  if (style.json) return JSON.stringify(value, null, style.step).split('\n').join(`${style.eol}${indent}`);
  if (typeof value === 'string') return yamlString(value);
  return stringify(value, { version: '1.1', collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trim();
}

function flowEntry(style: Style, key: string, value: unknown, indent: string): string {
  return `${style.json ? JSON.stringify(key) : yamlString(key)}: ${flowText(style, value, indent)}`;
}

/** `key: value` as block YAML, every line at `column` (the value nested by the file's step). */
function blockEntry(style: Style, key: string, value: unknown, column: string): string {
  return indentedBlock(stringify({ [key]: value }, { version: '1.1', indent: style.step, indentSeq: style.indentSeq, lineWidth: 0 }), column, style.eol);
}
