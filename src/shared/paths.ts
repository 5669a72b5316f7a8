// Paths as reports show them: relative to where the user stands, or to the repository root
// (what GitHub annotations and code scanning expect).

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The nearest directory at or above `start` that holds `.git` (a directory, or a file in a
 * worktree or submodule); `start` itself when there is none. A few `stat`s, no git process.
 */
export function repositoryRoot(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start);
  }
}

/**
 * The git directory of the repository at or above `start` (`.git`, or where a worktree's or
 * submodule's `.git` file points), where git keeps its own state; undefined outside a repository.
 * A few `stat`s, no git process.
 */
export function gitDirectory(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    try {
      if (statSync(dotGit).isDirectory()) return dotGit;
      const pointer = /^gitdir: *(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'))?.[1];
      return pointer === undefined ? undefined : path.resolve(dir, pointer);
    } catch {
      // No .git here: look further up.
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * `filePath` relative to `base`, with `/` separators. Names that are not absolute paths
 * (`<stdin>`, a `--stdin-filename`) are shown as given.
 */
export function relativePath(filePath: string, base: string): string {
  if (!path.isAbsolute(filePath)) return filePath.split(path.sep).join('/');
  return path.relative(base, filePath).split(path.sep).join('/') || path.basename(filePath);
}
