// `--format json`: exactly the LintResult array, as ESLint's json formatter writes it.

import type { LintResult } from '../engine/report.js';
import type { Formatter } from './formatter.js';

const json: Formatter = (results) => `${JSON.stringify(results)}\n`;
export default json;

/**
 * The same text as the formatter's, in pieces of about `size` characters, made result by result
 * (JSON.stringify of an array is its elements' texts joined by commas in brackets): the CLI
 * writes a large report without ever holding it, or every result, whole.
 */
export function* jsonChunks(results: Iterable<LintResult>, size = 1 << 16): Generator<string> {
  let chunk = '[';
  let first = true;
  for (const result of results) {
    chunk += first ? JSON.stringify(result) : `,${JSON.stringify(result)}`;
    first = false;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}]\n`;
}
