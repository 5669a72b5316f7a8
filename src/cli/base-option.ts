// `--base <rev>` and `--base-path <path>`: which previous version a run compares with.

import path from 'node:path';
import type { BaseOption } from '../change/base.js';
import { readBlobs } from '../change/git.js';
import { parseConfig } from '../project/config.js';
import type { RenderSettings } from '../render/render.js';
import { repositoryRoot } from '../shared/paths.js';
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

/**
 * `--base <rev>` renders charts as they were at the revision, with the configuration they were
 * rendered with then: the release names, values files and `--set` values of the configuration
 * file's version at the revision (none there: the defaults). The tools and time limit stay
 * today's. Undefined (today's settings) when git cannot say or that version does not load.
 */
export async function renderSettingsAtRevision(
  revision: string,
  configFile: string | undefined,
  current: RenderSettings,
  cwd: string,
): Promise<RenderSettings | undefined> {
  if (configFile === undefined) return undefined;
  const root = repositoryRoot(path.dirname(configFile));
  const inside = path.relative(root, configFile).split(path.sep).join('/');
  if (inside.startsWith('..')) return undefined;
  let blobs: ReturnType<typeof readBlobs>;
  try {
    blobs = readBlobs(root, revision, [inside]);
  } catch {
    return undefined; // git is not on the PATH
  }
  if (typeof blobs === 'string') return undefined;
  const blob = blobs[0];
  const keep = {
    ...(current.tools ? { tools: current.tools } : {}),
    ...(current.timeoutSeconds !== undefined ? { timeoutSeconds: current.timeoutSeconds } : {}),
  };
  if (!blob || !('text' in blob)) return keep; // no configuration then
  try {
    const then = (await parseConfig(configFile, blob.text, cwd)).render;
    return then === false || then === undefined ? keep : { ...then, ...keep };
  } catch {
    return undefined;
  }
}
