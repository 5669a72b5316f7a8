// Public API.
export { lintFiles, lintSources, rulesMeta, RULES, type LintOptions, type LintRun, type RunStats, type SourceInput } from './engine/lint.js';
export type { LintResult, LintMessage, RulesMeta } from './engine/report.js';
export { PRESETS, DEFAULT_PRESET, type Preset } from './engine/rule.js';
export type { Finding, Location, Severity, Suppression } from './shared/finding.js';
export { loadFormatter, FORMAT_NAMES } from './formatters/index.js';
export type { BaseOption } from './change/base.js';
export type { ChangePlan, PlanRow } from './change/plan.js';
