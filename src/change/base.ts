// The base version to compare with: files at a git revision (`--base`), or manifests given as
// files (`--base-path`: the previous release's rendered chart, or a `kubectl get -o yaml` export).

import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { expandInputs, isInputFileName, MANIFEST_EXTENSIONS } from '../input/files.js';
import { UsageError } from '../shared/usage-error.js';
import { changedFiles, openGitBase, readAtBase, untrackedFiles } from './git.js';

/** A file's text and the path it is reported under. */
export interface SourceInput {
  readonly path: string;
  readonly text: string;
}

export type BaseOption =
  /** A git revision; `roots` are the inputs and the context directory whose files are compared. */
  | { readonly revision: string; readonly roots: readonly string[] }
  /** Manifests given as a file or a directory. */
  | { readonly path: string }
  /** Texts already in memory (tests, fixtures, the API). */
  | { readonly sources: readonly SourceInput[]; readonly label: string };

export interface LoadedBase {
  /** How messages and the plan name the base: `HEAD`, `origin/main (1a2b3c4)`, `release/`. */
  readonly label: string;
  readonly sources: readonly SourceInput[];
  /**
   * Current files that differ from the base; undefined when every file is compared (a base
   * given as files carries no file identity).
   */
  readonly changed: ReadonlySet<string> | undefined;
  /** Base files left out of the comparison, one line each. */
  readonly notices: readonly string[];
}

/**
 * Whether a file found among the inputs is a current file: files under `--base-path` are the
 * base version, even when an input directory contains them (`stslint --base-path case/base case`).
 */
export function notInBasePath(option: BaseOption, cwd: string): (file: string) => boolean {
  if (!('path' in option)) return () => true;
  const base = path.resolve(cwd, option.path);
  return (file) => file !== base && !file.startsWith(`${base}${path.sep}`);
}

const MANIFEST_FILE = new RegExp(`\\.(${MANIFEST_EXTENSIONS.join('|')})$`, 'i');

/** Loads the base the options name; `files` are the current files (absolute). */
export async function loadBase(option: BaseOption, files: readonly string[], cwd: string): Promise<LoadedBase> {
  if ('sources' in option) return { label: option.label, sources: option.sources, changed: undefined, notices: [] };
  if ('path' in option) return loadBasePath(path.resolve(cwd, option.path), cwd);
  return loadGitBase(
    option.revision,
    option.roots.map((r) => path.resolve(cwd, r)),
    files,
    cwd,
  );
}

async function loadBasePath(where: string, cwd: string): Promise<LoadedBase> {
  let expanded;
  try {
    expanded = await expandInputs([where], cwd);
  } catch {
    throw new UsageError(`--base-path ${path.relative(cwd, where) || where}: no such file or directory`);
  }
  const sources: SourceInput[] = [];
  const notices: string[] = [];
  for (const file of expanded.files) {
    try {
      sources.push({ path: file, text: readFileSync(file, 'utf8') });
    } catch (error) {
      notices.push(
        `base file ${path.relative(cwd, file)} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); it is left out of the comparison`,
      );
    }
  }
  if (sources.length === 0) throw new UsageError(`--base-path ${path.relative(cwd, where) || where}: no YAML or JSON manifests there`);
  return { label: path.relative(cwd, where) || path.basename(where), sources, changed: undefined, notices };
}

