// Command-line inputs (files, directories, globs, `-`) → a sorted, de-duplicated file list.

import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { compareCodePoints } from '../shared/text.js';
import { UsageError } from '../shared/usage-error.js';

export const MANIFEST_EXTENSIONS = ['yaml', 'yml', 'json'] as const;
const MANIFEST_FILE = /\.(ya?ml|json)$/i;
/** Kustomize's file name without an extension: a kustomization (never a manifest), found by walks as the others are. */
export const EXTENSIONLESS_KUSTOMIZATION = 'Kustomization';

/** Whether a file name (or path) is one a directory walk picks: a manifest (`.yaml`, `.yml`, `.json`) or an extension-less `Kustomization`. */
export function isInputFileName(name: string): boolean {
  return MANIFEST_FILE.test(name) || path.basename(name) === EXTENSIONLESS_KUSTOMIZATION;
}
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
  /** Each file, with its real path when the walk already knows it (no symbolic link on the way). */
  const files = new Map<string, string | undefined>();
  const unreadable: ExpandedInputs['unreadable'] = [];
  let stdin = false;
  for (const input of inputs) {
    if (input === '-') {
      stdin = true;
      continue;
    }
    const absolute = path.resolve(cwd, input);
    const info = statOrUndefined(absolute);
    if (info?.isFile()) {
      files.set(absolute, undefined);
    } else if (info?.isDirectory()) {
      for (const [file, real] of walk(absolute, unreadable)) if (!files.has(file)) files.set(file, real);
    } else if (GLOB_CHARS.test(input)) {
      const matches = await glob(input, cwd);
      if (matches.length === 0) throw new UsageError(`no files match the pattern \`${input}\``);
      for (const file of matches) if (!files.has(file)) files.set(file, undefined);
    } else {
      throw new UsageError(`no such file or directory: ${input}`);
    }
  }
  return { files: withoutDuplicates(files), stdin, unreadable };
}

/**
 * Manifest files below a directory, each with its real path. Hidden entries and node_modules are
 * skipped; symbolic links to files are read, links to directories are not followed (a link loop
 * cannot make the walk endless: name such a directory explicitly to lint it). Unreadable
 * directories are recorded. Synchronous: listing a local directory is faster so than through
 * the thread pool, and a repository of thousands of files is listed in milliseconds.
 */
function walk(root: string, unreadable: ExpandedInputs['unreadable']): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch {
    rootReal = root;
  }
  // Below the root no directory is a link (links are not followed), so real paths are joined, not resolved.
  const pending: [string, string][] = [[root, rootReal]];
  while (pending.length > 0) {
    const [dir, real] = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      unreadable.push({ path: dir, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
      continue;
    }
    // `dir` and `real` are normalized (resolved, then joined with plain names), so a name is
    // appended rather than joined: path.join, run for every file of a large repository, showed in
    // profiles of the pre-commit hook.
    const inDir = dir.endsWith(path.sep) ? dir : dir + path.sep;
    const inReal = real === dir ? inDir : real.endsWith(path.sep) ? real : real + path.sep;
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = inDir + entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORY_NAMES.has(entry.name)) pending.push([full, inReal + entry.name]);
      } else if (isInputFileName(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
        found.set(full, entry.isSymbolicLink() ? undefined : inReal === inDir ? full : inReal + entry.name);
      }
    }
  }
  return found;
}

/** Sorted; the same file reached through two paths (a symbolic link) is linted once, under its first path. */
function withoutDuplicates(files: ReadonlyMap<string, string | undefined>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const file of [...files.keys()].sort(compareCodePoints)) {
    let real = files.get(file);
    if (real === undefined) {
      try {
        real = realpathSync(file);
      } catch {
        real = file;
      }
    }
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

/** The file's status, or undefined when it cannot be had (synchronous: one call, and no fs/promises to load at start-up). */
export function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
