// `--watch`: lint, then lint again whenever a manifest or the configuration changes.
//
// Each run is framed by two lines on standard output, which the `background` part of the VS
// Code problem matcher (editors/vscode/package.json) recognises, so the Problems panel is
// replaced on each run:
//   stslint --watch: linting (<why>)
//   ...findings...
//   stslint --watch: done, <n> errors, <n> warnings, <n> infos; watching for changes
// A configuration error is printed as a finding line at its place in the file (`[configuration]`).

import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from '../project/config.js';
import { GLOB_CHARS, isInputFileName } from '../input/files.js';
import { UsageError } from '../shared/usage-error.js';
import type { Totals } from '../engine/report.js';

export const WATCH_BEGIN = 'stslint --watch: linting';
export const WATCH_END = 'stslint --watch: done';

/** Changes settle for this long before a run starts: editors write a file in several steps. */
const DEBOUNCE_MS = 150;

export interface WatchTarget {
  dir: string;
  recursive: boolean;
}

const SKIPPED_DIRECTORIES = /(^|[\\/])(node_modules|\.git)([\\/]|$)/;

/** Directories to watch for the inputs, the context directory and the configuration file. */
export function watchTargets(inputs: readonly string[], cwd: string, extra: readonly (string | undefined)[]): WatchTarget[] {
  const targets = new Map<string, WatchTarget>();
  const add = (dir: string, recursive: boolean) => {
    const known = targets.get(dir);
    if (!known || (recursive && !known.recursive)) targets.set(dir, { dir, recursive });
  };
  for (const input of inputs) {
    if (input === '-') throw new UsageError('--watch cannot watch standard input (`-`); name files or directories');
    const absolute = path.resolve(cwd, input);
    if (existsSync(absolute)) {
      if (statSync(absolute).isDirectory()) add(absolute, true);
      else add(path.dirname(absolute), false);
    } else if (GLOB_CHARS.test(input)) {
      // The part of the pattern before its first wildcard segment.
      const segments = input.split(/[\\/]/);
      const fixed = segments.slice(
        0,
        segments.findIndex((s) => GLOB_CHARS.test(s)),
      );
      add(path.resolve(cwd, fixed.join('/') || '.'), true);
    } else {
      throw new UsageError(`no such file or directory: ${input}`);
    }
  }
  for (const item of extra) {
    if (!item) continue;
    if (existsSync(item) && statSync(item).isDirectory()) add(item, true);
    else add(path.dirname(item), false);
  }
  return [...targets.values()];
}

/** Runs `lint` now and after every relevant change; never returns. */
export function watchAndLint(targets: readonly WatchTarget[], lint: () => Promise<Totals | undefined>): Promise<never> {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let pending: string | undefined;

  const run = async (why: string): Promise<void> => {
    running = true;
    process.stdout.write(`${WATCH_BEGIN} (${why})\n`);
    let totals: Totals | undefined;
    try {
      totals = await lint();
    } catch (error) {
      // A broken configuration or a vanished input must not end the watch: say it, keep watching.
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`stslint: ${message}\n`);
      // Where the problem has a place (the configuration file), also as a finding line, so that
      // the problem matcher shows it instead of an empty Problems panel.
      const location = error instanceof UsageError ? error.location : undefined;
      if (location) {
        const file = path.relative(process.cwd(), location.file) || location.file;
        const text = message.replace(/^\S+:\d+:\d+: /, '').replace(/\s*[\r\n]+\s*/g, ' ');
        process.stdout.write(`${file}:${location.line}:${location.column}: error: ${text} [configuration]\n`);
      }
    }
    const counts = totals ? `${plural(totals.errors, 'error')}, ${plural(totals.warnings, 'warning')}, ${plural(totals.infos, 'info', 'infos')}` : 'failed';
    process.stdout.write(`${WATCH_END}, ${counts}; watching for changes\n`);
    running = false;
    if (pending !== undefined) schedule(pending);
  };

  const schedule = (why: string): void => {
    pending = why;
    if (running) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const reason = pending ?? why;
      pending = undefined;
      void run(reason);
    }, DEBOUNCE_MS);
  };

  const watchers: FSWatcher[] = targets.map(({ dir, recursive }) =>
    watch(dir, { recursive }, (_event, filename) => {
      const name = filename?.toString();
      if (name && (SKIPPED_DIRECTORIES.test(name) || !(isInputFileName(name) || isConfigName(name)))) return;
      schedule(name ? `${path.relative(process.cwd(), path.join(dir, name)) || name} changed` : 'change');
    }),
  );
  for (const watcher of watchers) watcher.on('error', (error) => process.stderr.write(`stslint: watch: ${error.message}\n`));

  void run('start');
  // A promise that never settles: --watch runs until it is interrupted.
  // eslint-disable-next-line @typescript-eslint/no-empty-function
  return new Promise<never>(() => {});
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function isConfigName(name: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(path.basename(name));
}
