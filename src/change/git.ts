// The base version of files, read through git itself. Plumbing commands only: nothing here
// writes to the work tree, the index or the object store, so `--base` is safe in hooks, in
// worktrees, with a detached HEAD and in read-only checkouts. No network: a revision that is
// not in the repository is a usage error that says what to fetch.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../shared/usage-error.js';

export interface GitRepository {
  /** Top level of the work tree (real path). */
  readonly root: string;
  readonly shallow: boolean;
}

export interface GitBase extends GitRepository {
  /** The revision as given, e.g. `HEAD` or `origin/main`. */
  readonly revision: string;
  /** The commit it names; undefined for `HEAD` before the first commit (everything is new). */
  readonly commit: string | undefined;
}

/** How a file differs between the base commit and the work tree (`git diff --name-status`). */
export interface FileChange {
  /** A added, D deleted, M modified, R renamed, T type changed. */
  readonly status: 'A' | 'D' | 'M' | 'R' | 'T';
  /** Path at the base, relative to the root with `/`; undefined when added. */
  readonly basePath: string | undefined;
  /** Path in the work tree; undefined when deleted. */
  readonly path: string | undefined;
}

const GIT_OPTIONS = ['--literal-pathspecs', '-c', 'core.quotepath=off'];
// Never let git ask for anything, or run a pager.
const gitEnv = () => ({ ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', GIT_OPTIONAL_LOCKS: '0' });

interface GitResult {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

function git(cwd: string, args: readonly string[], input?: string): GitResult {
  const result = spawnSync('git', [...GIT_OPTIONS, ...args], { cwd, input, maxBuffer: 1024 * 1024 * 1024, env: gitEnv() });
  if (result.error) throw gitStartError(result.error);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

/** As git(), without waiting: the caller goes on with its own work while git runs (on another core). */
function gitAsync(cwd: string, args: readonly string[], input: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...GIT_OPTIONS, ...args], { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    // git may exit before reading all of its input (a bad revision): the broken pipe is its answer, not ours.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => reject(gitStartError(error)));
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') }));
    child.stdin.end(input);
  });
}

function gitStartError(error: Error): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  return new UsageError(code === 'ENOENT' ? '--base needs git, which is not on the PATH' : `--base: git failed to start (${code ?? error.message})`);
}

function firstLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')[0]
      ?.replace(/^fatal: /, '') ?? ''
  );
}

/** Opens the repository that holds `dir` and resolves `revision` in it. */
export function openGitBase(dir: string, revision: string): GitBase {
  if (revision === '' || revision.startsWith('-')) throw new UsageError(`--base takes a git revision such as HEAD or origin/main, not \`${revision}\``);
  // One process answers all three questions; rev-parse prints what it could before failing.
  const probe = git(dir, ['rev-parse', '--show-toplevel', '--is-shallow-repository', '--verify', '-q', '--end-of-options', `${revision}^{commit}`]);
  const lines = probe.stdout.toString('utf8').split('\n').filter(Boolean);
  if (lines.length < 2) {
    throw new UsageError(
      `--base ${revision}: ${path.resolve(dir)} is not inside a git repository (${firstLine(probe.stderr) || 'git rev-parse failed'}); use --base-path to compare with files`,
    );
  }
  const root = realpathSync(lines[0]!);
  const shallow = lines[1] === 'true';
  if (probe.status === 0 && lines[2]) return { root, shallow, revision, commit: lines[2] };
  if (revision === 'HEAD' && unbornHead(root)) return { root, shallow, revision, commit: undefined };
  if (shallow) {
    throw new UsageError(
      `--base ${revision}: this is a shallow clone and \`${revision}\` is not in it; fetch the base first ` +
        '(actions/checkout: `fetch-depth: 0`; or `git fetch --deepen=50`, or `git fetch origin <branch>`)',
    );
  }
  throw new UsageError(`--base ${revision}: unknown revision in ${root}; fetch it first (e.g. \`git fetch origin <branch>\`) or check its spelling`);
}

/** HEAD names a branch without commits: the first commit of a repository. */
function unbornHead(root: string): boolean {
  return git(root, ['rev-parse', '-q', '--verify', 'HEAD']).status !== 0 && git(root, ['symbolic-ref', '-q', 'HEAD']).status === 0;
}

