// The text edits of text-edits.ts for the common shapes, read from the lines of the document
// (src/yaml/fast-locate.ts) instead of a `yaml` document: setting a one-line scalar that exists,
// adding an entry to a block map, removing an entry of one, adding a document. A run's fixes sit
// in a handful of small files, and building each one's `yaml` document cold (its code not yet
// compiled) cost more than all the rest of their work. Anything else — JSON, flow maps, block
// scalars, comments in what an edit removes, keys written in ways the line reader does not
// read for sure, values YAML would quote or nest unusually — returns undefined, and
// text-edits.ts takes the `yaml` path. test/fast-edits.test.ts checks that both give the same
// edits on every fixture and on generated documents.

import { stringify } from 'yaml';
import type { FixEdit, Path } from '../shared/finding.js';
import { documentSegments, FastDocument, type FastEntry, type FastMap } from '../yaml/fast-locate.js';
import type { Manifest } from '../yaml/manifest.js';
import type { SourceFile } from '../yaml/source.js';
import type { TextEdit } from './text-edits.js';
import { indentedBlock, yamlString } from './yaml-text.js';

/** What text-edits.ts computes from the document for every edit: the file's line break and layout. */
export interface Layout {
  eol: string;
  step: number;
  indentSeq: boolean;
}

interface FastStyle extends Layout {
  text: string;
  doc: FastDocument;
}

/** A YAML 1.1 plain scalar that reads back as the same string (and that `yaml` writes plain). */
const PLAIN_WORD = /^[A-Za-z_][-A-Za-z0-9_./]*$/;
const SPECIAL_WORD = /^(y|yes|n|no|true|false|on|off|null|~)$/i;

/** The string a key written as `written` reads as, when that is certain; undefined otherwise. */
function keyOf(written: string): string | undefined {
  const quote = written[0];
  if (quote === '"' || quote === "'") {
    const inner = written.slice(1, -1);
    return written.length >= 2 && written.endsWith(quote) && /^[ -~]*$/.test(inner) && !inner.includes(quote) && !inner.includes('\\') ? inner : undefined;
  }
  return written.length <= 200 && PLAIN_WORD.test(written) && !SPECIAL_WORD.test(written) ? written : undefined;
}

/**
 * The edits without `yaml`, or undefined when one of them is not of a shape read here for sure.
 * `layout` gives the eol, step and sequence style, computed from the same document text as the
 * `yaml` path's (`layoutOf`), so both paths write new entries alike.
 */
export function fastTextEdits(manifest: Manifest, edits: readonly FixEdit[], layout: (docText: string) => Layout): TextEdit[] | undefined {
  const { basePath } = manifest;
  const read = documentOf(manifest, layout);
  if (!read) return undefined;
  const { style, range } = read;
  const out: TextEdit[] = [];
  for (const edit of edits) {
    let made: TextEdit | undefined;
    if (edit.op === 'replaceText') made = { start: edit.start, end: edit.end, text: edit.text };
    else if (edit.op === 'set') made = setValue(style, [...basePath, ...edit.path], edit.value, edit.after);
    else if (edit.op === 'remove') made = removeEntry(style, [...basePath, ...edit.path], basePath.length);
    else made = basePath.length > 0 ? undefined : addDocument(style, range[1], edit.value);
    if (!made) return undefined;
    out.push(made);
  }
  return out;
}

/** A document as the edits read it: its lines, the offsets `yaml` gives it, and its layout. */
interface ReadDocument {
  style: FastStyle;
  range: [number, number];
}

/**
 * The documents read for edits in the last file edits were made for: a run builds a file's
 * fixes one after another (src/engine/run-rules.ts), and each read its document again. One
 * file at a time, so that nothing is held for the files of a large run.
 */
let lastFile: { file: SourceFile; text: string; segments: [number, number][] | undefined; documents: Map<number, ReadDocument | undefined> } | undefined;

function documentOf(manifest: Manifest, layout: (docText: string) => Layout): ReadDocument | undefined {
  const { file, docIndex } = manifest;
  const text = file.text;
  if (lastFile?.file !== file || lastFile.text !== text) {
    if (/\.json$/i.test(file.path) || text.charCodeAt(0) === 0xfeff) return undefined;
    lastFile = { file, text, segments: documentSegments(text), documents: new Map() };
  }
  const { segments, documents } = lastFile;
  if (!documents.has(docIndex)) documents.set(docIndex, readDocument(text, segments, docIndex, layout));
  return documents.get(docIndex);
}

