// A fast reader for the YAML that manifests are made of: block maps and lists, one-line plain
// and quoted scalars, literal and folded block scalars, flow collections (JSON included). It
// builds plain values directly, without the syntax tree that `yaml` builds, and gives exactly
// the values `yaml` gives with the options of parse.ts (YAML 1.1 scalars, unique keys, merge
// keys): scalars are resolved by `yaml`'s own YAML 1.1 tags. Anything it is not sure about —
// anchors, aliases, tags, merge keys, duplicate keys, multi-line keys,
// directives, tabs in indentation, anything `yaml` might call an error — makes it give up
// (undefined), and parse.ts reads the text with `yaml`, which also gives errors and positions.
// test/fast-parse.test.ts compares both readers over the fixtures, the corpus and fuzzed YAML.

import { Document, isScalar } from 'yaml';

/** One document of the stream: its value, or `empty` when it holds no node at all. */

/** Thrown (and caught in fastParse) wherever this reader is not sure; made once, so throwing it costs no stack trace. */
class Unsure extends Error {}
const UNSURE = new Unsure('the fast YAML reader is not sure');

/** Characters `yaml` treats specially or rejects (controls, NEL, BOM, line/paragraph separators). */
// eslint-disable-next-line no-control-regex -- these control characters are exactly what is looked for
const UNUSUAL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

/** `yaml` rejects implicit keys longer than 1024 characters. */
const MAX_KEY_LENGTH = 1000;
/** Deeper nesting is left to `yaml`, which reports it. */
const MAX_DEPTH = 200;

const SPACE = 32;
const NEWLINE = 10;

// Scanning is done by sticky regular expressions (set `lastIndex`, `test`, read `lastIndex`), not
// by loops over `charCodeAt`: a run reads most of its YAML while this module's code is still
// interpreted (a cold run of Argo CD's install.yaml read 5× slower than a warm one), and a
// regular expression scans at native speed from its first use.

/** Blank and comment-only lines, each with its line break (tabs are fine there). */
const BLANK_LINES = /(?:[ \t]*(?:#[^\n]*)?\n)*/y;
/** Spaces (indentation, or between tokens). */
const SPACES = / */y;
/** The rest of the text when it is one blank or comment line without a line break. */
const LAST_BLANK_LINE = /[ \t]*(?:#[^\n]*)?$/y;
/**
 * A plain scalar's (or implicit key's) characters on one line: it stops at a line break, a tab,
 * a comment (`#` after a space) or a `:` followed by a space, a line break or the end.
 */
const PLAIN_RUN = /[^\n\t#:]*(?:(?:(?<! )#|:(?=[^ \n]))[^\n\t#:]*)*/y;
/** A double-quoted scalar closed on its line (an escaped line break is not). */
const DOUBLE_QUOTED_LINE = /"(?:[^"\\\n]|\\[^\n])*"/y;
/** A single-quoted scalar closed on its line (`''` is a quote inside it). */
const SINGLE_QUOTED_LINE = /'(?:[^'\n]|'')*'(?!')/y;

/** Where `pattern` (sticky, matching the empty string or more) stops when matched at `at`. */
function scan(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  pattern.test(text);
  return pattern.lastIndex;
}

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: object): unknown;
}

let tags: ScalarTag[] | undefined;
let tagOptions: object | undefined;

/** `yaml`'s YAML 1.1 scalar tags, in the order it tries them on a plain scalar. */
function scalarTags(): ScalarTag[] {
  if (!tags) {
    const doc = new Document(null, { version: '1.1', merge: true, uniqueKeys: true });
    tags = (doc.schema.tags as unknown as ScalarTag[]).filter((tag) => tag.default === true && tag.test);
    tagOptions = doc.options;
  }
  return tags;
}

/** Plain scalars already resolved; they repeat a lot (`name`, `ReadWriteOnce`, `true`). */
const resolved = new Map<string, unknown>();
const MAX_REMEMBERED = 20_000;

/**
 * The value of a plain scalar as `yaml` reads it (YAML 1.1): the first of its default tags
 * whose test matches resolves it, as the `yaml` composer does, and the result is converted as
 * `toJS` converts it.
 */
export function resolvePlain(source: string): unknown {
  const first = source.charCodeAt(0);
  // Every YAML 1.1 tag test but the string's needs one of `~ . + - 0-9 n N y Y t T f F o O`
  // first (null, bool, int, float, sexagesimal, timestamp); anything else is a string.
  if (!MAYBE_TYPED[first]) return source;
  const known = resolved.get(source);
  if (known !== undefined || resolved.has(source)) return known;
  let value: unknown = source;
  for (const tag of scalarTags()) {
    if (!tag.test!.test(source)) continue;
    let failed = false;
    value = tag.resolve(source, () => (failed = true), tagOptions!);
    if (failed) throw UNSURE;
    // Some tags resolve to a Scalar node (bool, null, float): its value is what toJS gives.
    if (isScalar(value)) value = value.value;
    if (typeof value === 'bigint') value = Number(value);
    break;
  }
  // A timestamp is a Date, as `yaml` gives it; a new one each time, so it is not remembered.
  if (value instanceof Date) return value;
  if (resolved.size >= MAX_REMEMBERED) resolved.clear();
  resolved.set(source, value);
  return value;
}

