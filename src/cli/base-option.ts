// `--base <rev>` and `--base-path <path>`: which previous version a run compares with.

import path from 'node:path';
import type { BaseOption } from '../change/base.js';
import { UsageError } from '../shared/usage-error.js';
import type { OutputTarget } from './output.js';

export interface BaseFlags {
  base?: string | undefined;
  basePath?: string | undefined;
}

/**
 * The base the flags name, or undefined. With `--base`, the positional inputs and the context
 * directory are the roots whose files are compared (a file deleted under them counts).
 */
export function baseOption(flags: BaseFlags, inputs: readonly string[], context: string | undefined, cwd: string): BaseOption | undefined {
  if (flags.base !== undefined && flags.basePath !== undefined) throw new UsageError('--base and --base-path both name a base version; give one');
  if (flags.basePath !== undefined) return { path: path.resolve(cwd, flags.basePath) };
  if (flags.base === undefined) return undefined;
  const roots = inputs.filter((input) => input !== '-').map((input) => path.resolve(cwd, input));
  if (context !== undefined) roots.push(context);
  return { revision: flags.base, roots };
}

/** `--format plan` shows a change, so it needs a base. */
export function checkPlanNeedsBase(outputs: readonly OutputTarget[], base: BaseOption | undefined): void {
  if (!base && outputs.some((o) => o.format === 'plan')) {
    throw new UsageError('--format plan shows what a change does: give the previous version with --base <git revision> or --base-path <file|dir>');
  }
}
