// go-yaml v2, which kubectl uses, accepts a multi-line quoted scalar whose continuation lines
// are indented no deeper than its key (common in PetSet-era init-container annotations);
// the YAML spec and the `yaml` package do not. This repairs exactly that case so such files
// read as kubectl reads them. Only indentation inside the quoted scalar changes: no line is
// added or removed, so every position outside the scalar stays exact.

/** Returns the text with under-indented quoted-scalar lines indented, or undefined if nothing was changed. */
export function indentQuotedContinuations(text: string, errorOffset: number): string | undefined {
  const open = findOpeningQuote(text, errorOffset);
  if (!open) return undefined;
  const close = findClosingQuote(text, open.offset + 1, text[open.offset]!);
  if (close === -1) return undefined;
  const minimum = open.indent + 1;
  let changed = false;
  let out = text.slice(0, open.offset + 1);
  let cursor = open.offset + 1;
  while (cursor <= close) {
    const newline = text.indexOf('\n', cursor);
    if (newline === -1 || newline > close) break;
    out += text.slice(cursor, newline + 1);
    cursor = newline + 1;
    let indent = 0;
    while (text[cursor + indent] === ' ') indent++;
    const blank = text[cursor + indent] === '\n' || text[cursor + indent] === '\r';
    if (!blank && indent < minimum) {
      out += ' '.repeat(minimum - indent);
      changed = true;
    }
  }
  return changed ? out + text.slice(cursor) : undefined;
}

/** The last `key: '` or `key: "` line at or before `offset` whose quote is not closed on that line. */
function findOpeningQuote(text: string, offset: number): { offset: number; indent: number } | undefined {
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