const MAYBE_TYPED: boolean[] = [];
for (const c of '~.+-0123456789nNyYtTfFoO') MAYBE_TYPED[c.charCodeAt(0)] = true;
// An empty plain scalar (a key with no value) is null: handled by the callers, never passed here.

/** Why fastParse gave up, when that tells parse.ts what `yaml` would say. */
export interface GiveUpHint {
  /**
   * Offset of the line break after which a quoted scalar goes on at or below its parent's
   * column (go-yaml accepts that, see lenient.ts): `yaml`'s lexer cuts the scalar there and
   * reports its missing closing quote at this offset, the first such error of the text.
   */
  quoteCut?: number;
}

/**
 * The documents of `text` as `yaml` reads them, or undefined when this reader is not sure
 * (`hint` then says why, when it can). `text` has no byte-order mark (source.ts removes it).
 */
export function fastParse(text: string, hint?: GiveUpHint): unknown[] | undefined {
  if (UNUSUAL.test(text)) return undefined;
  let input = text;
  if (input.includes('\r')) {
    // Windows line ends read as Unix ones; a lone carriage return is left to `yaml`.
    input = input.replace(/\r\n/g, '\n');
    if (input.includes('\r')) return undefined;
  }
  const reader = new Reader(input);
  try {
    return reader.stream();
  } catch {
    // Not sure, deep recursion or anything unexpected: `yaml` decides. Offsets in a text whose
    // line ends were changed are not the text's.
    if (hint && input === text && reader.quoteCut !== -1) hint.quoteCut = reader.quoteCut;
    return undefined;
  }
}

class Reader {
  /** Offset of the start of the current line. */
  private line = 0;
  private depth = 0;
  /**
   * The last answer of nextContentLine: from the line at `peekFrom`, content at `peekAt` on the
   * line at `peekLine`. Asked twice for most lines (expectNoContinuation looks ahead, then the
   * collection goes on there), so the second time is free.
   */
  private peekFrom = -1;
  private peekAt = -1;
  private peekLine = 0;
  /** Set where the reader gives up on a quoted scalar cut by an under-indented line (GiveUpHint). */
  quoteCut = -1;

  constructor(private readonly text: string) {}

  stream(): unknown[] {
    const docs: unknown[] = [];
    let open = false;
    for (;;) {
      const at = this.nextContentLine();
      if (at === -1) break;
      const marker = this.markerAt(at);
      if (marker === 'end') throw UNSURE;
      if (marker === 'start') {
        // Every `---` starts a document; only a comment may follow it on its line.
        const rest = this.skipSpaces(at + 3);
        if (rest < this.text.length && this.text.charCodeAt(rest) !== NEWLINE && this.text[rest] !== '#') throw UNSURE;
        if (this.text[rest] === '#' && rest === at + 3) throw UNSURE;
        docs.push(null);
        open = true;
        this.line = this.lineAfter(at);
        continue;
      }
      if (this.text[at] === '%' && this.indentOf(at) === 0) throw UNSURE; // a directive
      if (!open) docs.push(null);
      open = false;
      const indent = at - this.line;
      const value = this.blockNode(at, indent, -1);
      docs[docs.length - 1] = value;
      // After the root node: nothing but a document marker or the end.
      const next = this.nextContentLine();
      if (next !== -1 && this.markerAt(next) !== 'start') throw UNSURE;
    }
    return docs;
  }

  // ---------- lines ----------

  /** Offset of the start of the line after the one holding `offset`. */
  private lineAfter(offset: number): number {
    const newline = this.text.indexOf('\n', offset);
    return newline === -1 ? this.text.length : newline + 1;
  }

  /**
   * From `this.line`, skips blank and comment-only lines; returns the offset of the first
   * content character of the next line with content (and sets `this.line` to its start), or -1.
   */
  private nextContentLine(): number {
    const from = this.line;
    if (from === this.peekFrom) {
      this.line = this.peekLine;
      return this.peekAt;
    }
    const at = this.scanContentLine(from);
    this.peekFrom = from;
    this.peekAt = at;
    this.peekLine = this.line;
    return at;
  }

  private scanContentLine(from: number): number {
    const { text } = this;
    const start = scan(BLANK_LINES, text, from);
    const i = scan(SPACES, text, start);
    // Reads past the end are guarded here and in skipSpaces: where optimized code reads past
    // the end, V8 throws that code away (an "out of bounds" deopt) and compiles it again.
    const c = i < text.length ? text.charCodeAt(i) : -1;
    // The end, or a last blank or comment line without a line break (others were skipped).
    if (c === -1 || c === 35) {
      this.line = text.length;
      return -1;
    }
    if (c === 9) {
      // A tab: fine on a blank line, but in indentation it is an error for `yaml`.
      if (scan(LAST_BLANK_LINE, text, i) === text.length) {
        this.line = text.length;
        return -1;
      }
      throw UNSURE;
    }
    this.line = start;
    return i;
  }

