// Text edits on YAML (and JSON) manifests, computed from the parsed document's node ranges so
// that they land exactly where the nodes are, whatever the layout.

import { isMap, isScalar, Scalar, type Document, type YAMLMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver';
import type { Path } from '../shared/finding.js';
import type { Manifest } from '../yaml/manifest.js';
import { positionAt, type SourceFile } from '../yaml/source.js';

/** A key to add to a map, written in YAML and in JSON (for `.json` files). */
export interface NewEntry {
  key: string;
  yaml: string;
  json: string;
}

export function lspPosition(file: SourceFile, offset: number): { line: number; character: number } {
  const { line, column } = positionAt(file, offset);
  return { line: line - 1, character: column - 1 };
}

/** The map at `path` below the manifest's object, when it is one. Edits are not offered on repaired text (lenient.ts). */
export function mapAt(manifest: Manifest, path: Path): YAMLMap | undefined {
  if (manifest.file.columnShifts?.size) return undefined;
  const doc: Document.Parsed = manifest.doc;
  const node = [...manifest.basePath, ...path].length === 0 ? doc.contents : doc.getIn([...manifest.basePath, ...path], true);
  return isMap(node) ? node : undefined;
}

export function scalarAt(map: YAMLMap, key: string): Scalar | undefined {
  const node = map.get(key, true);
  return isScalar(node) ? node : undefined;
}

/** Replaces a scalar's text by `value`, keeping its quoting style (and quoting in JSON). */
export function replaceScalar(file: SourceFile, scalar: Scalar, value: string, json: boolean): TextEdit | undefined {
  if (!scalar.range) return undefined;
  const [start, end] = scalar.range;
  const quote = json || scalar.type === Scalar.QUOTE_DOUBLE ? '"' : scalar.type === Scalar.QUOTE_SINGLE ? "'" : '';
  const empty = start === end;
  // `key:` with no value: the new value needs the space after the colon.
  const text = `${empty ? ' ' : ''}${quote}${value}${quote}`;
  return { range: { start: lspPosition(file, start), end: lspPosition(file, end) }, newText: text };
}

/**
 * Adds entries at the top of a map: new lines at the indentation of its first key in a block
 * map, or after the `{` of a flow map (JSON). Undefined when the map's layout leaves no clean
 * place (a block map whose first key shares its line with a `- `).
 */
export function insertIntoMap(file: SourceFile, map: YAMLMap, entries: readonly NewEntry[], json: boolean, eol: string): TextEdit | undefined {
  if (entries.length === 0 || !map.range) return undefined;
  if (map.flow) {
    const open = map.range[0];
    if (file.text[open] !== '{') return undefined;
    const items = entries.map((e) => (json ? `${JSON.stringify(e.key)}: ${e.json}` : `${e.key}: ${e.yaml}`)).join(', ');
    const at = lspPosition(file, open + 1);
    return { range: { start: at, end: at }, newText: map.items.length > 0 ? `${items}, ` : items };
  }
  const firstKey = map.items[0]?.key as { range?: [number, number, number] } | undefined;
  if (!firstKey?.range) return undefined;
  const keyStart = firstKey.range[0];
  const lineStart = file.text.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = file.text.slice(lineStart, keyStart);
  if (/\S/.test(indent)) return undefined;
  const at = { line: lspPosition(file, keyStart).line, character: 0 };
  return { range: { start: at, end: at }, newText: entries.map((e) => `${indent}${e.key}: ${e.yaml}${eol}`).join('') };
}

/** A string as a YAML flow scalar: plain when YAML 1.1 reads it back as the same string, else double-quoted. */
export function yamlString(value: string): string {
  const plainSafe = /^[A-Za-z0-9_][-A-Za-z0-9_./]*$/.test(value);
  const special = /^(y|yes|n|no|true|false|on|off|null|~)$/i.test(value) || /^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$/.test(value) || /^0[xob]/i.test(value);
  return plainSafe && !special ? value : JSON.stringify(value);
}

export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
