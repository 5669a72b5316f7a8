// Output formats, each loaded only when asked for (start-up time is a feature).

import type { LintResult, RulesMeta } from '../report.js';
import type { RunStats } from '../lint.js';

export interface FormatContext {
  cwd: string;
  rulesMeta: RulesMeta;
  stats: RunStats;
  /** Whether the output goes to a terminal that understands colours and links. */
  color: boolean;
}

export type Formatter = (results: readonly LintResult[], context: FormatContext) => string | Promise<string>;

const FORMATTERS: Record<string, () => Promise<{ default: Formatter }>> = {
  pretty: () => import('./pretty.js'),
  json: () => import('./json.js'),
};

export const FORMAT_NAMES = Object.keys(FORMATTERS);

export async function loadFormatter(name: string): Promise<Formatter | undefined> {
  const load = FORMATTERS[name];
  return load ? (await load()).default : undefined;
}
