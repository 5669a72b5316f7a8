// Output formats, each loaded only when asked for (start-up time is a feature).

import type { ResourceChecks } from '../checks.js';
import type { LintResult, RulesMeta } from '../report.js';
import type { RunStats } from '../lint.js';

export interface FormatContext {
  cwd: string;
  rulesMeta: RulesMeta;
  stats: RunStats;
  /** Whether the output goes to a terminal that understands colours and links. */
  color: boolean;
  /** Each resource with the rules that checked it (JUnit counts passed checks). */
  checks?: readonly ResourceChecks[];
}

export type Formatter = (results: readonly LintResult[], context: FormatContext) => string | Promise<string>;

const FORMATTERS: Record<string, () => Promise<{ default: Formatter }>> = {
  pretty: () => import('./pretty.js'),
  json: () => import('./json.js'),
  compact: () => import('./compact.js'),
  sarif: () => import('./sarif.js'),
  github: () => import('./github.js'),
  junit: () => import('./junit.js'),
};

export const FORMAT_NAMES = Object.keys(FORMATTERS);

export async function loadFormatter(name: string): Promise<Formatter | undefined> {
  const load = Object.hasOwn(FORMATTERS, name) ? FORMATTERS[name] : undefined;
  return load ? (await load()).default : undefined;
}
