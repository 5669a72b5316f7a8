// Command-line inputs (files, directories, globs, `-`) → a sorted, de-duplicated file list.

import { stat } from 'node:fs/promises';
import path from 'node:path';

/** A problem with how stslint was called: exit code 2, one line, no stack trace. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const MANIFEST_EXTENSIONS = ['yaml', 'yml', 'json'] as const;
const IGNORED_DIRECTORIES = ['**/node_modules/**', '**/.git/**'];

export interface ExpandedInputs {
  /** Absolute paths, sorted, each once. */
  files: string[];
  /** `-` was given: read standard input too. */
  stdin: boolean;
}

export const GLOB_CHARS = /[*?[\]{}()!]/;

export async function expandInputs(inputs: readonly string[], cwd: string): Promise<ExpandedInputs> {
  const files = new Set<string>();
  let stdin = false;
  for (const input of inputs) {
    if (input === '-') {
      stdin = true;
      continue;
    }
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => undefined);
    if (info?.isFile()) {
      files.add(absolute);
    } else if (info?.isDirectory()) {
      for (const file of await glob(`**/*.{${MANIFEST_EXTENSIONS.join(',')}}`, absolute)) files.add(file);
    } else if (GLOB_CHARS.test(input)) {
      const matches = await glob(input, cwd);
      if (matches.length === 0) throw new UsageError(`no files match the pattern \`${input}\``);
      for (const file of matches) files.add(file);
    } else {
      throw new UsageError(`no such file or directory: ${input}`);
    }
  }
  return { files: [...files].sort(compareCodePoints), stdin };
}

async function glob(pattern: string, cwd: string): Promise<string[]> {
  // Loaded only when a directory or glob is given: a pre-commit hook passing file names never pays for it.
  const { default: fastGlob } = await import('fast-glob');
  const matches = await fastGlob(pattern, {
    cwd,
    absolute: true,
    onlyFiles: true,
    dot: false,
    ignore: IGNORED_DIRECTORIES,
    suppressErrors: true,
    followSymbolicLinks: true,
  });
  return matches.map((m) => path.normalize(m));
}

/** Locale-independent order, so output is the same on every machine. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
