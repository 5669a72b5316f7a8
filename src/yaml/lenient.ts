// go-yaml v2, which kubectl uses, accepts a multi-line quoted scalar whose continuation lines
// are indented no deeper than its key (common in PetSet-era init-container annotations);
// the YAML spec and the `yaml` package do not. This repairs exactly that case so such files
// read as kubectl reads them. Only indentation inside the quoted scalar changes and no line is
// added or removed; the spaces added per line are returned so positions map back exactly.

export interface Repair {
  text: string;
  /** 1-based line → number of spaces added at its start. */
  shifts: Map<number, number>;
}

/** Returns the text with under-indented quoted-scalar lines indented, or undefined if this is not that case. */
export function indentQuotedContinuations(text: string, errorOffset: number): Repair | undefined {
  const open = findOpeningQuote(text, errorOffset);
  if (!open) return undefined;
  const close = findClosingQuote(text, open.offset + 1, text[open.offset]!);
  if (close === -1) return undefined;
  const span = text.slice(open.offset, close);
  // Only the annotation-style case: the quote closes at the end of its line, and the value does
  // not run across a document marker (then it is a genuinely unclosed quote).
  if (!/^[ \t]*(\r?\n|$)/.test(text.slice(close + 1)) || /\n(---|\.\.\.)(\s|$)/.test(span)) return undefined;
  const minimum = open.indent + 1;
  const shifts = new Map<number, number>();
  let line = lineNumberAt(text, open.offset);
  let out = text.slice(0, open.offset + 1);
  let cursor = open.offset + 1;
  while (cursor <= close) {
    const newline = text.indexOf('\n', cursor);
    if (newline === -1 || newline > close) break;
    out += text.slice(cursor, newline + 1);
    cursor = newline + 1;
    line++;
    let indent = 0;
    while (text[cursor + indent] === ' ') indent++;
    const blank = text[cursor + indent] === '\n' || text[cursor + indent] === '\r';
    if (!blank && indent < minimum) {
      out += ' '.repeat(minimum - indent);
      shifts.set(line, minimum - indent);
    }
  }
  return shifts.size > 0 ? { text: out + text.slice(cursor), shifts } : undefined;
}

function lineNumberAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The last `key: '` or `key: "` line at or before `offset` whose quote is not closed on that line. */
export function findOpeningQuote(text: string, offset: number): { offset: number; indent: number } | undefined {
  let lineStart = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  for (let guard = 0; guard < 10_000 && lineStart >= 0; guard++) {
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
    const match = /^( *)(?:- +)?[^\s#'"][^:#]*:[ \t]+(['"])/.exec(line);
    if (match) {
      const quoteAt = lineStart + match[0].length - 1;
      const closeAt = findClosingQuote(text, quoteAt + 1, match[2]!);
      if (closeAt === -1 || text.slice(quoteAt, closeAt).includes('\n')) return { offset: quoteAt, indent: match[1]!.length };
      return undefined;
    }
    if (lineStart === 0) return undefined;
    lineStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  }
  return undefined;
}

function findClosingQuote(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') {
      i++;
      continue;
    }
    if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}
