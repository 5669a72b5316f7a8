// `--format json`: exactly the LintResult array, as ESLint's json formatter writes it.

import type { Formatter } from './formatter.js';

const json: Formatter = (results) => `${JSON.stringify(results)}\n`;
export default json;
