// Findings → ESLint's LintResult shape, so anything that reads ESLint JSON reads ours.

import { compareCodePoints } from '../shared/text.js';
import type { Finding, FindingSuggestion, Path, Severity, Suppression, TextFix } from '../shared/finding.js';
import { compareFindings } from '../shared/finding.js';
import { sanitizeText } from '../shared/sanitize.js';
import type { Rule } from './rule.js';

export interface LintMessage {
  ruleId: string | null;
  /** ESLint scale: 2 = error, 1 = warning or info. */
  severity: 1 | 2;
  /** stslint's own level; tells info (severity 1) apart from warnings. */
  level: Severity;
  message: string;
  messageId?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: true;
  /** The resource the finding belongs to, `apiVersion/kind namespace/name`. */
  resource?: { apiVersion: string; kind: string; namespace: string; name: string };
  /** Where in that resource, e.g. `["spec", "serviceName"]`: stable across edits that move lines. */
  path?: Path;
  /** The finding is placed in the base version of the file (`--base`): the object is gone from the files linted. */
  inBase?: true;
  /** Only in `suppressedMessages`: what suppressed it. */
  suppressions?: Suppression[];
  /** ESLint's fix: replace the file's characters [range[0], range[1]) (0-based) by `text`; `--fix` applies it. */
  fix?: TextFix;
  /** ESLint's suggestions: edits for a person to choose, never applied by `--fix`. */
  suggestions?: FindingSuggestion[];
  /**
   * Other places that explain the finding (not in ESLint's shape, which has none): for an object
   * rendered from a chart, the template line that printed a value whose fix belongs in values.yaml.
   */
  relatedLocations?: RelatedLocation[];
}

