// `--format pretty`: eslint-formatter-pretty, fed so that it shows what we mean.

import { stripVTControlCharacters } from 'node:util';
import { totals, type LintResult } from '../engine/report.js';
import type { Formatter } from './formatter.js';
import { sanitizeText } from '../shared/sanitize.js';
import { planSummary } from './plan-text.js';

const pretty: Formatter = async (results, context) => {
  // A clean run (the usual pre-commit case) prints only the summary: no need to load the formatter.
  if (results.every((r) => r.messages.length === 0)) return `${summary(results, context)}\n${planPart(context)}`;
  const formatPretty = await loadFormatPretty();
  // The formatter sorts in place, reads only errorCount/warningCount (and prints nothing when
  // both are 0), and knows no "info": hand it a copy where info counts as a marked warning.
  const copy = results.map((result): LintResult => ({
    ...result,
    filePath: sanitizeText(result.filePath),
    warningCount: result.warningCount + result.infoCount,
    messages: result.messages.map((m) => (m.level === 'info' ? { ...m, message: `(info) ${m.message}` } : { ...m })),
  }));
  const styled = formatPretty(copy, { cwd: context.cwd, rulesMeta: context.rulesMeta });
  // It colours by what standard output supports, even when this text goes to a file.
  const body = context.color ? styled : stripVTControlCharacters(styled);
  return `${body}${body ? '\n' : ''}${summary(results, context)}\n${planPart(context)}`;
};

/** With a base: one line per StatefulSet the change touches. */
function planPart(context: Parameters<Formatter>[1]): string {
  return context.plan ? `${planSummary(context.plan).split('\n').map(sanitizeText).join('\n')}\n` : '';
}

type FormatPretty = (results: unknown, data: unknown) => string;

/**
 * eslint-formatter-pretty is ESM only. The published CLI carries it as a CommonJS bundle of its
 * own (scripts/bundle.mjs: loading its ~20 ES modules cost ~50 ms); built sources import it.
 */
async function loadFormatPretty(): Promise<FormatPretty> {
  const loaded = (await import('eslint-formatter-pretty')) as { default: FormatPretty | { default: FormatPretty } };
  return typeof loaded.default === 'function' ? loaded.default : loaded.default.default;
}

function summary(results: readonly LintResult[], context: Parameters<Formatter>[1]): string {
  const { stats } = context;
  const { errors, warnings, infos } = totals(results);
  const counts =
    errors + warnings + infos === 0 ? 'no problems' : [plural(errors, 'error'), plural(warnings, 'warning'), plural(infos, 'info', 'infos')].join(', ');
  const skipped = stats.skippedDocuments > 0 ? `, ${plural(stats.skippedDocuments, 'document')} skipped (not Kubernetes objects)` : '';
  const unvalidated = stats.unvalidatedResources > 0 ? `, ${stats.unvalidatedResources} without an API schema to validate against` : '';
  return `stslint: ${counts} in ${plural(stats.files, 'file')} (${plural(stats.resources, 'resource')}${unvalidated}${skipped}).`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export default pretty;