  private indentOf(at: number): number {
    return at - this.line;
  }

  private markerAt(at: number): 'start' | 'end' | undefined {
    if (at !== this.line) return undefined;
    const { text } = this;
    const three = text.startsWith('---', at) ? 'start' : text.startsWith('...', at) ? 'end' : undefined;
    if (!three) return undefined;
    const after = text.charCodeAt(at + 3);
    return Number.isNaN(after) || after === SPACE || after === NEWLINE || after === 9 ? three : undefined;
  }

  private skipSpaces(at: number): number {
    const { text } = this;
    let i = at;
    if (i >= text.length) return i;
    // Mostly one space (`key: value`): no scan for that.
    if (text.charCodeAt(i) === SPACE && ++i < text.length && text.charCodeAt(i) === SPACE) i = scan(SPACES, text, i);
    if (i < text.length && text.charCodeAt(i) === 9) throw UNSURE;
    return i;
  }

  /** After a value that ends on its line: only spaces and a comment may follow. Moves to the next line. */
  private endOfLine(at: number): void {
    const i = this.skipSpaces(at);
    if (i < this.text.length && this.text.charCodeAt(i) !== NEWLINE) {
      if (this.text[i] !== '#' || i === at) throw UNSURE;
    }
    this.line = this.lineAfter(i);
  }

  /**
   * Whether the next content line (not a document marker) is indented deeper than `parent`.
   * When not, a plain scalar has no continuation lines (blank and comment lines before that
   * line change nothing): the usual case, answered by the look-ahead that expectNoContinuation
   * makes next anyway.
   */
  private deeperLineFollows(parent: number): boolean {
    const saved = this.line;
    const next = this.nextContentLine();
    const deeper = next !== -1 && this.markerAt(next) === undefined && next - this.line > parent;
    this.line = saved;
    return deeper;
  }

  /** The next content line must not be indented deeper than `parent`: a value does not go on there. */
  private expectNoContinuation(parent: number): void {
    const saved = this.line;
    const next = this.nextContentLine();
    if (next !== -1 && this.markerAt(next) === undefined && next - this.line > parent) throw UNSURE;
    this.line = saved;
  }

  // ---------- block nodes ----------

  /** The node whose first character is at `at` (column `indent`), inside a parent at column `parent`. */
  private blockNode(at: number, indent: number, parent: number): unknown {
    // No try/finally for the depth: a reader that throws is never used again.
    if (++this.depth > MAX_DEPTH) throw UNSURE;
    let value: unknown;
    let keyEnd: number | undefined;
    if (this.isItem(at)) value = this.sequence(at, indent);
    else if ((keyEnd = this.keyAt(at)) !== undefined) value = this.mapping(at, keyEnd, indent);
    else value = this.inlineValue(at, parent);
    this.depth--;
    return value;
  }

  private isItem(at: number): boolean {
    if (this.text[at] !== '-') return false;
    const next = this.text.charCodeAt(at + 1);
    return Number.isNaN(next) || next === SPACE || next === NEWLINE || next === 9;
  }

  /** A block list whose first `-` is at `at`, column `indent`; later items start lines at that column. */
  private sequence(first: number, indent: number): unknown[] {
    const items: unknown[] = [];
    let at = first;
    for (;;) {
      items.push(this.itemValue(at + 1, indent));
      const next = this.nextContentLine();
      if (next === -1 || this.markerAt(next) !== undefined) break;
      const column = next - this.line;
      if (column < indent) break;
      if (column > indent) throw UNSURE;
      if (!this.isItem(next)) break; // the parent (a key at the same column) goes on
      at = next;
    }
    // An exact copy: a list grown by push keeps room for 17 items, 150 bytes for the one or two
    // most lists hold, for as long as the run keeps the object (12 MB over 5,000 files).
    return items.slice();
  }

  /** The value after an item's `-` (at `after`), for a list at column `indent`. */
  private itemValue(after: number, indent: number): unknown {
    const content = this.skipSpaces(after);
    if (content >= this.text.length || this.text.charCodeAt(content) === NEWLINE || this.text[content] === '#') {
      if (this.text[content] === '#' && content === after) throw UNSURE;
      return this.valueBelow(content, indent, false);
    }
    return this.blockNode(content, content - this.line, indent);
  }