/**
 * Files that differ between the base commit and the work tree below `pathspecs` (paths relative
 * to the root; none: the whole repository), renames followed. Staged and unstaged changes both
 * count: in a pre-commit hook the unstaged ones are stashed away, so this is the staged change.
 */
export function changedFiles(base: GitBase, pathspecs: readonly string[]): FileChange[] {
  if (!base.commit) return [];
  const result = git(base.root, ['diff', '--no-ext-diff', '--no-textconv', '--name-status', '-z', '-M', base.commit, '--', ...pathspecs]);
  if (result.status !== 0) throw new UsageError(`--base ${base.revision}: git diff failed: ${firstLine(result.stderr)}`);
  const fields = result.stdout.toString('utf8').split('\0');
  const changes: FileChange[] = [];
  for (let i = 0; i + 1 < fields.length;) {
    const status = fields[i++]!.charAt(0);
    if (status === 'R' || status === 'C') {
      const from = fields[i++]!;
      const to = fields[i++]!;
      changes.push(status === 'R' ? { status: 'R', basePath: from, path: to } : { status: 'A', basePath: undefined, path: to });
    } else {
      const file = fields[i++]!;
      if (status === 'A') changes.push({ status, basePath: undefined, path: file });
      else if (status === 'D') changes.push({ status, basePath: file, path: undefined });
      else if (status === 'M' || status === 'T') changes.push({ status, basePath: file, path: file });
    }
  }
  return changes;
}

/** Files in the work tree that git does not track (and does not ignore): new files. */
export function untrackedFiles(repo: GitRepository, pathspecs: readonly string[]): string[] {
  const result = git(repo.root, ['ls-files', '-z', '--others', '--exclude-standard', '--', ...pathspecs]);
  if (result.status !== 0) return [];
  return result.stdout.toString('utf8').split('\0').filter(Boolean);
}

export type BlobText = { path: string; text: string } | { path: string; problem: string };

/** The text of each path at the base commit: one `git cat-file --batch` for all of them. */
export function readAtBase(base: GitBase, paths: readonly string[]): BlobText[] {
  if (!base.commit || paths.length === 0) return [];
  const texts = readBlobs(base.root, base.commit, paths);
  if (typeof texts === 'string') throw new UsageError(`--base ${base.revision}: git cat-file failed: ${texts}`);
  return texts;
}

/**
 * The text of each path (relative to the repository root `root`, with `/`) at `revision`, read
 * by one `git cat-file --batch`; the first line of git's error when it fails. Paths the revision
 * does not have, and what is not UTF-8 text there, come back with the problem.
 */
export function readBlobs(root: string, revision: string, paths: readonly string[]): BlobText[] | string {
  const asked = askable(paths);
  if (asked.length === 0) return [];
  return blobTexts(asked, git(root, ['cat-file', '--batch'], catFileInput(revision, asked)));
}

/**
 * As readBlobs at `HEAD`, with git running while the caller goes on (the pre-commit hook reads
 * its context meanwhile), and with the commit git took `HEAD` to be (undefined when it has
 * none): a caller that keeps the texts by commit knows what they are the texts of.
 */
export async function readHeadBlobsAsync(root: string, paths: readonly string[]): Promise<{ commit: string | undefined; blobs: BlobText[] } | string> {
  const asked = askable(paths);
  if (asked.length === 0) return { commit: undefined, blobs: [] };
  const result = await gitAsync(root, ['cat-file', '--batch'], `HEAD\n${catFileInput('HEAD', asked)}`);
  if (result.status !== 0) return firstLine(result.stderr) || 'git cat-file failed';
  // The first answer is HEAD's commit object: `<id> commit <size>`, its bytes and a line break.
  const data = result.stdout;
  const eol = data.indexOf(0x0a);
  const header = /^([0-9a-f]+) commit (\d+)$/.exec(data.subarray(0, Math.max(eol, 0)).toString('utf8'));
  const rest = header ? data.subarray(eol + 1 + Number(header[2]) + 1) : eol === -1 ? data.subarray(data.length) : data.subarray(eol + 1);
  const blobs = blobTexts(asked, { ...result, stdout: rest });
  if (typeof blobs === 'string') return blobs;
  return { commit: header?.[1], blobs };
}

