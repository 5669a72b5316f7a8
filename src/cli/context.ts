// Which files are linted and which are reported on.
//
// `--context DIR`: a pre-commit hook passes only the changed files, but a StatefulSet and its
// Service often live in different files. The graph is then built from every manifest under DIR
// plus the named files, and only the named files are reported on: findings in context files,
// and their parse errors, are dropped. Ignore patterns (configuration `ignore`) apply to both.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { expandInputs } from '../input/files.js';
import { UsageError } from '../shared/usage-error.js';
import { relativePath } from '../shared/paths.js';
import { lintFiles, type LintOptions, type LintRun } from '../engine/lint.js';
import { STDIN_PATH } from '../shared/finding.js';

export interface Selection {
  /** Directory whose manifests complete the graph. */
  context?: string;
  /** Glob patterns of files never linted, relative to `ignoreBase`. */
  ignore?: readonly string[];
  ignoreBase?: string;
}

export async function lintSelection(inputs: readonly string[], options: LintOptions & { cwd: string }, selection: Selection): Promise<LintRun> {
  const ignored = await ignoreMatcher(selection);
  if (!ignored && !selection.context) return lintFiles(inputs, options);

  const named = await expandInputs(inputs, options.cwd);
  const files = ignored ? named.files.filter((f) => !ignored(f)) : named.files;
  const stdin = named.stdin ? ['-'] : [];
  if (!selection.context) return lintFiles([...files, ...stdin], options);

  if (!(await stat(selection.context).catch(() => undefined))?.isDirectory()) {
    throw new UsageError(`the context directory ${relativePath(selection.context, options.cwd)} does not exist`);
  }
  const reported = new Set(files);
  if (named.stdin) reported.add(options.stdinFilename ?? STDIN_PATH);
  const around = (await expandInputs([selection.context], options.cwd)).files.filter((f) => !reported.has(f) && !ignored?.(f));
  const context = await manifestsOnly(around);
  const run = await lintFiles([...files, ...context, ...stdin], options);
  return {
    ...run,
    results: run.results.filter((r) => reported.has(r.filePath)),
    findings: run.findings.filter((f) => reported.has(f.filePath)),
    checks: run.checks.filter((c) => reported.has(c.filePath)),
    stats: { ...run.stats, files: reported.size },
  };
}

/**
 * Context files that can hold a Kubernetes object: every object has `apiVersion` and `kind`.
 * Skipping the rest keeps `--context .` from parsing package-lock.json and CI workflows.
 */
async function manifestsOnly(files: readonly string[]): Promise<string[]> {
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8').catch(() => '')));
  return files.filter((_, i) => mayHoldManifest(texts[i]!));
}

/** Whether a text can hold a Kubernetes object at all: every object has `apiVersion` and `kind`. */
export function mayHoldManifest(text: string): boolean {
  return text.includes('apiVersion') && text.includes('kind');
}

/** The configuration's `ignore` patterns as a test on absolute paths; undefined when there are none. */
export async function ignoreMatcher(selection: Selection): Promise<((file: string) => boolean) | undefined> {
  const patterns = selection.ignore ?? [];
  if (patterns.length === 0) return undefined;
  const { default: picomatch } = await import('picomatch');
  // As in .gitignore: a pattern without a slash matches the file name at any depth, and a
  // leading slash anchors a pattern at the base directory.
  const globs = patterns.map((p) => (p.startsWith('/') ? p.slice(1) : p.includes('/') ? p : `**/${p}`));
  const isMatch = picomatch(globs, { dot: true });
  const base = selection.ignoreBase ?? process.cwd();
  return (file) => {
    const relative = path.relative(base, file);
    return !relative.startsWith('..') && !path.isAbsolute(relative) && isMatch(relative.split(path.sep).join('/'));
  };
}