  /**
   * The value of a key or item whose line ends after its indicator: the block node on the next
   * lines when they are deeper (or a list at the key's own column), else null.
   */
  private valueBelow(lineRest: number, indent: number, listAtSameColumn: boolean): unknown {
    this.line = this.lineAfter(lineRest);
    const next = this.nextContentLine();
    if (next === -1 || this.markerAt(next) !== undefined) return null;
    const column = next - this.line;
    if (column > indent) return this.blockNode(next, column, indent);
    if (column === indent && listAtSameColumn && this.isItem(next)) {
      if (++this.depth > MAX_DEPTH) throw UNSURE;
      const items = this.sequence(next, indent);
      this.depth--;
      return items;
    }
    return null;
  }

  /** A block map whose first key is at `first` (ending at `firstKeyEnd`, as keyAt found it), column `indent`. */
  private mapping(first: number, firstKeyEnd: number, indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    let at = first;
    let keyEnd: number | undefined = firstKeyEnd;
    for (;;) {
      if (keyEnd === undefined) throw UNSURE;
      const key = this.keyText(at, keyEnd);
      // keyAt leaves the colon right after the key and its spaces.
      let colon = keyEnd;
      while (this.text.charCodeAt(colon) === SPACE) colon++;
      const value = this.entryValue(colon + 1, indent);
      setEntry(map, key, value);
      const next = this.nextContentLine();
      if (next === -1 || this.markerAt(next) !== undefined) break;
      const column = next - this.line;
      if (column < indent) break;
      if (column > indent) throw UNSURE;
      at = next;
      keyEnd = this.keyAt(at);
    }
    return map;
  }

  /** The value after a key's colon (at `after`), for a map at column `indent`. */
  private entryValue(after: number, indent: number): unknown {
    const { text } = this;
    if (after < text.length && text.charCodeAt(after) !== SPACE && text.charCodeAt(after) !== NEWLINE) throw UNSURE;
    const content = this.skipSpaces(after);
    if (content >= text.length || text.charCodeAt(content) === NEWLINE || text[content] === '#') {
      if (text[content] === '#' && content === after) throw UNSURE;
      return this.valueBelow(content, indent, true);
    }
    if (this.isItem(content)) throw UNSURE; // `key: - x` is an error
    return this.inlineValue(content, indent);
  }

  /**
   * End offset of an implicit key starting at `at` (before the spaces and colon that follow it),
   * or undefined when the line at `at` is not `key: …`.
   */
  private keyAt(at: number): number | undefined {
    const { text } = this;
    const c = text[at];
    if (c === '"' || c === "'") {
      const end = this.quotedEnd(at);
      if (end === -1) return undefined;
      let i = end;
      while (text.charCodeAt(i) === SPACE) i++;
      if (text[i] !== ':') return undefined;
      const after = text.charCodeAt(i + 1);
      if (!(Number.isNaN(after) || after === SPACE || after === NEWLINE)) throw UNSURE;
      return end;
    }
    if (!this.canStartPlain(at)) return undefined;
    const i = scan(PLAIN_RUN, text, at);
    const ch = text.charCodeAt(i);
    if (ch === 9) throw UNSURE;
    // Else a line break, the end or a comment: no key; or the key's colon.
    if (ch !== 58 /* : */) return undefined;
    let end = i;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    if (end - at > MAX_KEY_LENGTH) throw UNSURE;
    return end;
  }

  /** The JavaScript property name of the key written at [at, end), as `yaml` makes it. */
  private keyText(at: number, end: number): string {
    const c = this.text[at];
    if (c === '"' || c === "'") return this.quoted(at, end);
    const source = this.text.slice(at, end);
    if (source === '<<') throw UNSURE; // a merge key
    return keyName(resolvePlain(source));
  }

  /** Whether a plain scalar may start at `at` in block context (YAML 1.2 ns-plain-first). */
  private canStartPlain(at: number): boolean {
    const c = this.text.charCodeAt(at);
    const kind = c < 128 ? PLAIN_START[c]! : PLAIN;
    if (kind === PLAIN) return true;
    if (kind === NOT_PLAIN) return false;
    // `-`, `?`, `:`: allowed when followed by a "safe" character; `:` and `?` starts are left to `yaml`.
    if (c !== 45 /* - */) throw UNSURE;
    const next = this.text.charCodeAt(at + 1);
    return !(Number.isNaN(next) || next === SPACE || next === NEWLINE || next === 9);
  }

  /** A value that starts on the current line at `at` (a scalar, a block scalar or a flow collection). */
  private inlineValue(at: number, parent: number): unknown {
    const { text } = this;
    const c = text[at];
    if (c === '|' || c === '>') return this.blockScalar(at, parent);
    if (c === '[' || c === '{') {
      const end = { at: 0 };
      const value = this.flowCollection(at, parent, end);
      this.endOfLine(end.at);
      this.expectNoContinuation(parent);
      return value;
    }
    if (c === '"' || c === "'") {
      let end = this.quotedEnd(at);
      let value: string;
      if (end === -1) {
        end = this.multiLineQuotedEnd(at, parent);
        const source = text.slice(at, end);
        value = c === "'" ? unfoldLines(source.slice(1, -1)).replace(/''/g, "'") : doubleQuotedLines(source);
      } else {
        value = this.quoted(at, end);
      }
      this.endOfLine(end);
      this.expectNoContinuation(parent);
      return value;
    }
    if (!this.canStartPlain(at)) throw UNSURE;
    const end = scan(PLAIN_RUN, text, at);
    const stop = text.charCodeAt(end);
    if (stop === 9 || stop === 58) throw UNSURE; // a tab, or `a: b: c`
    let last = end;
    while (text.charCodeAt(last - 1) === SPACE) last--;
    let source = text.slice(at, last);
    this.line = this.lineAfter(end);
    if (text[end] !== '#' && this.deeperLineFollows(parent)) source = this.plainContinuation(source, parent);
    this.expectNoContinuation(parent);
    return resolvePlain(source);
  }

