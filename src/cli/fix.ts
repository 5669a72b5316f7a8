// `--fix` and `--fix-dry-run`: the fix loop of src/fix/loop.ts over the linted files, then, for
// `--fix`, the changed files written back. Nothing is written unless every changed file can be:
// a read-only file or directory, or a file that changed on disk since it was read, stops the
// run with one line (exit 2) before the first write. Each file is written atomically (a
// temporary file in its directory, given the file's mode, renamed over it), so a reader sees the
// old text or the new one, never half of each. Standard input is never written: `--fix` prints
// its fixed text, `--fix-dry-run` puts it in the result's `output`, as ESLint does.

import { accessSync, chmodSync, constants, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LintRun } from '../engine/lint.js';
import type { TextFix } from '../shared/finding.js';
import { UsageError } from '../shared/usage-error.js';
import { relativePath } from '../shared/paths.js';
import { fixUntilDone } from '../fix/loop.js';

const BOM = '\uFEFF';

export interface FixOptions {
  /** `--fix-dry-run`: compute, report, write nothing. */
  dryRun: boolean;
  cwd: string;
  /** The text read from standard input, and the path its results carry; undefined without `-`. */
  stdin?: { path: string; text: string; rendered: boolean };
}

export interface FixOutcome {
  /** The run over the fixed texts: the findings that remain. */
  run: LintRun;
  /** Files written (with `--fix`). */
  written: string[];
  /** Standard input's fixed text (with `--fix`, printed instead of written). */
  stdinOutput?: string;
}

/**
 * `lint` lints the inputs with some files' texts given (and standard input's text): the fix
 * loop's passes lint the fixed texts before anything is written.
 */
export async function fixRun(
  first: LintRun,
  options: FixOptions,
  lint: (fileTexts: ReadonlyMap<string, string>, stdinText: string | undefined) => Promise<LintRun>,
): Promise<FixOutcome> {
  const stdinPath = options.stdin?.path;
  const fixable = first.results.filter((r) => r.messages.some((m) => m.fix) && (r.filePath !== stdinPath || options.stdin?.rendered === false));
  if (fixable.length === 0) return { run: first, written: [] };

  // The texts as they are now on disk: every pass lints these (the first one again), so each fix
  // is computed on the very text it is applied to.
  const originals = new Map<string, string>();
  const boms = new Set<string>();
  for (const { filePath } of fixable) {
    if (filePath === stdinPath) {
      originals.set(filePath, stripBom(options.stdin!.text));
      continue;
    }
    const raw = readText(filePath, options.cwd);
    if (raw.startsWith(BOM)) boms.add(filePath);
    originals.set(filePath, stripBom(raw));
  }
  let last = first;
  const { texts, changed } = await fixUntilDone(originals, async (now) => {
    const fileTexts = new Map([...now].filter(([file]) => file !== stdinPath));
    last = await lint(fileTexts, stdinPath !== undefined && now.has(stdinPath) ? now.get(stdinPath) : options.stdin?.text);
    const fixes = new Map<string, TextFix[]>();
    for (const result of last.results) {
      if (!now.has(result.filePath)) continue;
      fixes.set(
        result.filePath,
        result.messages.flatMap((m) => (m.fix ? [m.fix] : [])),
      );
    }
    return fixes;
  });

  const withOutput = (file: string): boolean => changed.has(file) && (options.dryRun || file === stdinPath);
  const run: LintRun = { ...last, results: last.results.map((r) => (withOutput(r.filePath) ? { ...r, output: texts.get(r.filePath)! } : r)) };
  const outcome: FixOutcome = { run, written: [] };
  if (stdinPath !== undefined && !options.dryRun) outcome.stdinOutput = changed.has(stdinPath) ? texts.get(stdinPath)! : options.stdin!.text;
  if (options.dryRun) return outcome;

  const files = [...changed].filter((f) => f !== stdinPath);
  const targets = files.map((file) => checkWritable(file, originals.get(file)!, boms.has(file), options.cwd));
  for (const [i, target] of targets.entries()) {
    writeAtomically(target.real, `${boms.has(files[i]!) ? BOM : ''}${texts.get(files[i]!)!}`, target.mode, options.cwd);
    outcome.written.push(files[i]!);
  }
  return outcome;
}

function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

function readText(file: string, cwd: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot fix ${relativePath(file, cwd)}: ${codeOf(error)}; nothing was written`);
  }
}

/** The file (through symbolic links) can be replaced, and still holds the text the fixes were made on. */
function checkWritable(file: string, original: string, bom: boolean, cwd: string): { real: string; mode: number } {
  const shown = relativePath(file, cwd);
  let real: string;
  let mode: number;
  try {
    real = realpathSync(file);
    mode = statSync(real).mode & 0o7777;
  } catch (error) {
    throw new UsageError(`cannot fix ${shown}: ${codeOf(error)}; nothing was written`);
  }
  // A file with no write bit is read-only to everyone: renaming over it would ignore that (and root passes every access check).
  if ((mode & 0o222) === 0) throw new UsageError(`cannot fix ${shown}: the file is read-only; nothing was written`);
  for (const [what, target] of [
    ['the file', real],
    ['its directory', path.dirname(real)],
  ] as const) {
    try {
      accessSync(target, constants.W_OK);
    } catch {
      throw new UsageError(`cannot fix ${shown}: ${what} is not writable; nothing was written`);
    }
  }
  if (readText(real, cwd) !== `${bom ? BOM : ''}${original}`) {
    throw new UsageError(`cannot fix ${shown}: it changed on disk while stslint was fixing it; nothing was written (run again)`);
  }
  return { real, mode };
}

let temporaryCount = 0;

function writeAtomically(file: string, text: string, mode: number, cwd: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.stslint-${process.pid}-${temporaryCount++}.tmp`);
  try {
    writeFileSync(temporary, text, { mode, flag: 'wx' });
    chmodSync(temporary, mode); // the mode given to writeFileSync passes through the umask
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new UsageError(`cannot write ${relativePath(file, cwd)}: ${codeOf(error)}`);
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
