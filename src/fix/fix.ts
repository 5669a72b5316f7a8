// A finding's structural edits → one ESLint-shaped fix ({range, text} on the file), checked
// before anyone sees it: the edited text must parse, the edited object must read exactly as the
// edits say, and every other object of the file must read as before. An edit that fails any of
// these (invalid YAML, a duplicate key, a value that reads back differently, another object
// touched) is dropped, never offered.

import type { FixEdit, Path, TextFix } from '../shared/finding.js';
import type { JsonRecord } from '../shared/value.js';
import type { Manifest } from '../yaml/manifest.js';
import { parseSource } from '../yaml/parse.js';
import { createSourceFile, type SourceFile } from '../yaml/source.js';
import { textEditsFor, type TextEdit } from './text-edits.js';

/**
 * Whether a fix may land in this file: text as written in a file, not text that parsing repaired
 * (lenient.ts) nor the output of rendering a chart or an overlay (`rendered`). The hook for
 * rendered objects: a renderer that can place an edit on a source line that rendering left
 * unchanged gives that file, and its fixes pass here.
 */
export function isFixableSource(file: SourceFile): boolean {
  return file.rendered !== true && !(file.columnShifts && file.columnShifts.size > 0);
}

/** The fix for a manifest's edits, in the offsets of its whole file; undefined when it cannot be made safely. */
export function buildFix(manifest: Manifest, edits: readonly FixEdit[]): TextFix | undefined {
  if (edits.length === 0 || !isFixableSource(manifest.file)) return undefined;
  const textEdits = textEditsFor(manifest, edits);
  if (!textEdits) return undefined;
  const merged = mergeEdits(manifest.file.text, textEdits);
  if (!merged) return undefined;
  if (!keepsOtherObjects(manifest, merged, edits)) return undefined;
  const offset = manifest.file.charOffset ?? 0;
  return { range: [merged.range[0] + offset, merged.range[1] + offset], text: merged.text };
}

/** Several edits as one replacement, the text between them kept (ESLint's mergeFixes); undefined when two overlap. */
export function mergeEdits(text: string, edits: readonly TextEdit[]): TextFix | undefined {
  // Stable: two insertions at one place keep the order the rule gave.
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i);
  let out = '';
  let cursor = -1;
  for (const { e } of sorted) {
    if (e.start > e.end) return undefined;
    if (cursor !== -1 && e.start < cursor) return undefined;
    if (cursor !== -1) out += text.slice(cursor, e.start);
    out += e.text;
    cursor = e.end;
  }
  return { range: [sorted[0]!.e.start, cursor], text: out };
}

/**
 * Applies fixes to a text as ESLint does in one pass: in order of position, each fix that does
 * not overlap one already applied. Returns the new text and how many were applied.
 */
export function applyFixes(text: string, fixes: readonly TextFix[]): { output: string; applied: number } {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let output = '';
  let cursor = 0;
  let applied = 0;
  let lastEnd = -1;
  for (const fix of sorted) {
    const [start, end] = fix.range;
    // As ESLint's SourceCodeFixer: a fix that starts where the previous one ended waits for the next pass.
    if (start <= lastEnd || end > text.length || start > end) continue;
    output += text.slice(cursor, start) + fix.text;
    cursor = end;
    lastEnd = end;
    applied++;
  }
  return { output: output + text.slice(cursor), applied };
}

/**
 * What the manifest's object reads as after the edits: the model the edited text is checked
 * against. Only what the edits go through is copied (the maps and lists on their paths); the
 * rest is shared with `obj`, which stays as it was. Copying the whole object for every fix cost
 * more than the rest of the check.
 */
export function editedObject(obj: JsonRecord, edits: readonly FixEdit[]): JsonRecord {
  const copy = shallowCopy(obj);
  const owned = new Set<object>([copy]);
  for (const edit of edits) {
    if (edit.op === 'set') setIn(copy, edit.path, edit.value, owned);
    else if (edit.op === 'remove') removeIn(copy, edit.path, owned);
  }
  return copy;
}