  /**
   * The lines that continue a plain scalar (deeper than `parent`), folded as YAML folds them:
   * a line break becomes a space, and n blank lines become n line breaks.
   */
  private plainContinuation(first: string, parent: number): string {
    const { text } = this;
    let source = first;
    let blanks = 0;
    let start = this.line;
    while (start < text.length) {
      const s = scan(SPACES, text, start);
      const c = text.charCodeAt(s);
      if (c === NEWLINE) {
        blanks++;
        start = s + 1;
        continue;
      }
      if (Number.isNaN(c) || c === 35 || c === 9 || s - start <= parent) break;
      if (s === start && (text.startsWith('---', s) || text.startsWith('...', s))) break;
      const end = scan(PLAIN_RUN, text, s);
      // A tab, a comment inside a folded scalar, or `: `: left to `yaml`.
      if (end < text.length && text.charCodeAt(end) !== NEWLINE) throw UNSURE;
      let last = end;
      while (text.charCodeAt(last - 1) === SPACE) last--;
      source += (blanks > 0 ? '\n'.repeat(blanks) : ' ') + text.slice(s, last);
      blanks = 0;
      start = end + 1;
      this.line = Math.min(start, text.length);
    }
    return source;
  }

  // ---------- scalars ----------

  /** Offset just after the closing quote of the one-line quoted scalar at `at`; -1 when it is not closed on its line. */
  private quotedEnd(at: number): number {
    const pattern = this.text.charCodeAt(at) === 34 ? DOUBLE_QUOTED_LINE : SINGLE_QUOTED_LINE;
    pattern.lastIndex = at;
    return pattern.test(this.text) ? pattern.lastIndex : -1;
  }

