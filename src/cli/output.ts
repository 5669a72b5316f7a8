// Where each requested format goes.
//
//   --format NAME=FILE                 NAME is written to FILE
//   --format NAME [--output-file FILE] the formats without `=FILE` take the --output-file values
//                                      in order; with one file fewer than such formats, the first
//                                      of them goes to standard output.
// So `--format github --format sarif --output-file stslint.sarif` prints GitHub annotations and
// writes SARIF to stslint.sarif. At most one format goes to standard output.

import { fstatSync, writeSync } from 'node:fs';
import { mkdir, open, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../shared/usage-error.js';
import { FORMAT_NAMES, loadFormatter, type FormatContext } from '../formatters/index.js';
import type { LintRun } from '../engine/lint.js';
import { eachResultOf } from '../engine/report.js';
import { loadEslintFormatter, resolveFormatter, toEslintResults } from './eslint-formatter.js';

export interface OutputTarget {
  format: string;
  /** Absolute; undefined for standard output. */
  file?: string;
  /** An ESLint formatter's module file (`--format ./x.js`, `--format pretty` for eslint-formatter-pretty). */
  module?: string;
}

export function planOutputs(formats: readonly string[], outputFiles: readonly string[], cwd: string): OutputTarget[] {
  const specs = (formats.length > 0 ? formats : ['pretty']).map((spec): OutputTarget => {
    const [format = '', ...rest] = spec.split('=');
    const module = FORMAT_NAMES.includes(format) ? undefined : resolveFormatter(format, cwd, FORMAT_NAMES);
    const file = rest.join('=');
    if (rest.length > 0 && file === '') throw new UsageError(`\`--format ${spec}\` names no file after \`=\``);
    return { format, ...(rest.length > 0 ? { file: path.resolve(cwd, file) } : {}), ...(module ? { module } : {}) };
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

/** How standard output is shown: colours, and the width to wrap at (undefined: no wrapping). */
export interface Terminal {
  color: boolean;
  width?: number;
}

/**
 * Makes sure every output file can be written before anything is linted: its directory exists
 * or can be created, and the file can be opened for writing. A file that cannot be written is
 * a usage error at once (exit 2, one line), not after a long run.
 */
export async function prepareOutputs(targets: readonly OutputTarget[], cwd: string): Promise<void> {
  for (const target of targets) {
    if (target.file === undefined) continue;
    const file = target.file;
    try {
      await makeDirectories(path.dirname(file));
      const existed = await stat(file).then(
        () => true,
        () => false,
      );
      await (await open(file, 'a')).close();
      // Leave no empty file behind if the run stops before writing it.
      if (!existed) await rm(file, { force: true });
    } catch (error) {
      throw new UsageError(`cannot write ${shownPath(file, cwd)} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
}

/**
 * `mkdir -p`, one level at a time from the nearest directory that exists. Node's recursive
 * mkdir loops for ever on some paths it cannot create (under /proc, for one).
 */
async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = dir;
  for (;;) {
    const info = await stat(current).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    });
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`${current} is not a directory`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing.reverse()) {
    await mkdir(level).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
  }
}

/**
 * `reportToStderr`: the format meant for standard output goes to standard error, which `--fix`
 * of standard input needs for the fixed text.
 */
export async function writeOutputs(
  targets: readonly OutputTarget[],
  run: LintRun,
  cwd: string,
  terminal: Terminal,
  elapsedMs?: number,
  hidden?: FormatContext['hidden'],
  reportToStderr = false,
): Promise<void> {
  const context: Omit<FormatContext, 'checks'> = {
    ...(hidden ? { hidden } : {}),
    cwd,
    rulesMeta: run.rulesMeta,
    stats: run.stats,
    color: false,
    ...(elapsedMs === undefined ? {} : { elapsedMs }),
    ...(run.plan ? { plan: run.plan } : {}),
  };
  await Promise.all(
    targets.map(async (target) => {
      const toStdout = target.file === undefined;
      const formatContext: FormatContext = {
        ...context,
        color: toStdout && terminal.color,
        ...(toStdout && terminal.width ? { width: terminal.width } : {}),
        // Read only by the formats that list passed checks (run.checks is made when read).
        get checks() {
          return run.checks;
        },
      };
      if (!target.module && target.format === 'json') return writeJson(target, run, cwd, reportToStderr);
      const text = target.module
        ? await loadEslintFormatter(target.module, cwd)(toEslintResults(run.results), { cwd, rulesMeta: run.rulesMeta })
        : await (await loadFormatter(target.format))!(run.results, formatContext);
      if (typeof text !== 'string') throw new UsageError(`the formatter ${target.module ?? target.format} returned no text`);
      if (target.file === undefined) return reportToStderr ? writeStream(stderr(), text) : writeStdout(text);
      try {
        await makeDirectories(path.dirname(target.file));
        await writeFile(target.file, text);
      } catch (error) {
        throw new UsageError(`cannot write ${shownPath(target.file, cwd)} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    }),
  );
}

/**
 * The json report written as it is made, result by result (formatters/json.ts jsonChunks): the
 * same bytes as the formatter's text, but neither the text nor every result is ever held whole
 * (12 MB of text and 17 MB of results over the 5,000-file reference corpus).
 */
async function writeJson(target: OutputTarget, run: LintRun, cwd: string, reportToStderr: boolean): Promise<void> {
  const { jsonChunks } = await import('../formatters/json.js');
  const chunks = jsonChunks(eachResultOf(run));
  if (target.file === undefined) {
    for (const chunk of chunks) await (reportToStderr ? writeStream(stderr(), chunk) : writeStdout(chunk));
    return;
  }
  try {
    await makeDirectories(path.dirname(target.file));
    const handle = await open(target.file, 'w');
    try {
      for (const chunk of chunks) await handle.writeFile(chunk);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new UsageError(`cannot write ${shownPath(target.file, cwd)} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function shownPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative;
}

let stdoutClosed = false;
/** Whether standard output is written through `process.stdout` (a terminal, or after `EAGAIN`). */
let stdoutByStream = false;
let stderrGuarded = false;
/** Whether `process.stdout` or `process.stderr` has been made (through this module). */
let streamMade = false;

// Creating `process.stdout` or `process.stderr` loads Node's stream and socket modules (a pipe is a
// socket), a few ms of a one-file run's start-up. A pipe or a file is written with `writeSync`
// instead (what the stream does there too: Node writes pipes and files synchronously on POSIX);
// the streams are made only for a terminal, for standard error when something is said there, and
// for Windows.

/**
 * A reader that goes away (`stslint … | head -1`) closes the pipe: the run then ends quietly,
 * with its exit code, instead of an unhandled EPIPE error and a stack trace. For `--watch`,
 * which writes to both streams itself.
 */
export function endQuietlyOnClosedPipes(): void {
  stdoutByStream = true;
  guard(process.stdout);
  stderr();
}

/**
 * Whether a finished run may end the process at once rather than when Node's event loop runs dry:
 * all output went out with `writeSync` (no stream was made, so no write can be pending) and
 * nothing else is pending (timers, child processes, file requests, workers, watchers). Ending at
 * once skips the garbage collection V8 schedules for the idle loop and the heap's teardown,
 * ~15 ms of CPU in a one-file run of ~75 ms beyond Node's own start.
 */
export function mayEndAtOnce(): boolean {
  return !streamMade && !stdoutByStream && process.getActiveResourcesInfo().length === 0;
}

function guard(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (stream === process.stdout) stdoutClosed = true;
  });
}

/** `process.stderr`, guarded against a closed pipe the first time it is used. */
export function stderr(): NodeJS.WriteStream {
  if (!stderrGuarded) {
    stderrGuarded = true;
    streamMade = true;
    guard(process.stderr);
  }
  return process.stderr;
}

const terminals = new Map<1 | 2, boolean>();

/**
 * Whether a standard stream (1 or 2) is a terminal, found without making `process.stdout`/`stderr`
 * unless it may be one; asked once per stream (the streamed json report writes many pieces).
 */
export function isTerminal(fd: 1 | 2): boolean {
  let terminal = terminals.get(fd);
  if (terminal === undefined) {
    terminal = isTerminalNow(fd);
    terminals.set(fd, terminal);
  }
  return terminal;
}

function isTerminalNow(fd: 1 | 2): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  streamMade = true;
  // `isTTY` is undefined, not false, when the stream is no terminal.
  return (fd === 1 ? process.stdout : process.stderr).isTTY ?? false;
}

function writeStream(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === '') resolve();
    else stream.write(text, () => resolve());
  });
}

export function writeStdout(text: string): Promise<void> {
  if (text === '' || stdoutClosed) return Promise.resolve();
  const rest = stdoutByStream ? text : writeStdoutSync(text);
  if (rest === undefined) return Promise.resolve();
  stdoutByStream = true;
  guard(process.stdout);
  return new Promise((resolve) => {
    // The callback also runs (with the error) when the pipe is closed.
    process.stdout.write(rest, () => resolve());
  });
}

/**
 * Writes to descriptor 1 directly; what is left when the descriptor would block (a non-blocking
 * pipe another process handed down), for the stream to write; undefined when all is written or
 * the reader is gone.
 */
function writeStdoutSync(text: string): string | Buffer | undefined {
  if (process.platform === 'win32' || isTerminal(1)) return text;
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') {
      stdoutClosed = true;
      return undefined;
    }
    if (code === 'EAGAIN') return bytes.subarray(written);
    throw error;
  }
}
