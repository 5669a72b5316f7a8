// Where each requested format goes.
//
//   --format NAME=FILE                 NAME is written to FILE
//   --format NAME [--output-file FILE] the formats without `=FILE` take the --output-file values
//                                      in order; with one file fewer than such formats, the first
//                                      of them goes to standard output.
// So `--format github --format sarif --output-file stslint.sarif` prints GitHub annotations and
// writes SARIF to stslint.sarif. At most one format goes to standard output.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../shared/usage-error.js';
import { FORMAT_NAMES, loadFormatter, type FormatContext } from '../formatters/index.js';
import type { LintRun } from '../engine/lint.js';

export interface OutputTarget {
  format: string;
  /** Absolute; undefined for standard output. */
  file?: string;
}

export function planOutputs(formats: readonly string[], outputFiles: readonly string[], cwd: string): OutputTarget[] {
  const specs = (formats.length > 0 ? formats : ['pretty']).map((spec): OutputTarget => {
    const [format = '', ...rest] = spec.split('=');
    if (!FORMAT_NAMES.includes(format)) throw new UsageError(`unknown format \`${format}\`; use one of ${FORMAT_NAMES.join(', ')}`);
    const file = rest.join('=');
    if (rest.length > 0 && file === '') throw new UsageError(`\`--format ${spec}\` names no file after \`=\``);
    return rest.length > 0 ? { format, file: path.resolve(cwd, file) } : { format };
  });
  const unbound = specs.filter((s) => s.file === undefined);
  const toStdout = unbound.length - outputFiles.length;
  if (toStdout < 0 || toStdout > 1) {
    throw new UsageError(
      `${outputFiles.length} --output-file for ${unbound.length} --format without \`=FILE\`: give one file per format, ` +
        'or one fewer to print the first format, or write `--format NAME=FILE`',
    );
  }
  unbound.slice(toStdout).forEach((target, i) => (target.file = path.resolve(cwd, outputFiles[i]!)));
  const files = specs.flatMap((s) => (s.file ? [s.file] : []));
  const twice = files.find((f, i) => files.indexOf(f) !== i);
  if (twice) throw new UsageError(`two formats would be written to ${path.relative(cwd, twice) || twice}; give each its own file`);
  return specs;
}

export async function writeOutputs(targets: readonly OutputTarget[], run: LintRun, cwd: string): Promise<void> {
  const context: FormatContext = { cwd, rulesMeta: run.rulesMeta, stats: run.stats, checks: run.checks, color: false, ...(run.plan ? { plan: run.plan } : {}) };
  await Promise.all(
    targets.map(async (target) => {
      const formatter = (await loadFormatter(target.format))!;
      // `isTTY` is undefined, not false, when standard output is a pipe (Node types it as boolean).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion
      const color = target.file === undefined && !!process.stdout.isTTY;
      const text = await formatter(run.results, { ...context, color });
      if (target.file === undefined) return writeStdout(text);
      try {
        await mkdir(path.dirname(target.file), { recursive: true });
        await writeFile(target.file, text);
      } catch (error) {
        throw new UsageError(`cannot write ${path.relative(cwd, target.file)} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    }),
  );
}

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === '') resolve();
    else process.stdout.write(text, () => resolve());
  });
}