  /**
   * Offset just after the closing quote of a quoted scalar at `at` that goes on over more lines,
   * a value under a parent at column `parent`. Found as `yaml`'s lexer finds it; every line it
   * goes on to must be blank or deeper than the parent (else `yaml` reports an error). Tabs, a
   * root scalar and an unclosed quote are left to `yaml`.
   */
  private multiLineQuotedEnd(at: number, parent: number): number {
    const { text } = this;
    if (parent < 0) throw UNSURE;
    const quote = text.charCodeAt(at);
    for (let i = at + 1; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 9) throw UNSURE;
      if (ch === NEWLINE) {
        let s = i + 1;
        while (text.charCodeAt(s) === SPACE) s++;
        const next = text.charCodeAt(s);
        if (Number.isNaN(next)) throw UNSURE;
        if (next !== NEWLINE && s - (i + 1) <= parent) {
          // `yaml`'s lexer finds the closing quote first (anywhere after), then cuts the scalar
          // at the first line break before it whose next line is not indented deeper than the
          // parent: this one; the cut scalar misses its closing quote unless its last character
          // is one (then `yaml` reports something else). Without a closing quote at all, its
          // error is elsewhere.
          if (lexerClosingQuote(text, at) > i && (i - 1 === at || text.charCodeAt(i - 1) !== quote)) this.quoteCut = i;
          throw UNSURE;
        }
        continue;
      }
      if (quote === 34 && ch === 92 /* \ */) {
        // An escaped character is skipped; an escaped line break is still a line to check.
        if (text.charCodeAt(i + 1) !== NEWLINE) i++;
        continue;
      }
      if (ch === quote) {
        if (quote === 39 && text.charCodeAt(i + 1) === 39) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    throw UNSURE;
  }

  /** The value of the one-line quoted scalar [at, end). */
  private quoted(at: number, end: number): string {
    const { text } = this;
    const body = text.slice(at + 1, end - 1);
    if (text[at] === "'") return body.includes("''") ? body.replace(/''/g, "'") : body;
    return body.includes('\\') ? unescape(body) : body;
  }

  /** A literal (`|`) or folded (`>`) block scalar whose indicator is at `at`, under a parent at column `parent`. */
  private blockScalar(at: number, parent: number): string {
    const { text } = this;
    const folded = text[at] === '>';
    let i = at + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    const h = text[i];
    if (h === '-' || h === '+') {
      chomp = h === '-' ? 'strip' : 'keep';
      i++;
    }
    const d = text.charCodeAt(i);
    if (d >= 48 && d <= 57) throw UNSURE; // an indentation indicator
    if (parent < 0) throw UNSURE;
    this.endOfLine(i);
    // Content lines: the first line with content sets the indentation.
    let start = this.line;
    const lines: string[] = [];
    let indent = -1;
    let maxBlank = 0;
    while (start < text.length) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? text.length : newline;
      const s = scan(SPACES, text, start);
      if (s === end) {
        // A blank line (only spaces); one with more spaces than the content's is left to `yaml`.
        if (indent === -1) maxBlank = Math.max(maxBlank, end - start);
        else if (end - start > indent) throw UNSURE;
        lines.push('');
        start = end + 1;
        continue;
      }
      const column = s - start;
      if (indent === -1) {
        if (column <= parent) break;
        if (maxBlank > column) throw UNSURE;
        indent = column;
      } else if (column < indent) {
        break;
      }
      if (folded && text.charCodeAt(start + indent) === 9) throw UNSURE;
      lines.push(text.slice(start + indent, end));
      start = end + 1;
    }
    // The scalar ends where the next content begins (or at the end of the text).
    const endsText = start >= text.length;
    this.line = Math.min(start, text.length);
    // Trailing blank lines belong to chomping.
    let last = lines.length;
    while (last > 0 && lines[last - 1] === '') last--;
    let trailing = lines.length - last;
    if (endsText && trailing > 0 && !text.endsWith('\n')) trailing--; // a last line without a line break adds none
    const content = lines.slice(0, last);
    if (content.length === 0) {
      if (indent !== -1) throw UNSURE;
      return chomp === 'keep' ? '\n'.repeat(Math.max(0, trailing)) : '';
    }
    let body: string;
    if (folded) {
      // Folded as `yaml`'s resolveBlockScalar folds: a line break between two lines of text is a
      // space, blank lines are line breaks, and more-indented lines (text starting with a space)
      // keep the line breaks around them.
      body = '';
      let separator = '';
      let moreIndentedBefore = false;
      let n = 0;
      for (; n < content.length && content[n] === ''; n++) body += '\n';
      for (; n < content.length; n++) {
        const line = content[n]!;
        const c = line.charCodeAt(0);
        if (c === 9) throw UNSURE; // a tab after the indentation: left to `yaml`
        if (c === SPACE) {
          if (separator === ' ') separator = '\n';
          else if (!moreIndentedBefore && separator === '\n') separator = '\n\n';
          body += separator + line;
          separator = '\n';
          moreIndentedBefore = true;
        } else if (line === '') {
          if (separator === '\n') body += '\n';
          else separator = '\n';
        } else {
          body += separator + line;
          separator = ' ';
          moreIndentedBefore = false;
        }
      }
    } else {
      body = content.join('\n');
    }
    if (chomp === 'strip') return body;
    if (chomp === 'clip') return `${body}\n`;
    return `${body}\n${'\n'.repeat(trailing)}`;
  }

  // ---------- flow collections ----------

  /** A flow collection at `at` (`[` or `{`), possibly over several lines deeper than `parent`. */
  private flowCollection(at: number, parent: number, end: { at: number }): unknown {
    if (++this.depth > MAX_DEPTH) throw UNSURE;
    const value = this.text[at] === '[' ? this.flowSequence(at, parent, end) : this.flowMap(at, parent, end);
    this.depth--;
    return value;
  }

  /** Skips spaces, line breaks and comments inside a flow collection; continuation lines must be deeper than `parent`. */
  private flowSpace(from: number, parent: number): number {
    const { text } = this;
    let i = from;
    for (;;) {
      const ch = text.charCodeAt(i);
      if (ch === SPACE) {
        i++;
      } else if (ch === 9) {
        throw UNSURE;
      } else if (ch === NEWLINE) {
        i++;
        let column = 0;
        while (text.charCodeAt(i) === SPACE) {
          i++;
          column++;
        }
        const next = text.charCodeAt(i);
        if (next !== NEWLINE && next !== 35 && column <= parent) throw UNSURE;
        if (column === 0 && (text.startsWith('---', i) || text.startsWith('...', i))) throw UNSURE;
      } else if (ch === 35) {
        if (i === from && i > 0 && text.charCodeAt(i - 1) !== SPACE && text.charCodeAt(i - 1) !== NEWLINE) throw UNSURE;
        const newline = text.indexOf('\n', i);
        if (newline === -1) throw UNSURE;
        i = newline;
      } else {
        return i;
      }
    }
  }

  private flowSequence(open: number, parent: number, end: { at: number }): unknown[] {
    const { text } = this;
    const items: unknown[] = [];
    let i = this.flowSpace(open + 1, parent);
    for (;;) {
      if (text[i] === ']') {
        end.at = i + 1;
        return items.slice(); // exact size, as sequence()'s
      }
      const item = { at: 0 };
      items.push(this.flowItem(i, parent, item));
      i = this.flowSpace(item.at, parent);
      if (text[i] === ':') throw UNSURE; // a one-pair map inside a list
      if (text[i] === ',') {
        i = this.flowSpace(i + 1, parent);
        if (text[i] === ',') throw UNSURE;
      } else if (text[i] !== ']') {
        throw UNSURE;
      }
    }
  }

