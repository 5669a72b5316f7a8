// Finds a path's node in block-style YAML by reading lines and indentation, without building a
// YAML document. Most findings point into plain block YAML, and re-parsing a whole file for
// one position doubled the cost of runs where every file draws a finding. Anything this
// reader is not sure about (flow collections, anchors, tags, multi-line or block scalars,
// tabs, JSON) returns undefined, and locate.ts uses the exact, parser-based path instead.
// test/fast-locate.test.ts checks that both agree on every path of the corpus.

import type { Path } from '../shared/finding.js';
import { lexerClosingQuote } from './fast-parse.js';

/** Offsets in the piece's text, and whether the node is a collection or an empty value. */
export interface FastNode {
  key?: readonly [number, number];
  value?: readonly [number, number];
  kind: 'scalar' | 'map' | 'seq' | 'empty';
}

interface Line {
  start: number;
  end: number;
  /** Offset of the first non-space character. */
  content: number;
}

/** A one-line flow collection of plain scalars, such as `[ReadWriteOnce]` or `{app: web}`. */
interface FlowBlock {
  kind: 'flowSeq' | 'flowMap';
  items: { key?: readonly [number, number]; value: readonly [number, number] }[];
}

interface Block {
  kind: 'map' | 'seq';
  /** Column (from line start) of the keys or of the `-` of the items. */
  column: number;
  /** Lines of the block, as indexes into `lines`. */
  from: number;
  to: number;
}

type Step = { node: FastNode; block: Block | FlowBlock | undefined };

/** One entry of a block map as written: what src/fix/fast-edits.ts needs to edit it without `yaml`. */
export interface FastEntry {
  /** The key as written (quotes included), and its offsets. */
  keyText: string;
  key: readonly [number, number];
  /** The one-line scalar on the key's line, when the value is one (undefined: empty, nested, flow, block scalar, or more lines). */
  scalar: readonly [number, number] | undefined;
  /** End of the entry's last line of content (before its line break). */
  end: number;
  /** Whether the entry holds a block scalar (`|`, `>`): its end is then only the parser's to say. */
  blockScalar: boolean;
}

/** A block map's entries in order, and the column of its keys. */
export interface FastMap {
  column: number;
  entries: FastEntry[];
}

/**
 * On a line that holds nodes: an anchor, alias or tag, a merge key, a tab. A node property can
 * only start a node (at the line's indentation, after `- `, `? `, `:` or a flow indicator), so
 * `&&` or `*` inside a plain scalar (`- start.sh && wait`) leaves the reader sure.
 */
