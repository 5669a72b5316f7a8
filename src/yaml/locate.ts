// Path inside a manifest → the exact YAML node → 1-based line/column range.

import { isAlias, isCollection, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { Location, Path } from '../shared/finding.js';
import type { Manifest } from './manifest.js';
import { documentSegments, FastDocument, type FastNode } from './fast-locate.js';
import { JsonDocument } from './json-locate.js';
import { locationOf, type SourceFile } from './source.js';

export type Anchor = 'key' | 'value';

/** What locating needs of a manifest: its document and where the object sits in it. */
export type Locatable = Pick<Manifest, 'file' | 'doc' | 'basePath'>;

interface Step {
  node: unknown;
  /** The key of the pair that holds `node`, when it sits in a map. */
  key: Node | undefined;
}

/**
 * Locates `path` (relative to the manifest) in its document. `on: 'key'` points at the key,
 * `on: 'value'` at the value; by default scalars are pointed at by value and collections by key.
 * When the tail of the path does not exist, the nearest existing ancestor's key is used, so a
 * missing field is reported where it would have to be added.
 */
export function locate(manifest: Locatable, path: Path, on?: Anchor): Location {
  // Without its YAML document at hand, a manifest is first located by reading lines (fast-locate.ts).
  if ('docIndex' in manifest && manifest.file.documents === undefined) {
    const quick = locateByLines(manifest as Manifest, path, on);
    if (quick) return quick;
  }
  const { doc, file } = manifest;
  const full = [...manifest.basePath, ...path];
  const trail: Step[] = [{ node: doc.contents, key: undefined }];
  for (const segment of full) {
    const next = child(doc, trail[trail.length - 1]!.node, segment);
    if (!next) break;
    trail.push(next);
  }
  const found = trail.length === full.length + 1;
  if (!found && trail.length <= manifest.basePath.length + 1) {
    // Nothing of the path exists below the object: point at its identity.
    const identity = child(doc, resolveAlias(doc, trail[trail.length - 1]!.node), 'metadata');
    const name = identity ? child(doc, identity.node, 'name') : undefined;
    const fallback = name ?? child(doc, trail[trail.length - 1]!.node, 'kind');
    if (fallback) return rangeOf(file, fallback, 'value');
  }
  const last = trail[trail.length - 1]!;
  return rangeOf(file, last, found ? on : 'key');
}

interface FastFile {
  segments: [number, number][] | undefined;
  documents: Map<number, FastDocument | JsonDocument | undefined>;
}

/** Each file's documents as read by lines, for as long as the file is in use. */
const fastFiles = new WeakMap<SourceFile, FastFile>();

/** Which line indexes of `file` are held (read by locateByLines or positionAt, and not released). */
export function holdsLines(file: SourceFile): LinesHeld {
  return { fast: fastFiles.has(file), starts: file.lineStartCache !== undefined };
}

/** Which of a file's line indexes were read before (holdsLines): those are not let go. */
export interface LinesHeld {
  fast: boolean;
  starts: boolean;
}

/**
 * Lets the lines read of `file` go (the fast reader's and the line starts, unless `held` before):
 * a run that has placed every finding in it needs them no more (read again if asked).
 */
export function releaseLines(file: SourceFile, held: LinesHeld = { fast: false, starts: false }): void {
  if (!held.starts) file.lineStartCache = undefined;
  if (!held.fast) fastFiles.delete(file);
}

export function locateByLines(manifest: Manifest, path: Path, on: Anchor | undefined): Location | undefined {
  const { file, docIndex, basePath } = manifest;
  let perFile = fastFiles.get(file);
  if (!perFile) fastFiles.set(file, (perFile = { segments: documentSegments(file.text), documents: new Map() }));
  if (!perFile.documents.has(docIndex)) {
    perFile.documents.set(docIndex, FastDocument.open(file.text, docIndex, perFile.segments) ?? JsonDocument.open(file.text, docIndex, perFile.segments));
  }
  const doc = perFile.documents.get(docIndex);
  if (!doc) return undefined;
  const full = [...basePath, ...path];
  const trail = doc.walk(full);
  if (!trail) return undefined;
  const found = trail.length === full.length + 1;
  if (!found && trail.length <= basePath.length + 1) {
    // Nothing of the path exists below the object: its identity, as in locate().
    for (const identity of [['metadata', 'name'], ['kind']]) {
      const fallback = doc.walk([...basePath, ...identity]);
      if (!fallback) return undefined;
      if (fallback.length === basePath.length + identity.length + 1) return fastRange(file, fallback[fallback.length - 1]!, 'value');
    }
    return undefined;
  }
  return fastRange(file, trail[trail.length - 1]!, found ? on : 'key');
}

function fastRange(file: SourceFile, node: FastNode, on: Anchor | undefined): Location | undefined {
  const collection = node.kind === 'map' || node.kind === 'seq';
  const wantKey = on === 'key' || (on === undefined && collection) || node.kind === 'empty';
  if (wantKey && node.key) return locationOf(file, node.key[0], node.key[1]);
  if (!node.value) return undefined;
  return locationOf(file, node.value[0], node.value[1]);
}

function rangeOf(file: SourceFile, step: Step, on: Anchor | undefined): Location {
  const node = step.node as Node | null | undefined;
  const isEmptyValue = !node?.range || (isScalar(node) && node.range[0] === node.range[1]);
  const wantKey = on === 'key' || (on === undefined && isCollection(node)) || isEmptyValue;
  if (wantKey && step.key?.range) return locationOf(file, step.key.range[0], step.key.range[1]);
  if (!node?.range) return locationOf(file, 0, 0);
  const [start, valueEnd] = node.range;
  if (isCollection(node)) {
    // A multi-line collection without a key (a list item): its first line is enough.
    const newline = file.text.indexOf('\n', start);
    return locationOf(file, start, newline === -1 || newline > valueEnd ? valueEnd : newline);
  }
  return locationOf(file, start, valueEnd);
}

function resolveAlias(doc: Document, node: unknown): unknown {
  let current = node;
  // Alias chains are short; the bound guards against cycles in hostile input.
  for (let i = 0; i < 16 && isAlias(current); i++) current = current.resolve(doc);
  return current;
}

function child(doc: Document, parent: unknown, segment: string | number): Step | undefined {
  const node = resolveAlias(doc, parent);
  if (typeof segment === 'number') {
    if (!isSeq(node)) return undefined;
    const item = node.items[segment];
    return item === undefined ? undefined : { node: item, key: undefined };
  }
  if (!isMap(node)) return undefined;
  const pair = findPair(doc, node.items, segment, 0);
  return pair ? { node: pair.value, key: pair.key as Node } : undefined;
}

/** Finds a key in a map, following `<<` merge keys as kubectl does. */
function findPair(doc: Document, items: readonly Pair[], key: string, depth: number): Pair | undefined {
  for (const pair of items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair;
  }
  if (depth > 8) return undefined;
  for (const pair of items) {
    // With YAML 1.1 merge keys, `yaml` gives the `<<` key a symbol value.
    if (!isScalar(pair.key) || (pair.key.value !== '<<' && pair.key.source !== '<<')) continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const merged = resolveAlias(doc, source);
      if (isMap(merged)) {
        const found = findPair(doc, merged.items, key, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}
