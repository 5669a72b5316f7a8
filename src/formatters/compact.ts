// `--format compact`: `path:line:column: severity: message [rule-id]`, one line per finding and
// nothing else (a rendered finding's other places end its message: `(written by templates/sts.yaml:30)`), paths relative to the working directory. This is the contract of the VS Code
// problem matcher in editors/vscode/package.json (test/problem-matcher.test.ts keeps them in step)
// and of the classic `file:line:col: message` readers (Vim's errorformat, Emacs compilation mode).
// End positions are left out on purpose: they would break that shape; SARIF, JSON and
// `github` carry them.

import { relativePath } from '../shared/paths.js';
import { eachMessage, oneLine, relatedSuffix, ruleIdOf } from './common.js';
import type { Formatter } from './formatter.js';

const compact: Formatter = (results, context) =>
  eachMessage(results)
    .map(
      ({ result, message: m }) =>
        `${relativePath(result.filePath, context.cwd)}:${m.line}:${m.column}: ${m.level}: ${oneLine(m.message)}${relatedSuffix(m, context.cwd)} [${ruleIdOf(m)}]\n`,
    )
    .join('');

export default compact;