function readDocument(text: string, segments: [number, number][] | undefined, docIndex: number, layout: (docText: string) => Layout): ReadDocument | undefined {
  const segment = segments?.[docIndex];
  if (!segments || !segment) return undefined;
  const doc = FastDocument.open(text, docIndex, segments);
  if (!doc) return undefined;
  const range = documentRange(text, segments, docIndex);
  if (!range) return undefined;
  return { style: { text, doc, ...layout(text.slice(range[0], range[1])) }, range };
}

/**
 * The offsets `yaml` gives the document (its range [0] and [2]): from its `---` marker, or for a
 * first document without one from its first line of content, to the next marker or the end.
 */
function documentRange(text: string, segments: readonly [number, number][], docIndex: number): [number, number] | undefined {
  const [start, end] = segments[docIndex]!;
  if (docIndex > 0) return [segments[docIndex - 1]![1], end];
  if (start > 0) return [text.lastIndexOf('\n', start - 2) + 1, end];
  // The first line that is neither blank nor a comment.
  for (let at = 0; at < end;) {
    const newline = text.indexOf('\n', at);
    const lineEnd = newline === -1 ? text.length : newline;
    const content = text.slice(at, lineEnd).trim();
    if (content !== '' && !content.startsWith('#')) return [at, end];
    at = lineEnd + 1;
  }
  return undefined;
}

/** The block map at `path` with every key read for sure, and the position of `key` in it (-1: absent). */
function mapAt(style: FastStyle, path: Path): { map: FastMap; keys: string[] } | undefined {
  const map = style.doc.blockMap(path);
  if (!map) return undefined;
  const keys: string[] = [];
  for (const entry of map.entries) {
    const key = keyOf(entry.keyText);
    if (key === undefined) return undefined;
    keys.push(key);
  }
  return { map, keys };
}

/**
 * The offset after the line break that ends an entry (text-edits.ts entryEnd); undefined when
 * only `yaml` knows it: a block scalar, or a collection followed by comment lines, which `yaml`
 * counts into the collection's range or not by their indentation and what follows them.
 */
function entryEnd(text: string, entry: FastEntry): number | undefined {
  if (entry.blockScalar) return undefined;
  const newline = text.indexOf('\n', entry.end);
  const end = newline === -1 ? text.length : newline + 1;
  if (entry.scalar) return end;
  for (let at = end; at < text.length;) {
    const next = text.indexOf('\n', at);
    const line = text.slice(at, next === -1 ? text.length : next).trim();
    if (line.startsWith('#')) return undefined;
    if (line !== '') break;
    at = next === -1 ? text.length : next + 1;
  }
  return end;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function setValue(style: FastStyle, path: Path, value: unknown, after: string | undefined): TextEdit | undefined {
  // The longest prefix of the path that exists, and that the edit can start from.
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment !== 'string') return undefined;
    const found = mapAt(style, path.slice(0, i));
    if (!found) continue;
    const index = found.keys.indexOf(segment);
    const rest = path.slice(i + 1);
    if (index === -1) {
      if (rest.some((s) => typeof s === 'number')) return undefined;
      return insertEntry(style, found, segment, nest(rest, value), rest.length === 0 ? after : undefined);
    }
    if (rest.length > 0) return undefined; // the entry exists but the map below it was not read: the parser decides
    const entry = found.map.entries[index]!;
    if (!entry.scalar || isCollection(value) || entry.blockScalar) return undefined;
    const [start, end] = entry.scalar;
    return { start, end, text: scalarText(style.text[start]!, value) };
  }
  return undefined;
}

function insertEntry(style: FastStyle, found: { map: FastMap; keys: string[] }, key: string, value: unknown, after: string | undefined): TextEdit | undefined {
  const { text } = style;
  const { entries } = found.map;
  const anchorIndex = after !== undefined && found.keys.includes(after) ? found.keys.indexOf(after) : entries.length - 1;
  const anchor = entries[anchorIndex]!;
  const first = entries[0]!.key[0];
  const at = entryEnd(text, anchor);
  if (at === undefined) return undefined;
  const entry = blockEntry(style, key, value, ' '.repeat(first - lineStart(text, first)));
  if (entry === undefined) return undefined;
  const newline = at === text.length && !text.endsWith('\n') ? style.eol : '';
  return { start: at, end: at, text: `${newline}${entry}` };
}