/** A related place: a file (absolute, like `filePath`), a 1-based, end-exclusive range, and what it is. */
export interface RelatedLocation {
  filePath: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** What a related place of a rendered object is, said from where it sits in the chart or kustomization. */
export function relatedMessage(filePath: string): string {
  const name = filePath.split(/[\\/]/).pop() ?? filePath;
  return (
    {
      template: 'The template line that writes it',
      values: 'The values that decide it',
      kustomization: 'Where the kustomization sets it',
      other: 'Also set here',
    }[relatedRole(filePath)] + ` (${name})`
  );
}

/** What a related place of a rendered object is, by its file: a template, a values file, a kustomization, or another file (a patch, a base). */
export function relatedRole(filePath: string): 'template' | 'values' | 'kustomization' | 'other' {
  const name = filePath.split(/[\\/]/).pop() ?? filePath;
  if (/[\\/]templates[\\/]/.test(filePath)) return 'template';
  if (/^values.*\.ya?ml$/i.test(name)) return 'values';
  if (/^kustomization\.ya?ml$|^Kustomization$/.test(name)) return 'kustomization';
  return 'other';
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: LintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  /** Warnings only; info findings are counted in `infoCount` and never fail a run. */
  warningCount: number;
  infoCount: number;
  /** Messages with a `fix`, by ESLint severity (info findings count as warnings, as in `severity`). */
  fixableErrorCount: number;
  fixableWarningCount: number;
  usedDeprecatedRules: [];
  /** ESLint's `output`: with `--fix-dry-run` (and `--fix` of standard input), the fixed text when fixes changed it. */
  output?: string;
}

export interface RuleMetaEntry {
  type: 'problem' | 'suggestion';
  docs: { description: string; url: string };
  defaultSeverity: Severity;
  /** As ESLint's rule meta: findings may carry a fix (`code`) or suggestions. */
  fixable?: 'code';
  hasSuggestions?: true;
}

export type RulesMeta = Record<string, RuleMetaEntry>;

export function toLintMessage(finding: Finding): LintMessage {
  const message: LintMessage = {
    ruleId: finding.ruleId,
    severity: finding.severity === 'error' ? 2 : 1,
    level: finding.severity,
    message: sanitizeText(finding.message),
    line: finding.loc.line,
    column: finding.loc.column,
    endLine: finding.loc.endLine,
    endColumn: finding.loc.endColumn,
  };
  if (finding.messageId) message.messageId = finding.messageId;
  if (finding.fatal) message.fatal = true;
  if (finding.resource) message.resource = { ...finding.resource };
  if (finding.path) message.path = [...finding.path];
  if (finding.inBase) message.inBase = true;
  if (finding.suppressions) message.suppressions = finding.suppressions.map((s) => ({ ...s }));
  if (finding.related?.length) message.relatedLocations = finding.related.map((r) => ({ filePath: r.filePath, ...r.loc, message: relatedMessage(r.filePath) }));
  if (finding.fix) message.fix = { range: [...finding.fix.range], text: finding.fix.text };
  if (finding.suggestions) message.suggestions = finding.suggestions.map((s) => ({ desc: s.desc, fix: { range: [...s.fix.range], text: s.fix.text } }));
  return message;
}

/** One result per file linted (clean files included), sorted by path. */
export function toLintResults(filePaths: readonly string[], findings: readonly Finding[]): LintResult[] {
  return [...eachLintResult(filePaths, findings)];
}

/**
 * toLintResults' results one by one, each made when asked for: a writer that streams them
 * (src/cli/output.ts) never holds every file's messages at once.
 */
export function* eachLintResult(filePaths: readonly string[], findings: readonly Finding[]): Generator<LintResult> {
  const byFile = new Map<string, Finding[]>(filePaths.map((p) => [p, []]));
  for (const finding of findings) {
    const list = byFile.get(finding.filePath);
    if (list) list.push(finding);
    else byFile.set(finding.filePath, [finding]);
  }
  for (const [filePath, list] of [...byFile.entries()].sort(([a], [b]) => compareCodePoints(a, b))) yield lintResult(filePath, list);
}

function lintResult(filePath: string, list: readonly Finding[]): LintResult {
  const sorted = [...list].sort(compareFindings);
  const messages = sorted.filter((f) => !f.suppressions).map(toLintMessage);
  return {
    filePath,
    messages,
    suppressedMessages: sorted.filter((f) => f.suppressions).map(toLintMessage),
    errorCount: messages.filter((m) => m.level === 'error').length,
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    warningCount: messages.filter((m) => m.level === 'warning').length,
    infoCount: messages.filter((m) => m.level === 'info').length,
    fixableErrorCount: messages.filter((m) => m.fix && m.severity === 2).length,
    fixableWarningCount: messages.filter((m) => m.fix && m.severity === 1).length,
    usedDeprecatedRules: [],
  };
}

/** What the `results` of a run not yet read are made of (lazyResults). */
const pendingResults = new WeakMap<object, { filePaths: readonly string[]; findings: readonly Finding[] }>();

/**
 * Gives `run` a `results` property made from these files and findings when first read. Until
 * then eachResultOf, totalsOf and resultPathsOf answer from the findings, so that a run whose
 * report is streamed (json) never holds a second copy of every message. A copy of the run
 * (`{ ...run }`) reads it, and is an ordinary run.
 */
export function lazyResults<T extends object>(run: T, filePaths: readonly string[], findings: readonly Finding[]): T & { results: LintResult[] } {
  let results: LintResult[] | undefined;
  pendingResults.set(run, { filePaths, findings });
  Object.defineProperty(run, 'results', {
    get: () => {
      if (!results) {
        results = toLintResults(filePaths, findings);
        pendingResults.delete(run);
      }
      return results;
    },
    enumerable: true,
    configurable: true,
  });
  return run as T & { results: LintResult[] };
}

/** The run's results in order, made one by one when the run has not made them yet (lazyResults). */
export function eachResultOf(run: { readonly results: readonly LintResult[] }): Iterable<LintResult> {
  const pending = pendingResults.get(run);
  return pending ? eachLintResult(pending.filePaths, pending.findings) : run.results;
}

/** totals(run.results), without making the results when the run has not made them yet. */
export function totalsOf(run: { readonly results: readonly LintResult[] }): Totals {
  const pending = pendingResults.get(run);
  if (!pending) return totals(run.results);
  // Every finding lands in some result; its messages are the findings that are not suppressed.
  const counted: Totals = { errors: 0, warnings: 0, infos: 0 };
  for (const finding of pending.findings) {
    if (finding.suppressions) continue;
    if (finding.severity === 'error') counted.errors++;
    else if (finding.severity === 'warning') counted.warnings++;
    else counted.infos++;
  }
  return counted;
}

/** The files the run's results are for (in no particular order), without making the results. */
export function resultPathsOf(run: { readonly results: readonly LintResult[] }): Iterable<string> {
  const pending = pendingResults.get(run);
  if (!pending) return run.results.map((r) => r.filePath);
  return new Set([...pending.filePaths, ...pending.findings.map((f) => f.filePath)]);
}

export function buildRulesMeta(rules: readonly Rule[], builtins: RulesMeta): RulesMeta {
  const meta: RulesMeta = { ...builtins };
  for (const rule of rules) {
    meta[rule.id] = {
      type: rule.meta.severity === 'info' ? 'suggestion' : 'problem',
      docs: { description: rule.meta.description, url: rule.docsUrl },
      defaultSeverity: rule.meta.severity,
      ...(rule.meta.fixable ? { fixable: rule.meta.fixable } : {}),
      ...(rule.meta.hasSuggestions ? { hasSuggestions: true as const } : {}),
    };
  }
  return meta;
}

export interface Totals {
  errors: number;
  warnings: number;
  infos: number;
}

export function totals(results: readonly LintResult[]): Totals {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const r of results) {
    errors += r.errorCount;
    warnings += r.warningCount;
    infos += r.infoCount;
  }
  return { errors, warnings, infos };
}
