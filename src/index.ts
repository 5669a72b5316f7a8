// Public API.
export { lintFiles, lintSources, rulesMeta, RULES, type LintOptions, type LintRun, type RunStats, type SourceInput } from './lint.js';
export type { LintResult, LintMessage, RulesMeta } from './report.js';
export type { Finding, Location, Severity, Suppression } from './finding.js';
export { loadFormatter, FORMAT_NAMES } from './formatters/index.js';