function removeEntry(style: FastStyle, path: Path, basePathLength: number): TextEdit | undefined {
  const { text } = style;
  const key = path[path.length - 1];
  if (typeof key !== 'string') return undefined;
  const found = mapAt(style, path.slice(0, -1));
  if (!found) return undefined;
  const index = found.keys.indexOf(key);
  if (index === -1) return undefined;
  const { entries } = found.map;
  if (entries.length === 1) {
    const parentKey = path[path.length - 2];
    return typeof parentKey === 'string' && path.length - 1 > basePathLength ? removeEntry(style, path.slice(0, -1), basePathLength) : undefined;
  }
  const entry = entries[index]!;
  const start = entry.key[0];
  const from = lineStart(text, start);
  const end = entryEnd(text, entry);
  if (end === undefined) return undefined;
  if (text.slice(from, start).trim() !== '') {
    const next = entries[index + 1];
    return next ? { start, end: next.key[0], text: '' } : undefined;
  }
  // Comments in what goes are kept by the `yaml` path, which knows a comment from a `#` in text.
  if (text.slice(from, end).includes('#')) return undefined;
  return { start: from, end, text: '' };
}

function addDocument(style: FastStyle, end: number, value: unknown): TextEdit | undefined {
  const body = emitBlock(value, style, '') ?? stringify(value, { version: '1.1', indent: style.step, indentSeq: style.indentSeq, lineWidth: 0 });
  const before = end > 0 && style.text[end - 1] !== '\n' ? style.eol : '';
  return { start: end, end, text: `${before}---${style.eol}${body.replace(/\n/g, style.eol)}` };
}

function nest(rest: Path, value: unknown): unknown {
  return rest.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

function isCollection(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/** text-edits.ts scalarText, the quoting read from the first character of the scalar replaced. */
function scalarText(first: string, value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  if (first === '"') return JSON.stringify(value);
  if (first === "'") return `'${value.replace(/'/g, "''")}'`;
  return yamlString(value);
}

/** text-edits.ts blockEntry: `key: value` as block YAML at `column`. */
function blockEntry(style: FastStyle, key: string, value: unknown, column: string): string | undefined {
  const yaml =
    emitBlock({ [key]: value }, style, '') ?? stringify({ [key]: value }, { version: '1.1', indent: style.step, indentSeq: style.indentSeq, lineWidth: 0 });
  return indentedBlock(yaml, column, style.eol);
}

/**
 * What `yaml`'s stringify writes (YAML 1.1, the document's step and sequence style, no line
 * folding) for the values fixes add: maps of maps, lists of scalars, plain words, integers,
 * booleans. Undefined for anything else (quoting, floats, empty collections, lists of maps),
 * which stringify writes. test/fast-edits.test.ts compares both on generated values.
 */
export function emitBlock(value: unknown, layout: Pick<Layout, 'step' | 'indentSeq'>, indent: string): string | undefined {
  if (!isCollection(value) || Array.isArray(value)) return undefined;
  const keys = Object.keys(value as object);
  if (keys.length === 0) return undefined;
  let out = '';
  for (const key of keys) {
    if (emitScalar(key) !== key) return undefined;
    const item = (value as Record<string, unknown>)[key];
    if (Array.isArray(item)) {
      if (item.length === 0) return undefined;
      // Without indentSeq, `yaml` still indents items by the step less the width of `- ` (a step of 1: by 1).
      const itemIndent = `${indent}${' '.repeat(layout.indentSeq || layout.step < 2 ? layout.step : layout.step - 2)}`;
      out += `${indent}${key}:\n`;
      for (const element of item) {
        const scalar = emitScalar(element);
        if (scalar === undefined) return undefined;
        out += `${itemIndent}- ${scalar}\n`;
      }
    } else if (isCollection(item)) {
      const inner = emitBlock(item, layout, `${indent}${' '.repeat(layout.step)}`);
      if (inner === undefined) return undefined;
      out += `${indent}${key}:\n${inner}`;
    } else {
      const scalar = emitScalar(item);
      if (scalar === undefined) return undefined;
      out += `${indent}${key}: ${scalar}\n`;
    }
  }
  return out;
}

function emitScalar(value: unknown): string | undefined {
  if (typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : undefined;
  if (typeof value === 'string') return value.length <= 200 && PLAIN_WORD.test(value) && !SPECIAL_WORD.test(value) ? value : undefined;
  return undefined;
}
