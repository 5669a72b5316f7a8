// `--format github`: GitHub Actions workflow commands, which the runner turns into annotations
// on the pull request's changed lines:
//   ::error file=k8s/db.yaml,line=6,col=16,endLine=6,endColumn=27,title=stslint (service-missing)::message
// Paths are relative to the repository root (what annotations expect). Escaping follows
// @actions/core's command.ts: `%`, CR and LF in the message; also `:` and `,` in properties.
// Columns are only sent for single-line ranges: the runner drops them otherwise. Messages lose
// their Markdown (annotations show it literally), and info findings are plain log lines. A
// rendered finding's other places end its message: `(written by templates/sts.yaml:30)`.

import type { LintMessage } from '../engine/report.js';
import { relativePath, repositoryRoot } from '../shared/paths.js';
import { eachMessage, oneLine, relatedSuffix, ruleIdOf } from './common.js';
import type { Formatter } from './formatter.js';

const COMMANDS = { error: 'error', warning: 'warning' } as const;

const github: Formatter = (results, context) => {
  const root = repositoryRoot(context.cwd);
  return eachMessage(results)
    .map(({ result, message }) => {
      const file = annotationPath(result.filePath, root);
      // GitHub shows only so many annotations per step; infos would crowd out errors and
      // warnings there, so they are plain log lines (compact's shape) instead.
      if (message.level === 'info')
        return `${file}:${message.line}:${message.column}: info: ${oneLine(plainText(message.message))}${relatedSuffix(message, root)} [${ruleIdOf(message)}]\n`;
      return command(file, message, relatedSuffix(message, root));
    })
    .join('');
};

/** Annotations show Markdown literally: `code` spans become "quoted". */
export function plainText(text: string): string {
  return text.replace(/`([^`\n]+)`/g, '"$1"');
}

/** Relative to the repository root; a file outside it keeps its absolute path (the runner relates it to the workspace). */
function annotationPath(filePath: string, root: string): string {
  const relative = relativePath(filePath, root);
  return relative.startsWith('../') ? filePath : relative;
}

function command(file: string, m: LintMessage, related: string): string {
  const properties: [string, string | number][] = [
    ['file', file],
    ['line', m.line],
  ];
  if (m.endLine === m.line) properties.push(['col', m.column], ['endLine', m.endLine], ['endColumn', m.endColumn]);
  else properties.push(['endLine', m.endLine]);
  properties.push(['title', `stslint (${ruleIdOf(m)})`]);
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${COMMANDS[m.level === 'error' ? 'error' : 'warning']} ${props}::${escapeData(plainText(m.message) + related)}\n`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export default github;
