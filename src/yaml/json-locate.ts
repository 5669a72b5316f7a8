// Finds a path's node in a JSON document (a manifest file written as JSON, `kubectl get -o json`)
// by reading its structure once, without building a YAML document: the positions `yaml` gives
// the same nodes (keys and strings with their quotes, collections from their bracket). Anything
// beyond plain JSON (comments, unquoted or escaped keys, YAML scalars in flow style, repeated
// keys) leaves it to the parser. test/fast-locate.test.ts checks it against the parser on every
// path of the fixtures and the corpus.

import type { Path } from '../shared/finding.js';
import type { FastNode } from './fast-locate.js';

type JsonNode =
  | { kind: 'map'; start: number; end: number; entries: Map<string, { key: readonly [number, number]; node: JsonNode }> }
  | { kind: 'seq'; start: number; end: number; items: JsonNode[] }
  | { kind: 'scalar'; start: number; end: number };

/** A JSON number, or true, false, null: plain scalars whose range is their text. */
const JSON_LITERAL = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

class Unsure extends Error {}
const UNSURE = new Unsure('not plain JSON');

export class JsonDocument {
  private constructor(
    private readonly text: string,
    private readonly root: JsonNode,
  ) {}

  /** The `docIndex`-th document of `text` when it is plain JSON, else undefined. */
  static open(text: string, docIndex: number, segments: [number, number][] | undefined): JsonDocument | undefined {
    const segment = segments?.[docIndex];
    if (!segment) return undefined;
    const reader = new JsonReader(text, segment[1]);
    try {
      const at = reader.space(segment[0]);
      const c = text[at];
      if (c !== '{' && c !== '[') return undefined;
      const root = reader.value(at);
      if (reader.space(reader.end) !== segment[1]) return undefined;
      return new JsonDocument(text, root);
    } catch (error) {
      if (error === UNSURE) return undefined;
      throw error;
    }
  }

  /** The nodes along `path` as far as it exists (as FastDocument.walk gives them). */
  walk(path: Path): FastNode[] {
    let current = this.root;
    const trail: FastNode[] = [this.fastNode(current, undefined)];
    for (const segment of path) {
      let next: { key: readonly [number, number] | undefined; node: JsonNode } | undefined;
      if (typeof segment === 'number') {
        const item = current.kind === 'seq' ? current.items[segment] : undefined;
        next = item && { key: undefined, node: item };
      } else {
        next = current.kind === 'map' ? current.entries.get(segment) : undefined;
      }
      if (!next) break;
      trail.push(this.fastNode(next.node, next.key));
      current = next.node;
    }
    return trail;
  }

  /** A collection's value is its first line (where locate.ts points at one without a key); a scalar's, its text. */
  private fastNode(node: JsonNode, key: readonly [number, number] | undefined): FastNode {
    let value: readonly [number, number];
    if (node.kind === 'scalar') {
      value = [node.start, node.end];
    } else {
      const newline = this.text.indexOf('\n', node.start);
      value = [node.start, newline === -1 || newline > node.end ? node.end : newline];
    }
    return key ? { key, value, kind: node.kind } : { value, kind: node.kind };
  }
}

class JsonReader {
  /** Offset after the last value read. */
  end = 0;

  constructor(
    private readonly text: string,
    private readonly limit: number,
  ) {}

  space(from: number): number {
    let i = from;
    for (;;) {
      const c = this.text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else if (c === 35)
        throw UNSURE; // a comment: YAML, not JSON
      else return Math.min(i, this.limit);
    }
  }

  value(at: number): JsonNode {
    const { text } = this;
    if (at >= this.limit) throw UNSURE;
    const c = text[at];
    if (c === '{') return this.map(at);
    if (c === '[') return this.seq(at);
    if (c === '"') {
      this.end = this.stringEnd(at);
      return { kind: 'scalar', start: at, end: this.end };
    }
    let end = at;
    while (end < this.limit && !/[\s,\]}]/.test(text[end]!)) end++;
    if (!JSON_LITERAL.test(text.slice(at, end))) throw UNSURE;
    this.end = end;
    return { kind: 'scalar', start: at, end };
  }

  private map(open: number): JsonNode {
    const { text } = this;
    const entries = new Map<string, { key: readonly [number, number]; node: JsonNode }>();
    let i = this.space(open + 1);
    if (text[i] !== '}') {
      for (;;) {
        if (text[i] !== '"') throw UNSURE;
        const keyEnd = this.stringEnd(i);
        const name = text.slice(i + 1, keyEnd - 1);
        // Escaped keys would need unescaping; a repeated key is an error for `yaml`.
        if (name.includes('\\') || entries.has(name)) throw UNSURE;
        const colon = this.space(keyEnd);
        if (text[colon] !== ':') throw UNSURE;
        const node = this.value(this.space(colon + 1));
        entries.set(name, { key: [i, keyEnd], node });
        i = this.space(this.end);
        if (text[i] === '}') break;
        if (text[i] !== ',') throw UNSURE;
        i = this.space(i + 1);
      }
    }
    this.end = i + 1;
    return { kind: 'map', start: open, end: this.end, entries };
  }

  private seq(open: number): JsonNode {
    const { text } = this;
    const items: JsonNode[] = [];
    let i = this.space(open + 1);
    if (text[i] !== ']') {
      for (;;) {
        items.push(this.value(i));
        i = this.space(this.end);
        if (text[i] === ']') break;
        if (text[i] !== ',') throw UNSURE;
        i = this.space(i + 1);
      }
    }
    this.end = i + 1;
    return { kind: 'seq', start: open, end: this.end, items };
  }

  /** Offset after the closing quote of the string at `at`; a line break or the end before it: unsure. */
  private stringEnd(at: number): number {
    const { text } = this;
    for (let i = at + 1; i < this.limit; i++) {
      const c = text.charCodeAt(i);
      if (c === 92) i++;
      else if (c === 34) return i + 1;
      else if (c === 10 || c === 13) break;
    }
    throw UNSURE;
  }
}