const UNSURE_LINE = /(?:^ *|[-?][ \t]+|:[ \t]*|[[{,][ \t]*)[&*!]\S|<<\s*:|\t/;
/** Anywhere in the document: a document end marker or a directive. */
const UNSURE_DOCUMENT = /^\.\.\.|^%/m;
/**
 * A line that ends in a block scalar header (`key: |`, `- >-`, `key: |2 # comment`): the lines
 * indented deeper after it are the scalar's text, not nodes. Group 1: a `- ` before the header.
 */
const BLOCK_SCALAR_HEADER = /(?:^(- +)|: +)[|>](?:[1-9][+-]?|[+-][1-9]?)?(?: +#.*)? *$/;
/** A block scalar's header from its indicator on, without an indentation indicator. */
const PLAIN_BLOCK_HEADER = /^[|>][+-]?(?: +#.*)? *$/;

/**
 * Where each document of `text` starts and ends (document markers), or undefined when a marker
 * line carries content. Computed once per file by callers that open several of its documents.
 */
export function documentSegments(text: string): [number, number][] | undefined {
  const segments: [number, number][] = [];
  let start = 0;
  let sawContent = false;
  // Line by line, by offsets: no line strings are made.
  for (let offset = 0; offset <= text.length;) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 ? text.length : newline;
    if (text.startsWith('---', offset) && isMarkerEnd(text, offset + 3, lineEnd)) {
      if (sawContent || segments.length > 0) segments.push([start, offset]);
      start = lineEnd + 1;
      let rest = offset + 3;
      while (rest < lineEnd && isSpace(text.charCodeAt(rest))) rest++;
      // Content on the marker line: let the parser handle it.
      if (rest < lineEnd && text[rest] !== '#') return undefined;
      sawContent = false;
    } else if (!sawContent) {
      let first = offset;
      while (first < lineEnd && isSpace(text.charCodeAt(first))) first++;
      if (first < lineEnd && text[first] !== '#') sawContent = true;
    }
    offset = lineEnd + 1;
  }
  segments.push([start, text.length]);
  return segments;
}

/** A flow item without quotes, or one quoted whole with nothing that needs unescaping inside. */
function simplyQuoted(item: string): boolean {
  if (!/["']/.test(item)) return true;
  return /^"[^"\\]*"$/.test(item) || /^'[^']*'$/.test(item);
}

/** Spaces (only) at the start of the line `start..end`. */
function spacesAt(text: string, start: number, end: number): number {
  let at = start;
  while (at < end && text.charCodeAt(at) === 32) at++;
  return at - start;
}

/** After `---`: a space, a tab, the end of the line (or `\r` before it). */
function isMarkerEnd(text: string, at: number, lineEnd: number): boolean {
  if (at === lineEnd) return true;
  const c = text.charCodeAt(at);
  return c === 32 || c === 9 || (c === 13 && at + 1 === lineEnd);
}

/** Whitespace as String.prototype.trimStart sees it on a line (no line breaks inside a line). */
function isSpace(code: number): boolean {
  return (
    code === 32 ||
    code === 9 ||
    code === 13 ||
    code === 11 ||
    code === 12 ||
    code === 0xa0 ||
    code === 0xfeff ||
    code === 0x1680 ||
    (code >= 0x2000 && (code <= 0x200a || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000))
  );
}

export class FastDocument {
  private readonly lines: Line[] = [];

  private constructor(private readonly text: string) {}

  /** The `docIndex`-th document of `text`, or undefined when it cannot be read this way. */
  static open(text: string, docIndex: number, segments = documentSegments(text)): FastDocument | undefined {
    if (!segments) return undefined;
    const segment = segments[docIndex];
    if (!segment) return undefined;
    const body = text.slice(segment[0], segment[1]);
    if (UNSURE_DOCUMENT.test(body) || body.trimStart().startsWith('{') || body.trimStart().startsWith('[')) return undefined;
    const doc = new FastDocument(text);
    // Lines with content, read by offsets (no line strings are made).
    const [from, to] = segment;
    // Inside a block scalar: the column its text must be deeper than (-1: not in one).
    let scalarBound = -1;
    for (let lineStart = from; lineStart <= to;) {
      const newline = text.indexOf('\n', lineStart);
      const lineEnd = newline === -1 || newline > to ? to : newline;
      const end = lineEnd > lineStart && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
      const start = lineStart;
      lineStart = lineEnd + 1;
      let content = start;
      while (content < end && isSpace(text.charCodeAt(content))) content++;
      if (scalarBound >= 0) {
        // Text of a block scalar (blank, or indented deeper than the bound, in spaces): never a
        // node, so what looks like an anchor, an alias or a tab there (`&&` in a script) changes nothing.
        if (content >= end || spacesAt(text, start, end) > scalarBound) {
          if (content < end && text[content] !== '#') doc.lines.push({ start, end, content });
          continue;
        }
        scalarBound = -1;
      }
      if (content >= end || text[content] === '#') {
        // A blank or comment line: only a tab in its indentation makes the reader unsure.
        if (text.slice(start, content).includes('\t')) return undefined;
        continue;
      }
      if (UNSURE_LINE.test(text.slice(start, end))) return undefined;
      const line = text.slice(content, end);
      doc.lines.push({ start, end, content });
      const header = BLOCK_SCALAR_HEADER.exec(line);
      if (header) {
        const column = content - start;
        const item = header[1];
        const dash = /^- +/.exec(line)?.[0].length;
        // `- |`: deeper than the item's dash; `key: |`: deeper than the key.
        if (item !== undefined || dash === undefined) scalarBound = column;
        // `- key: |`: deeper than the key after the dash; anything more nested stays unsure.
        else if (line[dash] === '-') return undefined;
        else scalarBound = column + dash;
      }
    }
    return doc.lines.length > 0 ? doc : undefined;
  }

  /** The nodes along `path` as far as it exists; undefined when the reader is unsure. */
  walk(path: Path): FastNode[] | undefined {
    return this.descend(path)?.trail;
  }

  /**
   * The block map at `path` (which must exist), entry by entry; undefined when there is none or
   * the reader is unsure of any of its lines (a key it cannot read, an unclosed quote).
   */
  blockMap(path: Path): FastMap | undefined {
    const found = this.descend(path);
    const block = found?.trail.length === path.length + 1 ? found.block : undefined;
    if (block?.kind !== 'map') return undefined;
    const entries: FastEntry[] = [];
    for (let i = block.from; i < block.to; i++) {
      const line = this.lines[i]!;
      const first = i === block.from;
      const column = first ? this.innerColumn(line) : line.content - line.start;
      const at = line.start + column;
      const header = BLOCK_SCALAR_HEADER.test(this.text.slice(line.content, line.end));
      if (!first && (column !== block.column || this.isItem(line))) {
        // A line of the current entry's value.
        const current = entries[entries.length - 1];
        if (!current) return undefined;
        current.end = line.end;
        current.scalar = undefined;
        current.blockScalar ||= header;
        continue;
      }
      const keyEnd = this.writtenKeyEnd(at, line.end);
      if (keyEnd === undefined) return undefined;
      let colon = keyEnd;
      while (this.text[colon] === ' ') colon++;
      let valueStart = colon + 1;
      while (this.text[valueStart] === ' ' && valueStart < line.end) valueStart++;
      let scalar: readonly [number, number] | undefined;
      if (valueStart < line.end && this.text[valueStart] !== '#') {
        scalar = this.scalar(valueStart, line.end);
        // A quote that does not close on its line: its next lines are text, comment-like or not.
        if (!scalar && (this.text[valueStart] === '"' || this.text[valueStart] === "'")) return undefined;
      }
      entries.push({ keyText: this.text.slice(at, keyEnd), key: [at, keyEnd], scalar, end: line.end, blockScalar: header });
    }
    return entries.length > 0 ? { column: block.column, entries } : undefined;
  }

  /** End of a key written at `at` (any plain or simply quoted text) followed by `:`; undefined when the line holds no such key. */
  private writtenKeyEnd(at: number, lineEnd: number): number | undefined {
    const match = /^(?:"[^"\\]*"|'[^']*'|[^\s"'#:[\]{},][^:#]*?) *:(?: |$)/.exec(this.text.slice(at, lineEnd));
    if (!match) return undefined;
    let end = at + match[0].length - 1;
    while (this.text[end] !== ':') end--;
    while (this.text[end - 1] === ' ') end--;
    return end;
  }

  private descend(path: Path): { trail: FastNode[]; block: Block | FlowBlock | undefined } | undefined {
    const root = this.lines[0]!;
    const rootIsSeq = this.isItem(root);
    let block: Block | FlowBlock | undefined = { kind: rootIsSeq ? 'seq' : 'map', column: root.content - root.start, from: 0, to: this.lines.length };
    const trail: FastNode[] = [{ kind: rootIsSeq ? 'seq' : 'map', value: [root.content, root.end] }];
    for (const segment of path) {
      if (!block) break;
      const step: Step | undefined | null = typeof segment === 'number' ? this.item(block, segment) : this.entry(block, segment);
      if (step === null) return undefined;
      if (!step) break;
      trail.push(step.node);
      block = step.block;
    }
    return { trail, block };
  }

  private isItem(line: Line): boolean {
    const c = this.text[line.content];
    const next = this.text[line.content + 1];
    return c === '-' && (next === ' ' || next === undefined || line.content + 1 >= line.end);
  }

  /** Column of the content after a line's `- `, or of the line's content. */
  private innerColumn(line: Line): number {
    if (!this.isItem(line)) return line.content - line.start;
    let c = line.content + 1;
    while (this.text[c] === ' ' && c < line.end) c++;
    return c - line.start;
  }

  /** A map entry; undefined when absent, null when unsure. */
  private entry(block: Block | FlowBlock, key: string): Step | undefined | null {
    if (block.kind === 'flowMap') {
      const item = block.items.find((it) => it.key && this.text.slice(it.key[0], it.key[1]) === key);
      return item ? { node: { key: item.key!, kind: 'scalar', value: item.value }, block: undefined } : undefined;
    }
    if (block.kind !== 'map') return undefined;
    for (let i = block.from; i < block.to; i++) {
      const line = this.lines[i]!;
      const first = i === block.from;
      const column = first ? this.innerColumn(line) : line.content - line.start;
      if (column !== block.column || (!first && this.isItem(line))) continue;
      const at = line.start + column;
      const keyEnd = this.keyEnd(at, line.end, key);
      if (keyEnd === undefined) continue;
      let colon = keyEnd;
      while (this.text[colon] === ' ') colon++;
      let valueStart = colon + 1;
      while (this.text[valueStart] === ' ' && valueStart < line.end) valueStart++;
      // Nodes are built whole, never as `{ ...node, kind }`: in Node 20 a spread followed by more
      // properties makes objects that outlive the young generation, and placing the findings of a
      // 5,000-file run then left ~17 MB of dead nodes in the old one (peak RSS).
      const keyRange = [at, keyEnd] as const;
      if (valueStart >= line.end || this.text[valueStart] === '#') return this.nested(i, block, keyRange);
      if (this.text[valueStart] === '[' || this.text[valueStart] === '{') {
        const flow = this.flow(valueStart, line.end);
        if (!flow) return null;
        return { node: { key: keyRange, kind: flow.block.kind === 'flowSeq' ? 'seq' : 'map', value: flow.range }, block: flow.block };
      }
      const value = this.scalar(valueStart, line.end);
      // A plain or quoted scalar that continues on the next lines, or a block scalar: where its
      // text ends is for the parser, but its key is here (a finding on the key needs no more).
      const next = this.lines[i + 1];
      const continues = next !== undefined && i + 1 < block.to && next.content - next.start > block.column;
      if (!value || continues) {
        const end = this.blockScalarEnd(valueStart, line.end, block.column) ?? this.quotedOverLinesEnd(valueStart, i, block.column, block.to);
        if (end !== undefined) return { node: { key: keyRange, kind: 'scalar', value: [valueStart, end] }, block: undefined };
        return /^["'|>]|^[^-?:,[\]{}#&*!%@`]/.test(this.text[valueStart]!) ? { node: { key: keyRange, kind: 'scalar' }, block: undefined } : null;
      }
      return { node: { key: keyRange, kind: 'scalar', value }, block: undefined };
    }
    return undefined;
  }

  /** The collection (or nothing) on the lines after a key at line `i`. */
  private nested(i: number, parent: Block, key: readonly [number, number]): { node: FastNode; block: Block | undefined } | null {
    const next = this.lines[i + 1];
    const parentColumn = parent.column;
    if (!next || i + 1 >= parent.to) return { node: { key, kind: 'empty' }, block: undefined };
    const column = next.content - next.start;
    const isSeq = this.isItem(next);
    if (column < parentColumn || (column === parentColumn && !isSeq)) return { node: { key, kind: 'empty' }, block: undefined };
    let to = i + 1;
    while (to < parent.to) {
      const line = this.lines[to]!;
      const c = line.content - line.start;
      // A map runs while lines are indented at least to its keys (items at that column belong to
      // its keys' values); a list, while lines are deeper than its items or are its items.
      if (c < column || (isSeq && c === column && !this.isItem(line))) break;
      to++;
    }
    const block: Block = { kind: isSeq ? 'seq' : 'map', column, from: i + 1, to };
    return { node: { key, kind: block.kind, value: [next.content, next.end] }, block };
  }

  /** A sequence item; undefined when absent, null when unsure. */
  private item(block: Block | FlowBlock, index: number): Step | undefined | null {
    if (block.kind === 'flowSeq') {
      const item = block.items[index];
      return item ? { node: { kind: 'scalar', value: item.value }, block: undefined } : undefined;
    }
    if (block.kind !== 'seq') return undefined;
    let seen = -1;
    for (let i = block.from; i < block.to; i++) {
      const line = this.lines[i]!;
      if (line.content - line.start !== block.column || !this.isItem(line)) continue;
      if (++seen !== index) continue;
      const inner = line.start + this.innerColumn(line);
      if (inner >= line.end) return null; // the item's content starts on a later line
      let to = i + 1;
      while (to < block.to && !(this.lines[to]!.content - this.lines[to]!.start === block.column && this.isItem(this.lines[to]!))) to++;
      if (this.startsKey(inner, line.end)) {
        return { node: { kind: 'map', value: [inner, line.end] }, block: { kind: 'map', column: inner - line.start, from: i, to } };
      }
      if (this.text[inner] === '-') return null; // a list in a list item
      const end = this.blockScalarEnd(inner, line.end, block.column) ?? this.quotedOverLinesEnd(inner, i, block.column, to);
      if (end !== undefined) return { node: { kind: 'scalar', value: [inner, end] }, block: undefined };
      const value = this.scalar(inner, line.end);
      if (!value || to > i + 1) return null;
      return { node: { kind: 'scalar', value }, block: undefined };
    }
    return undefined;
  }

  /**
   * A flat one-line flow collection at `at`: plain scalars, and quoted ones without escapes,
   * commas or inner quotes as values (`accessModes: [ "ReadWriteOnce" ]`); nothing nested.
   */
  private flow(at: number, lineEnd: number): { range: readonly [number, number]; block: FlowBlock } | undefined {
    const open = this.text[at];
    const close = this.text.indexOf(open === '[' ? ']' : '}', at);
    if (close === -1 || close >= lineEnd) return undefined;
    const inner = this.text.slice(at + 1, close);
    if (/[[\]{}#&*!|>?]/.test(inner)) return undefined;
    const rest = this.text.slice(close + 1, lineEnd).trim();
    if (rest !== '' && !rest.startsWith('#')) return undefined;
    const items: FlowBlock['items'] = [];
    const kind = open === '[' ? 'flowSeq' : 'flowMap';
    if (inner.trim() === '') return { range: [at, close + 1], block: { kind, items } };
    let from = at + 1;
    const parts = inner.split(',');
    for (const [n, part] of parts.entries()) {
      const trimmed = part.trim();
      if (trimmed === '') {
        if (n !== parts.length - 1) return undefined; // only a trailing comma may leave an empty part
        continue;
      }
      const start = from + part.indexOf(trimmed);
      if (open === '[') {
        if (/: |:$/.test(trimmed) || !simplyQuoted(trimmed)) return undefined;
        items.push({ value: [start, start + trimmed.length] });
      } else {
        const colon = trimmed.indexOf(': ');
        if (colon <= 0) return undefined;
        const keyText = trimmed.slice(0, colon).trimEnd();
        const valueText = trimmed.slice(colon + 1).trim();
        if (valueText === '' || /: |:$/.test(valueText) || /["']/.test(keyText) || !simplyQuoted(valueText)) return undefined;
        const valueStart = start + trimmed.indexOf(valueText, colon + 1);
        items.push({ key: [start, start + keyText.length], value: [valueStart, valueStart + valueText.length] });
      }
      from += part.length + 1;
    }
    return { range: [at, close + 1], block: { kind, items } };
  }

  /**
   * End of the block scalar whose header (`|` or `>`, maybe `-` or `+`) is at `header` on a line
   * ending at `headerEnd`, the value of a node whose key or `-` is at column `parent`: where
   * `yaml`'s lexer ends it (the end of its range), ported from its parseBlockScalar. The lines
   * after the header go on while blank or indented at least as the first line with text; then
   * the last blank ones with no more spaces than that indentation are dropped, unless kept (`+`).
   * Undefined (left to the parser) without a line break after the header, with an indentation
   * indicator, a carriage return or a tab where the lexer looks at indentation.
   */
  private blockScalarEnd(header: number, headerEnd: number, parent: number): number | undefined {
    const { text } = this;
    const c = text[header];
    if ((c !== '|' && c !== '>') || text.charCodeAt(headerEnd) !== 10) return undefined;
    const indicators = text.slice(header, headerEnd);
    if (!PLAIN_BLOCK_HEADER.test(indicators)) return undefined;
    const keep = indicators[1] === '+';
    const pos = headerEnd + 1;
    let nl = headerEnd;
    // The first line with text sets the indentation (blank lines before it are the scalar's).
    let indent = 0;
    for (let i = pos; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 32) indent++;
      else if (ch === 10) {
        nl = i;
        indent = 0;
      } else if (ch === 13 || ch === 9) return undefined;
      else break;
    }
    if (indent > parent) {
      for (;;) {
        // The next line goes on when blank or indented at least `indent`.
        let at = nl + 1;
        while (text.charCodeAt(at) === 32) at++;
        const ch = text.charCodeAt(at);
        if (ch === 13) return undefined;
        if (ch !== 10 && at - (nl + 1) < indent) break;
        nl = text.indexOf('\n', at);
        if (nl === -1) break;
      }
      if (nl === -1) nl = text.length;
    }
    let after = nl + 1;
    while (text.charCodeAt(after) === 32) after++;
    if (text.charCodeAt(after) === 9) return undefined;
    if (!keep) {
      for (;;) {
        let i = nl - 1;
        const lastChar = i;
        while (text.charCodeAt(i) === 32) i--;
        if (text.charCodeAt(i) === 10 && i >= pos && i + 1 + indent > lastChar) nl = i;
        else break;
      }
    }
    const end = Math.min(nl + 1, text.length);
    return text.lastIndexOf('\r', end) < header ? end : undefined;
  }

  /**
   * End (after the closing quote) of a quoted scalar at `at` on line `i` that goes on over the
   * next lines, the value of a node at column `parent` in a block ending before line `to`: its
   * closing quote is found as `yaml`'s lexer finds it (the document parsed without error, so
   * the scalar is closed there). Only comments may follow the quote on its line, and no line of
   * the node may follow that one (else undefined).
   */
  private quotedOverLinesEnd(at: number, i: number, parent: number, to: number): number | undefined {
    const { text } = this;
    if (text[at] !== '"' && text[at] !== "'") return undefined;
    const close = lexerClosingQuote(text, at);
    if (close === -1) return undefined;
    let k = i + 1;
    while (k < this.lines.length && this.lines[k]!.start <= close) k++;
    const closing = this.lines[k - 1]!;
    if (k - 1 === i || close >= closing.end) return undefined;
    const rest = text.slice(close + 1, closing.end).trim();
    if (rest !== '' && !rest.startsWith('#')) return undefined;
    const next = this.lines[k];
    if (k < to && next !== undefined && next.content - next.start > parent) return undefined;
    return close + 1;
  }

  /** End offset of `key` written at `at` (plain or quoted) and followed by `:`; undefined otherwise. */
  private keyEnd(at: number, lineEnd: number, key: string): number | undefined {
    for (const written of [key, `"${key}"`, `'${key}'`]) {
      if (!this.text.startsWith(written, at)) continue;
      let c = at + written.length;
      while (this.text[c] === ' ' && c < lineEnd) c++;
      const after = this.text[c + 1];
      if (this.text[c] === ':' && (c + 1 >= lineEnd || after === ' ')) return at + written.length;
    }
    return undefined;
  }

  private startsKey(at: number, lineEnd: number): boolean {
    const c = this.text[at];
    if (c === '"' || c === "'" || c === '{' || c === '[' || c === '?') return false;
    for (let i = at; i < lineEnd; i++) {
      if (this.text[i] === '#' && this.text[i - 1] === ' ') return false;
      if (this.text[i] === ':' && (i + 1 >= lineEnd || this.text[i + 1] === ' ')) return true;
    }
    return false;
  }

  /** A one-line scalar starting at `at`: its offsets; undefined for anything else. */
  private scalar(at: number, lineEnd: number): readonly [number, number] | undefined {
    const c = this.text[at];
    if (c === '{' || c === '[' || c === '|' || c === '>' || c === '&' || c === '*' || c === '!' || c === '?' || c === '%' || c === '@' || c === '`')
      return undefined;
    if (c === '"' || c === "'") {
      for (let i = at + 1; i < lineEnd; i++) {
        if (c === '"' && this.text[i] === '\\') i++;
        else if (this.text[i] === c) {
          if (c === "'" && this.text[i + 1] === "'") i++;
          else {
            const rest = this.text.slice(i + 1, lineEnd).trim();
            return rest === '' || rest.startsWith('#') ? [at, i + 1] : undefined;
          }
        }
      }
      return undefined;
    }
    let end = lineEnd;
    const comment = this.text.slice(at, lineEnd).search(/\s#/);
    if (comment !== -1) end = at + comment;
    while (end > at && this.text[end - 1] === ' ') end--;
    const plain = this.text.slice(at, end);
    // `key: value: more` and other oddities are left to the parser.
    if (/: |:$/.test(plain) || plain.includes('\t')) return undefined;
    return [at, end];
  }
}
