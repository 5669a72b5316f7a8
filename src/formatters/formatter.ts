// The contract of an output format (ESLint's formatter shape, with our run statistics).

import type { ChangePlan } from '../change/plan.js';
import type { ResourceChecks } from '../engine/checks.js';
import type { LintResult, RulesMeta } from '../engine/report.js';
import type { RunStats } from '../engine/lint.js';

export interface FormatContext {
  cwd: string;
  rulesMeta: RulesMeta;
  stats: RunStats;
  /** Whether to colour the output (a terminal, `--color`; never with NO_COLOR or `--no-color`). */
  color: boolean;
  /** Columns of the terminal the output goes to; undefined when it is not a terminal (no wrapping). */
  width?: number;
  /** How long the run took, for reports that record it (JUnit's `time`). */
  elapsedMs?: number;
  /** Each resource with the rules that checked it (JUnit counts passed checks). */
  checks?: readonly ResourceChecks[];
  /** With `--base`/`--base-path`: what the change does to each StatefulSet. */
  plan?: ChangePlan;
  /** With `--quiet`: the warnings and infos the results leave out (they still count for `--max-warnings`). */
  hidden?: { warnings: number; infos: number };
}

export type Formatter = (results: readonly LintResult[], context: FormatContext) => string | Promise<string>;