  private flowMap(open: number, parent: number, end: { at: number }): Record<string, unknown> {
    const { text } = this;
    const map: Record<string, unknown> = {};
    let i = this.flowSpace(open + 1, parent);
    for (;;) {
      if (text[i] === '}') {
        end.at = i + 1;
        return map;
      }
      const c = text[i];
      let key: string;
      let afterKey: number;
      if (c === '"' || c === "'") {
        const close = this.quotedEnd(i);
        if (close === -1) throw UNSURE;
        key = this.quoted(i, close);
        afterKey = this.flowSpace(close, parent);
        if (text[afterKey] !== ':') throw UNSURE;
        afterKey++;
      } else {
        // A key is a plain scalar like any other: `*a`, `&a`, `!t`, `|`… start something else.
        if (!this.canStartFlowPlain(i)) throw UNSURE;
        const plainEnd = this.flowPlainEnd(i, true);
        if (plainEnd === i || text[plainEnd] !== ':') throw UNSURE;
        let last = plainEnd;
        while (text.charCodeAt(last - 1) === SPACE) last--;
        const source = text.slice(i, last);
        if (source === '<<' || last - i > MAX_KEY_LENGTH) throw UNSURE;
        key = keyName(resolvePlain(source));
        afterKey = plainEnd + 1;
      }
      i = this.flowSpace(afterKey, parent);
      let value: unknown = null;
      if (text[i] !== ',' && text[i] !== '}') {
        const item = { at: 0 };
        value = this.flowItem(i, parent, item);
        i = this.flowSpace(item.at, parent);
      }
      setEntry(map, key, value);
      if (text[i] === ',') {
        i = this.flowSpace(i + 1, parent);
        if (text[i] === ',') throw UNSURE;
      } else if (text[i] !== '}') {
        throw UNSURE;
      }
    }
  }

  /** A value inside a flow collection at `at`; sets `end.at` to the offset after it. */
  private flowItem(at: number, parent: number, end: { at: number }): unknown {
    const { text } = this;
    const c = text[at];
    if (c === '[' || c === '{') return this.flowCollection(at, parent, end);
    if (c === '"' || c === "'") {
      const close = this.quotedEnd(at);
      if (close === -1) throw UNSURE;
      end.at = close;
      return this.quoted(at, close);
    }
    if (!this.canStartFlowPlain(at)) throw UNSURE;
    const plainEnd = this.flowPlainEnd(at, false);
    if (plainEnd === at) throw UNSURE;
    let last = plainEnd;
    while (text.charCodeAt(last - 1) === SPACE) last--;
    // A plain scalar that goes on to the next line is folded by `yaml`: left to it.
    if (text.charCodeAt(plainEnd) === NEWLINE) {
      const next = this.flowSpace(plainEnd, parent);
      if (text[next] !== ',' && text[next] !== ']' && text[next] !== '}') throw UNSURE;
    }
    end.at = plainEnd;
    return resolvePlain(text.slice(at, last));
  }

  /**
   * Whether a plain scalar may start at `at` inside a flow collection: as in block context, but
   * a `-` must be followed by a character that may go on a flow scalar (not `,[]{}`).
   */
  private canStartFlowPlain(at: number): boolean {
    if (this.text[at] === ',' || !this.canStartPlain(at)) return false;
    return this.text[at] !== '-' || !isFlowIndicator(this.text.charCodeAt(at + 1));
  }

  /** End of a plain scalar in flow context: at a flow indicator, a `: `, a comment or the line end. */
  private flowPlainEnd(at: number, isKey: boolean): number {
    const { text } = this;
    let i = at;
    for (; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === NEWLINE || ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) break;
      if (ch === 9) throw UNSURE;
      if (ch === 35 && text.charCodeAt(i - 1) === SPACE) break;
      if (ch === 58) {
        const after = text.charCodeAt(i + 1);
        if (Number.isNaN(after) || after === SPACE || after === NEWLINE || after === 44 || after === 91 || after === 93 || after === 123 || after === 125) {
          if (!isKey) throw UNSURE;
          break;
        }
      }
    }
    if (isKey && text[i] !== ':') throw UNSURE;
    return i;
  }
}

