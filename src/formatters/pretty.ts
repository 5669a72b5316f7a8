// `--format pretty`: findings grouped by file, for people at a terminal, in CI logs and in
// pre-commit's output. Each finding is its position, level and message, then its rule id and
// the address of the rule's docs as plain text: terminal hyperlinks vanish when the output is
// piped, and a pre-commit or CI log is always piped. Nothing is padded to a common width, and
// on a terminal messages wrap at its width (`context.width`); in a pipe a finding's message
// stays on one line, so grep finds it whole.

import { relativePath } from '../shared/paths.js';
import { sanitizeText } from '../shared/sanitize.js';
import { totals, type LintMessage, type LintResult } from '../engine/report.js';
import { paint, type Paint } from './colors.js';
import type { FormatContext, Formatter } from './formatter.js';
import { planSummary } from './plan-text.js';
import { relatedPlaces } from './common.js';

const MARKS = { error: '✖', warning: '⚠', info: 'ℹ' } as const;
const LEVEL_WIDTH = 'warning'.length;

const pretty: Formatter = (results, context) => {
  const style = paint(context.color);
  const blocks = results.filter((r) => r.messages.length > 0).map((result) => fileBlock(result, context, style));
  const body = blocks.join('\n');
  return `${body}${body ? '\n' : ''}${summary(results, context, style)}\n${planPart(context)}`;
};

/** With a base: one line per StatefulSet the change touches. */
function planPart(context: FormatContext): string {
  return context.plan ? `${planSummary(context.plan).split('\n').map(sanitizeText).join('\n')}\n` : '';
}

function fileBlock(result: LintResult, context: FormatContext, style: Paint): string {
  const name = sanitizeText(relativePath(result.filePath, context.cwd));
  const positions = result.messages.map((m) => `${m.line}:${m.column}`);
  const positionWidth = Math.max(...positions.map((p) => p.length));
  const indent = 2 + positionWidth + 2 + 2 + LEVEL_WIDTH + 2;
  const lines = [style.underline(name)];
  result.messages.forEach((m, i) => {
    const head = `  ${style.dim(positions[i]!.padEnd(positionWidth))}  ${mark(m, style)} ${levelText(m, style)}  `;
    const text = wrap(m.message, context.width === undefined ? undefined : context.width - indent);
    lines.push(head + text.join(`\n${' '.repeat(indent)}`));
    // A rendered finding's other places (the template line beside the values line): one line each.
    for (const place of relatedPlaces(m, context.cwd)) lines.push(`${' '.repeat(indent)}${sanitizeText(place)}`);
    const url = m.ruleId ? context.rulesMeta[m.ruleId]?.docs.url : undefined;
    const rule = m.ruleId ?? 'parse-error';
    lines.push(`${' '.repeat(indent)}${style.dim(url ? `${rule}  ${url}` : rule)}`);
  });
  return `${lines.join('\n')}\n`;
}

function mark(m: LintMessage, style: Paint): string {
  const color = m.level === 'error' ? style.red : m.level === 'warning' ? style.yellow : style.blue;
  return color(MARKS[m.level]);
}

function levelText(m: LintMessage, style: Paint): string {
  const color = m.level === 'error' ? style.red : m.level === 'warning' ? style.yellow : style.blue;
  return color(m.level.padEnd(LEVEL_WIDTH));
}

/** Words on lines of at most `width` characters (a longer word gets a line of its own). */
export function wrap(text: string, width: number | undefined): string[] {
  if (width === undefined || width < 20 || text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

export function summary(results: readonly LintResult[], context: FormatContext, style: Paint = paint(false)): string {
  const { stats } = context;
  const { errors, warnings, infos } = totals(results);
  const hiddenWarnings = context.hidden?.warnings ?? 0;
  const hiddenInfos = context.hidden?.infos ?? 0;
  let counts =
    errors + warnings + infos === 0 ? 'no problems' : [plural(errors, 'error'), plural(warnings, 'warning'), plural(infos, 'info', 'infos')].join(', ');
  // --quiet: say what was left out, so that a run failed by --max-warnings never reads "no problems".
  if (hiddenWarnings + hiddenInfos > 0) {
    const left = [hiddenWarnings > 0 ? plural(hiddenWarnings, 'warning') : '', hiddenInfos > 0 ? plural(hiddenInfos, 'info', 'infos') : ''].filter(Boolean);
    counts = `${errors === 0 ? 'no errors' : plural(errors, 'error')} (${left.join(' and ')} not shown: --quiet)`;
  }
  const skipped = stats.skippedDocuments > 0 ? `, ${plural(stats.skippedDocuments, 'document')} skipped (not Kubernetes objects)` : '';
  const unvalidated = stats.unvalidatedResources > 0 ? `, ${stats.unvalidatedResources} not checked against an API schema` : '';
  const text = `stslint: ${counts} in ${plural(stats.files, 'file')} (${plural(stats.resources, 'resource')}${unvalidated}${skipped}).`;
  return errors > 0 ? style.red(text) : warnings + hiddenWarnings > 0 ? style.yellow(text) : text;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export default pretty;