type Container = Record<string | number, unknown>;

/** `node[key]`, a copy of it when it is not one of the copies yet (`owned`); undefined when it is no map or list. */
function ownedChild(node: Container, key: string | number, owned: Set<object>): Container | undefined {
  const child = node[key];
  if (typeof child !== 'object' || child === null) return undefined;
  if (owned.has(child)) return child as Container;
  const copy = shallowCopy(child as Container);
  owned.add(copy);
  put(node, key, copy);
  return copy;
}

function setIn(target: JsonRecord, path: Path, value: unknown, owned: Set<object>): void {
  let node: Container = target;
  for (const segment of path.slice(0, -1)) {
    let next = ownedChild(node, segment, owned);
    if (!next) {
      next = {};
      owned.add(next);
      node[segment] = next;
    }
    node = next;
  }
  node[path[path.length - 1]!] = copyData(value);
}

function shallowCopy<T extends object>(value: T): T {
  if (Array.isArray(value)) return value.slice() as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) put(copy, key, (value as Record<string, unknown>)[key]);
  return copy as T;
}

/** `node[key] = value`, for `__proto__` as data (a YAML key) too, not the prototype. */
function put(node: Container, key: string | number, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
  else node[key] = value;
}

/**
 * A deep copy of data read from YAML: plain objects and arrays copied here, anything else
 * (a timestamp's Date) by structuredClone. structuredClone of a whole object cost ~2 ms per
 * fix the first times a run called it, more than the rest of the check.
 */
function copyData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return structuredClone(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyData((value as Record<string, unknown>)[key]);
    // `__proto__` as data (a YAML key), not the prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return copy as T;
}

function removeIn(target: JsonRecord, path: Path, owned: Set<object>): void {
  const parents: Container[] = [];
  let node: Container = target;
  for (const segment of path.slice(0, -1)) {
    parents.push(node);
    const next = ownedChild(node, segment, owned);
    if (!next) return;
    node = next;
  }
  Reflect.deleteProperty(node, path[path.length - 1]!);
  // As the text edit does: a map left empty goes with its key.
  for (let i = path.length - 2; i >= 0 && Object.keys(node).length === 0 && typeof path[i] === 'string' && !Array.isArray(node); i--) {
    const parent = parents[i]!;
    Reflect.deleteProperty(parent, path[i]!);
    node = parent;
  }
}

/**
 * The objects of the last file fixes were built in, as read before any edit: read once for all
 * of its fixes (a run builds a file's fixes together), and held for one file only.
 */
let objectsBefore: { file: SourceFile; text: string; parsed: ReturnType<typeof parseSource> } | undefined;

function keepsOtherObjects(manifest: Manifest, fix: TextFix, edits: readonly FixEdit[]): boolean {
  const { file } = manifest;
  const edited = file.text.slice(0, fix.range[0]) + fix.text + file.text.slice(fix.range[1]);
  if (objectsBefore?.file !== file || objectsBefore.text !== file.text)
    objectsBefore = { file, text: file.text, parsed: parseSource(createSourceFile(file.path, file.text)) };
  const before = objectsBefore.parsed;
  const after = parseSource(createSourceFile(file.path, edited));
  const fatal = (r: typeof before) => r.findings.filter((f) => f.fatal).length;
  if (fatal(after) > fatal(before) || after.skippedDocuments !== before.skippedDocuments) return false;
  // The objects expected in the edited text: the same, the target edited, added objects after it.
  const expected: unknown[] = [];
  let found = false;
  for (const old of before.manifests) {
    const target = old.docIndex === manifest.docIndex && samePath(old.basePath, manifest.basePath);
    found ||= target;
    expected.push(target ? editedObject(old.obj, edits) : old.obj);
    if (target) for (const edit of edits) if (edit.op === 'addObject') expected.push(edit.value);
  }
  return found && expected.length === after.manifests.length && expected.every((obj, i) => deepEqual(after.manifests[i]!.obj, obj));
}

function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** Equal as data: key order does not matter, array order does. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => deepEqual(v, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
