// YAML with positions for the source maps: the rendered stream split into its documents, and
// the files people edit (values files, patches, bases) read once, with the node at a path.
// The maps only read: a file that does not parse gives no node, never an error.

import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import { createSourceFile, locationOf, positionAt, type SourceFile } from '../yaml/source.js';
import type { SourceSpan } from './source-map.js';

/** A document of rendered text: its lines, the `# Source:` comment above it, its YAML. */
export interface RenderedDocument {
  /** 1-based lines of the rendered text, inclusive. */
  firstLine: number;
  lastLine: number;
  /** The path a `# Source: <path>` comment names (Helm), when there is one. */
  source?: string;
  contents: Node | null;
  /** The stream's 1-based line of an offset in `contents`' ranges (the document is parsed alone). */
  lineAt(offset: number): number;
}

/** A file read with positions: its YAML documents, and spans in it. */
export interface YamlFile {
  path: string;
  lines: readonly string[];
  docs: Document.Parsed[];
  span(node: { range?: [number, number, number] | null }): SourceSpan;
  /** The whole of a 1-based line, from its first non-blank character. */
  lineSpan(line: number): SourceSpan;
}

const SOURCE_COMMENT = /^#\s*Source:\s*(\S.*?)\s*$/;
const DOCUMENT_START = /^---(\s|$)/;

function parseDocs(text: string): Document.Parsed[] {
  // As kubectl reads it (YAML 1.1: `yes`, `0644`); duplicate keys are tolerated, the last wins.
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: false, merge: true, prettyErrors: false });
  return 'empty' in docs ? [] : docs;
}

/** Parses text (a file's or a rendered stream's) for positions; `path` is what spans name. */
export function yamlText(path: string, text: string): YamlFile {
  const file: SourceFile = createSourceFile(path, text);
  const lines = file.text.split('\n').map((l) => l.replace(/\r$/, ''));
  const spanAt = (start: number, end: number): SourceSpan => {
    const loc = locationOf(file, start, end);
    return { file: path, line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn };
  };
  return {
    path,
    lines,
    docs: parseDocs(file.text),
    span: (node) => (node.range ? spanAt(node.range[0], node.range[1]) : lineSpanOf(path, lines, 1)),
    lineSpan: (line) => lineSpanOf(path, lines, line),
  };
}

export function lineSpanOf(file: string, lines: readonly string[], line: number): SourceSpan {
  const text = lines[line - 1] ?? '';
  const column = text.length - text.trimStart().length + 1;
  return { file, line, column, endLine: line, endColumn: Math.max(column, text.trimEnd().length + 1) };
}

/** A cache of files read with positions; a file that cannot be read is undefined. */
export function yamlFileReader(): (file: string) => YamlFile | undefined {
  const cache = new Map<string, YamlFile | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      let parsed: YamlFile | undefined;
      try {
        parsed = yamlText(file, readFileSync(file, 'utf8'));
      } catch {
        parsed = undefined;
      }
      cache.set(file, parsed);
    }
    return cache.get(file);
  };
}

/**
 * The documents of a rendered stream, split at `---` lines as the tools print them. Each is
 * parsed on its own, so a document the tool printed badly spoils no other.
 */
export function renderedDocuments(text: string): RenderedDocument[] {
  const lines = text.split('\n');
  const documents: RenderedDocument[] = [];
  let first = 1;
  const close = (last: number) => {
    if (last < first) return;
    const body = lines.slice(first - 1, last);
    // Parsed alone: node ranges are offsets in the document's own text (the maps read values only).
    const source = body.map((l) => SOURCE_COMMENT.exec(l.replace(/\r$/, ''))?.[1]).find((s) => s !== undefined);
    const text = body.join('\n');
    const docs = parseDocs(text);
    const contents = docs.find((d) => d.contents !== null)?.contents ?? null;
    const firstLine = first;
    // Positions through the same line index as every file's (yaml/source.ts), offset to the stream's lines.
    const file = createSourceFile('', text, { lineOffset: firstLine - 1 });
    const lineAt = (offset: number) => positionAt(file, offset).line;
    if (contents !== null || source !== undefined) documents.push({ firstLine, lastLine: last, contents, lineAt, ...(source ? { source } : {}) });
  };
  lines.forEach((line, i) => {
    if (DOCUMENT_START.test(line)) {
      close(i);
      first = i + 2;
    }
  });
  close(lines.length);
  return documents;
}

/** The rendered document that holds a 1-based line, else the `doc`-th one. */
export function documentAt(documents: readonly RenderedDocument[], line: number, doc: number): RenderedDocument | undefined {
  return documents.find((d) => line >= d.firstLine && line <= d.lastLine) ?? documents[doc];
}

export interface Located {
  node: Node;
  /** The key of the pair whose value `node` is, when it sits in a map. */
  key?: Node;
}

/** The node at exactly `path` below `root`, or undefined when any step is missing. */
export function nodeAt(root: Node | null | undefined, path: readonly (string | number)[]): Located | undefined {
  let current: Located | undefined = root ? { node: root } : undefined;
  for (const segment of path) {
    if (!current) return undefined;
    current = childOf(current.node, segment);
  }
  return current;
}

export function childOf(node: Node, segment: string | number): Located | undefined {
  if (isMap(node)) {
    const pair = node.items.find((p: Pair) => keyText(p.key) === String(segment));
    if (!pair || !isPair(pair)) return undefined;
    const value = pair.value as Node | null;
    const key = pair.key as Node;
    // `key:` with no value: the key stands for the value's place.
    return { node: value ?? key, key };
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment] as Node | undefined;
    return item ? { node: item } : undefined;
  }
  return undefined;
}

export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

/** The JSON value of a node (undefined for none). */
export function valueOf(node: Node | null | undefined): unknown {
  if (!node) return undefined;
  try {
    return node.toJSON() as unknown;
  } catch {
    return undefined;
  }
}

/** Where a located node is reported: the key of a pair (what a reader looks for), else the node. */
export function spanOfLocated(file: YamlFile, located: Located): SourceSpan {
  const { key, node } = located;
  // `size: 8Gi`: the key and its scalar value; a collection by its key alone.
  if (key?.range && isScalar(node) && node !== key && node.range) {
    return file.span({ range: [key.range[0], node.range[1], node.range[2]] });
  }
  return file.span(key ?? node);
}

/**
 * The path of the node written on a line of a rendered document: the deepest key or list item
 * that starts there (a finding that carries no path is placed by its line).
 */
export function pathAtLine(document: RenderedDocument, line: number): (string | number)[] | undefined {
  let found: (string | number)[] | undefined;
  const visit = (node: Node | null | undefined, at: (string | number)[]) => {
    if (!node?.range || document.lineAt(node.range[0]) > line || document.lineAt(Math.max(node.range[0], node.range[1] - 1)) < line) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = keyText(pair.key);
        const keyNode = pair.key as Node | null;
        if (key === undefined || !keyNode?.range) continue;
        if (document.lineAt(keyNode.range[0]) === line) found = [...at, key];
        visit(pair.value as Node | null, [...at, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const n = item as Node;
        if (n.range && document.lineAt(n.range[0]) === line) found = [...at, i];
        visit(n, [...at, i]);
      });
    }
  };
  visit(document.contents, []);
  return found;
}

/** A scalar's text as a YAML value prints it; '' for collections and nothing. */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return '';
}