function loadGitBase(revision: string, roots: readonly string[], files: readonly string[], cwd: string): LoadedBase {
  const anchor = roots[0] ?? files[0] ?? cwd;
  const base = openGitBase(dirOf(anchor), revision);
  // A commit id is shown short, a name with the commit it stands for: `HEAD (1a2b3c4)`.
  const label = !base.commit
    ? `${revision} (no commits yet)`
    : /^[0-9a-f]{7,40}$/.test(revision)
      ? revision.slice(0, 12)
      : `${revision} (${base.commit.slice(0, 7)})`;
  const toRepo = (file: string): string | undefined => {
    const relative = path.relative(base.root, realPath(file));
    return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative.split(path.sep).join('/');
  };
  const rootSpecs = roots.map(toRepo).filter((r): r is string => r !== undefined);
  // Thousands of path arguments (a hook passing every file) cost more than filtering afterwards.
  const pathspecs = rootSpecs.includes('') || rootSpecs.length > 200 ? [] : rootSpecs;
  const current = new Map<string, string>();
  for (const file of files) {
    const relative = toRepo(file);
    if (relative !== undefined) current.set(relative, file);
  }
  // Deleted files count under the inputs and the context only (standard input has no base file).
  const inRoots = (relative: string): boolean => rootSpecs.some((r) => r === '' || relative === r || relative.startsWith(`${r}/`));

  const changed = new Set<string>();
  const wanted: string[] = [];
  // Over the whole repository, not the roots: a file moved into the linted folder from anywhere
  // is a rename only when git sees both sides (`git mv old/ new/`, then `stslint --base HEAD new/`).
  for (const change of changedFiles(base, [])) {
    const now = change.path === undefined ? undefined : current.get(change.path);
    if (now) changed.add(now);
    if (change.basePath === undefined) continue;
    // The base side of a file linted now is compared, and so is a manifest deleted under the
    // inputs: its objects are gone. A file that still exists but is not linted (ignored, not a
    // manifest) is left out, or its objects would look deleted.
    if (now || (change.status === 'D' && inRoots(change.basePath) && MANIFEST_FILE.test(change.basePath))) wanted.push(change.basePath);
  }
  for (const file of untrackedFiles(base, pathspecs)) {
    const now = current.get(file);
    if (now) changed.add(now);
  }
  // Files outside the repository have no base: they are new.
  for (const file of files) if (toRepo(file) === undefined) changed.add(file);
  if (!base.commit) for (const file of files) changed.add(file);

  const sources: SourceInput[] = [];
  const notices: string[] = [];
  for (const blob of readAtBase(base, wanted)) {
    const where = path.join(base.root, ...blob.path.split('/'));
    if ('text' in blob) sources.push({ path: where, text: blob.text });
    else notices.push(`${blob.path} at ${revision}: ${blob.problem}; it is left out of the comparison`);
  }
  return { label, sources, changed, notices };
}

/**
 * What `--base <revision>` lints when no paths are given: the manifests under `dir` that differ
 * from the revision and that the work tree has (added, modified, renamed into it; absolute
 * paths), and whether a manifest under `dir` was deleted (a deletion is compared through the
 * roots, src/cli/base-option.ts). As `git diff <revision>`: untracked files are not part of the
 * change. In a pre-commit hook, with the unstaged changes stashed, this is the staged change,
 * deletions included, which pre-commit never passes as files.
 */
export function changedManifests(revision: string, dir: string): { files: string[]; deleted: boolean } {
  const base = openGitBase(dir, revision);
  const under = path.relative(base.root, realPath(dir)).split(path.sep).join('/');
  const inDir = (relative: string) => under === '' || relative === under || relative.startsWith(`${under}/`);
  const files: string[] = [];
  let deleted = false;
  for (const change of changedFiles(base, [])) {
    // A changed `Kustomization` stands for its kustomization as a changed kustomization.yaml does.
    if (change.path !== undefined && inDir(change.path) && isInputFileName(change.path)) {
      const file = path.join(base.root, ...change.path.split('/'));
      if (statSync(file, { throwIfNoEntry: false })?.isFile()) files.push(file);
    } else if (change.status === 'D' && inDir(change.basePath!) && MANIFEST_FILE.test(change.basePath!)) deleted = true;
  }
  return { files, deleted };
}

function dirOf(file: string): string {
  return statSync(file, { throwIfNoEntry: false })?.isDirectory() ? file : path.dirname(file);
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}
