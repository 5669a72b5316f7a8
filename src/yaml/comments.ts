// Comments of a YAML file with their offsets, for suppression directives.
//
// Like parse.ts and locate.ts this module reads YAML through `yaml`: a `#` inside a block
// scalar or a quoted string is text, not a comment, and only the lexer knows which is which.

import { Lexer } from 'yaml';
import type { SourceFile } from './source.js';

export interface Comment {
  /** Offset of the `#`. */
  start: number;
  /** Offset just past the comment's last character. */
  end: number;
  /** The comment, `#` included. */
  text: string;
}

// The lexer interleaves control characters that are not in the source; they take up no offsets.
const CONTROL_TOKENS = new Set(['\u0002', '\u0018', '\u001f']);

/** Every comment, in file order; `alone` when only indentation comes before it on its line. */
export function allComments(file: SourceFile): (Comment & { alone: boolean })[] {
  const comments: (Comment & { alone: boolean })[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(file.text)) {
    if (CONTROL_TOKENS.has(token)) continue;
    if (token.startsWith('#')) comments.push({ start: offset, end: offset + token.length, text: token, alone: onlyIndentBefore(file.text, offset) });
    offset += token.length;
  }
  return comments;
}

function onlyIndentBefore(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}