/** The closing quote of the quoted scalar at `at` as `yaml`'s lexer finds it (line breaks and all), or -1. */
export function lexerClosingQuote(text: string, at: number): number {
  const quote = text[at]!;
  let end = text.indexOf(quote, at + 1);
  if (quote === "'") {
    while (end !== -1 && text[end + 1] === "'") end = text.indexOf("'", end + 2);
    return end;
  }
  while (end !== -1) {
    let backslashes = 0;
    while (text[end - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) break;
    end = text.indexOf('"', end + 1);
  }
  return end;
}

const PLAIN = 0;
const NOT_PLAIN = 1;
const INDICATOR_THEN_SAFE = 2;
/** What an ASCII character says about a plain scalar starting with it (canStartPlain): a table, not a switch over strings. */
const PLAIN_START = new Uint8Array(128);
for (const c of ',[]{}#&*!|>\'"%@`') PLAIN_START[c.charCodeAt(0)] = NOT_PLAIN;
for (const c of '-?:') PLAIN_START[c.charCodeAt(0)] = INDICATOR_THEN_SAFE;

/** `,` `[` `]` `{` `}` */
function isFlowIndicator(ch: number): boolean {
  return ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125;
}

/** The property name `yaml` gives a plain key's value; a timestamp key is left to `yaml`, which names it its own way. */
function keyName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return '';
  throw UNSURE;
}

/** Adds a key as `yaml`'s toJS does (an inherited name such as `__proto__` becomes an own property); a repeated key is left to `yaml`. */
function setEntry(map: Record<string, unknown>, key: string, value: unknown): void {
  // One lookup for the usual new key; `in` also finds what the map inherits.
  if (!(key in map)) {
    map[key] = value;
    return;
  }
  if (Object.prototype.hasOwnProperty.call(map, key)) throw UNSURE;
  Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * The lines of a single-quoted scalar's text (without its quotes) folded as `yaml` folds them
 * (its `unfoldLines`): the first line loses its trailing spaces, the last its leading ones, the
 * lines between both; a line break becomes a space, and each blank line one line break. The
 * text holds no tab (multiLineQuotedEnd leaves those to `yaml`).
 */
function unfoldLines(body: string): string {
  const lines = body.split('\n');
  let out = trimEndSpaces(lines[0]!);
  let separator = ' ';
  for (let n = 1; n < lines.length - 1; n++) {
    const line = trimEndSpaces(trimStartSpaces(lines[n]!));
    if (line === '') {
      if (separator === '\n') out += separator;
      else separator = '\n';
    } else {
      out += separator + line;
      separator = ' ';
    }
  }
  return out + separator + trimStartSpaces(lines[lines.length - 1]!);
}

function trimStartSpaces(line: string): string {
  let i = 0;
  while (line.charCodeAt(i) === SPACE) i++;
  return i === 0 ? line : line.slice(i);
}

function trimEndSpaces(line: string): string {
  let i = line.length;
  while (line.charCodeAt(i - 1) === SPACE) i--;
  return i === line.length ? line : line.slice(0, i);
}

/**
 * The value of a double-quoted scalar written over several lines (`source` with its quotes), as
 * `yaml`'s `doubleQuotedValue` reads it: spaces before a line break are dropped, a line break
 * and the next line's indentation become a space (blank lines: one line break each), an escaped
 * line break joins the lines. No tabs (left to `yaml`); an escape `yaml` calls an error is too.
 */
function doubleQuotedLines(source: string): string {
  let out = '';
  const last = source.length - 1;
  for (let i = 1; i < last; i++) {
    const ch = source[i]!;
    if (ch === '\n') {
      let fold = '';
      while (source[i + 1] === ' ' || source[i + 1] === '\n') {
        if (source[i + 1] === '\n') fold += '\n';
        i++;
      }
      out += fold || ' ';
    } else if (ch === '\\') {
      const c = source[++i]!;
      const simple = ESCAPES[c];
      if (simple !== undefined) {
        out += simple;
      } else if (c === '\n') {
        while (source[i + 1] === ' ') i++;
      } else {
        const length = HEX_LENGTH[c];
        if (length === undefined) throw UNSURE;
        const hex = source.slice(i + 1, i + 1 + length);
        if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw UNSURE;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) throw UNSURE;
        out += String.fromCodePoint(code);
        i += length;
      }
    } else if (ch === ' ') {
      const spaces = i;
      while (source[i + 1] === ' ') i++;
      if (source[i + 1] !== '\n') out += source.slice(spaces, i + 1);
    } else {
      out += ch;
    }
  }
  return out;
}

/** The escapes of a one-line double-quoted scalar, as YAML defines them. */
function unescape(body: string): string {
  let out = '';
  let from = 0;
  for (let i = body.indexOf('\\'); i !== -1; i = body.indexOf('\\', from)) {
    out += body.slice(from, i);
    const c = body[i + 1]!;
    const simple = ESCAPES[c];
    if (simple !== undefined) {
      out += simple;
      from = i + 2;
      continue;
    }
    const length = HEX_LENGTH[c];
    if (length === undefined) throw UNSURE;
    const hex = body.slice(i + 2, i + 2 + length);
    if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw UNSURE;
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) throw UNSURE;
    out += String.fromCodePoint(code);
    from = i + 2 + length;
  }
  return out + body.slice(from);
}
