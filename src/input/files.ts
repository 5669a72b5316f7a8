// Command-line inputs (files, directories, globs, `-`) → a sorted, de-duplicated file list.

import { opendir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { compareCodePoints } from '../shared/text.js';
import { UsageError } from '../shared/usage-error.js';

export const MANIFEST_EXTENSIONS = ['yaml', 'yml', 'json'] as const;
const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const IGNORED_DIRECTORIES = ['**/node_modules/**', '**/.git/**'];
const SKIPPED_DIRECTORY_NAMES = new Set(['node_modules']);

export interface ExpandedInputs {
  /** Absolute paths, sorted, each once. */
  files: string[];
  /** `-` was given: read standard input too. */
  stdin: boolean;
  /** Directories that could not be read, with the reason; the run goes on without them. */
  unreadable: { path: string; reason: string }[];
}

export const GLOB_CHARS = /[*?[\]{}()!]/;

export async function expandInputs(inputs: readonly string[], cwd: string): Promise<ExpandedInputs> {
  const files = new Set<string>();
  const unreadable: ExpandedInputs['unreadable'] = [];
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
      for (const file of await walk(absolute, unreadable)) files.add(file);
    } else if (GLOB_CHARS.test(input)) {
      const matches = await glob(input, cwd);
      if (matches.length === 0) throw new UsageError(`no files match the pattern \`${input}\``);
      for (const file of matches) files.add(file);
    } else {
      throw new UsageError(`no such file or directory: ${input}`);
    }
  }
  return { files: await withoutDuplicates([...files].sort(compareCodePoints)), stdin, unreadable };
}

/**
 * Manifest files below a directory. Hidden entries and node_modules are skipped; symbolic links
 * to files are read, links to directories are not followed (a link loop cannot make the walk
 * endless: name such a directory explicitly to lint it). Unreadable directories are recorded.
 */
async function walk(root: string, unreadable: ExpandedInputs['unreadable']): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    try {
      for await (const entry of await opendir(dir)) {
        if (entry.name.startsWith('.')) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRECTORY_NAMES.has(entry.name)) pending.push(full);
        } else if (MANIFEST_FILE.test(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
          found.push(full);
        }
      }
    } catch (error) {
      unreadable.push({ path: dir, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
    }
  }
  return found;
}

/** The same file reached through two paths (a symbolic link) is linted once, under its first path. */
async function withoutDuplicates(files: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const file of files) {
    const real = await realpath(file).catch(() => file);
    if (seen.has(real)) continue;
    seen.add(real);
    out.push(file);
  }
  return out;
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
    followSymbolicLinks: false,
  });
  return matches.map((m) => path.normalize(m));
}