/** Variables by which git would find another repository, objects or replacements than its files say (GIT_DIR: unless it is `gitDir`). */
const GIT_LOCATION_VARIABLES = [
  'GIT_COMMON_DIR',
  'GIT_WORK_TREE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_REPLACE_REF_BASE',
];

/**
 * The commit `HEAD` names, read from the files of the git directory `gitDir` as git reads them
 * (HEAD, then the branch's loose ref, then packed-refs), without running git: a few small
 * reads. Undefined when git could see it otherwise or reading takes more than that: git's
 * location variables set (GIT_DIR to another directory), a reftable, replace refs (they change what a commit holds), a
 * symbolic ref to a symbolic ref, a branch without commits, anything unexpected.
 */
export function headCommitFromFiles(gitDir: string): string | undefined {
  if (GIT_LOCATION_VARIABLES.some((name) => process.env[name] !== undefined)) return undefined;
  // Git sets GIT_DIR for the hooks of a worktree: its git directory, the one found here.
  const gitDirVariable = process.env.GIT_DIR;
  if (gitDirVariable !== undefined && path.resolve(gitDirVariable) !== path.resolve(gitDir)) return undefined;
  const read = (file: string): string | undefined => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  const commitId = /^([0-9a-f]{40}|[0-9a-f]{64})\n?$/;
  const head = read(path.join(gitDir, 'HEAD'));
  if (head === undefined) return undefined;
  const commonPointer = read(path.join(gitDir, 'commondir'));
  const common = commonPointer === undefined ? gitDir : path.resolve(gitDir, commonPointer.trim());
  const config = read(path.join(common, 'config'));
  if (config === undefined || /refstorage|worktreeconfig/i.test(config)) return undefined;
  if (existsSync(path.join(common, 'refs', 'replace')) || existsSync(path.join(common, 'reftable'))) return undefined;
  const packed = read(path.join(common, 'packed-refs'));
  if (packed?.includes(' refs/replace/')) return undefined;
  const detached = commitId.exec(head);
  if (detached) return detached[1];
  const ref = /^ref: (refs\/heads\/[^\s\\]+)\n?$/.exec(head)?.[1];
  if (ref === undefined || ref.split('/').some((part) => part === '' || part === '.' || part === '..')) return undefined;
  const loose = read(path.join(common, ...ref.split('/')));
  if (loose !== undefined) return commitId.exec(loose)?.[1];
  for (const line of packed?.split('\n') ?? []) {
    const [id, name] = line.split(' ');
    if (name === ref && id !== undefined && commitId.test(id)) return id;
  }
  return undefined;
}

/** cat-file reads one name a line, so a path with a line break cannot be asked for. */
const askable = (paths: readonly string[]) => paths.filter((p) => !/[\r\n]/.test(p));
const catFileInput = (revision: string, paths: readonly string[]) => paths.map((p) => `${revision}:${p}\n`).join('');

/** `git cat-file --batch`'s answer for each path asked, in order. */
function blobTexts(asked: readonly string[], result: GitResult): BlobText[] | string {
  if (result.status !== 0) return firstLine(result.stderr) || 'git cat-file failed';
  const out: BlobText[] = [];
  const data = result.stdout;
  let at = 0;
  for (const file of asked) {
    const eol = data.indexOf(0x0a, at);
    if (eol === -1) break;
    const header = data.subarray(at, eol).toString('utf8');
    at = eol + 1;
    const match = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!match) {
      out.push({ path: file, problem: 'it is not in the base commit' });
      continue;
    }
    const size = Number(match[2]);
    const bytes = data.subarray(at, at + size);
    at += size + 1;
    if (match[1] !== 'blob') out.push({ path: file, problem: `it is a ${match[1]} at the base, not a file` });
    else if (bytes.includes(0)) out.push({ path: file, problem: 'it is a binary file at the base' });
    else {
      try {
        out.push({ path: file, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) });
      } catch {
        out.push({ path: file, problem: 'it is not UTF-8 text at the base' });
      }
    }
  }
  return out;
}
