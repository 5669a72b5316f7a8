// Which files are linted and which are reported on.
//
// `--context DIR`: a pre-commit hook passes only the changed files, but a StatefulSet and its
// Service often live in different files. The graph is then built from every manifest under DIR
// plus the named files, and the named files are reported on. A finding in a context file is
// reported too when the named files cause it: rename the Service in the staged service.yaml and
// the StatefulSet in the unchanged statefulset.yaml now names no Service. Such findings are
// found by linting the context again with the named files as they were before the change (their
// `HEAD` version in git; without git, without them) and keeping the context findings that are
// new; their message names the changed file. Findings that were already there, and parse errors
// in context files, stay out: they are not this change's fault.
//
// Ignore patterns (configuration `ignore`) apply to both; a file named on the command line that
// a pattern ignores is mentioned on standard error, never linted.

import { existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { headCommitFromFiles, readHeadBlobsAsync } from '../change/git.js';
import { expandInputs, statOrUndefined } from '../input/files.js';
import { UsageError } from '../shared/usage-error.js';
import { gitDirectory, relativePath, repositoryRoot } from '../shared/paths.js';
import {
  lintFiles,
  lintFilesWithContext,
  lintOutcomes,
  ruleFindingsIn,
  RULES,
  targetVersion,
  type LintOptions,
  type LintRun,
  type SourceInput,
} from '../engine/lint.js';
import { renderAtRevision, type UnitAtRevision } from '../render/at-revision.js';
import { isInside } from '../render/discover.js';
import { kustomizationInputs } from '../render/render.js';
import { DEFAULT_SETTINGS } from '../graph/graph.js';
import { processText, type FileOutcome } from '../input/pipeline.js';
import { resultPathsOf, toLintResults } from '../engine/report.js';
import { SCHEMA_RULE_ID } from '../engine/schema-coverage.js';
import { STDIN_PATH, type Finding } from '../shared/finding.js';
import { listAnd } from '../shared/text.js';

export interface Selection {
  /** Directory whose manifests complete the graph. */
  context?: string;
  /** Glob patterns of files never linted, relative to `ignoreBase`. */
  ignore?: readonly string[];
  ignoreBase?: string;
  /** Receives one-line notices for standard error (ignored named files). */
  warn?: (line: string) => void;
}

export async function lintSelection(inputs: readonly string[], options: LintOptions & { cwd: string }, selection: Selection): Promise<LintRun> {
  const ignoredBy = await ignoreMatcher(selection);
  if (!ignoredBy && !selection.context) return lintFiles(inputs, options);

  const named = await expandInputs(inputs, options.cwd);
  const files = named.files.filter((f) => ignoredBy?.(f) === undefined);
  if (ignoredBy) reportIgnoredNamedFiles(inputs, named.files, ignoredBy, options.cwd, selection.warn);
  const stdin = named.stdin ? ['-'] : [];
  if (!selection.context) return lintFiles([...files, ...stdin], options);

  if (!statOrUndefined(selection.context)?.isDirectory()) {
    throw new UsageError(`the context directory ${relativePath(selection.context, options.cwd)} does not exist`);
  }
  const reported = new Set(files);
  if (named.stdin) reported.add(options.stdinFilename ?? STDIN_PATH);
  // The named files as they were before the change (git HEAD), for the findings they cause in
  // context files: git reads them while the context is listed and read (on another core).
  const asked = files.length > 0 ? previousVersions(files, options.cwd, options.cacheFile) : Promise.resolve(undefined);
  const previousInputs = asked.then((before) =>
    files.flatMap((file): SourceInput[] => {
      const text = before?.get(file);
      return text === undefined ? [] : [{ path: file, text }];
    }),
  );
  const around = (await expandInputs([selection.context], options.cwd)).files.filter((f) => !reported.has(f) && ignoredBy?.(f) === undefined);
  // Context files are read only for what the graph needs, and only those whose objects can
  // relate to the named files (now or before the change) join the graph (src/input/relations.ts).
  const { run, related, units, contextUnitFiles } = await lintFilesWithContext([...files, ...stdin], {
    ...options,
    contextFiles: around,
    reportRelatedContext: true,
    contextAlsoRelatedTo: previousInputs,
  });
  const before = await asked;
  const previous = await previousInputs;
  const caused = related.length === 0 ? [] : await causedInContext(run, reported, files, related, options, previous, { units, inGit: before !== undefined });
  return reportedOnly(run, reported, caused, contextUnitFiles);
}

/**
 * The run as reported: the named files' findings, those placed in the base version (about an
 * object the change removed), all of the charts and kustomizations a named file stands for (a
 * staged values.yaml reports the chart's findings at its templates too), and the findings the
 * change causes in context files.
 */
function reportedOnly(run: LintRun, reported: ReadonlySet<string>, caused: readonly Finding[], contextUnits: ReadonlySet<string>): LintRun {
  const ofNamed = (f: Finding) => reported.has(f.filePath) || f.inBase === true || (f.renderedBy !== undefined && !contextUnits.has(f.renderedBy));
  const findings = [...run.findings.filter(ofNamed), ...caused];
  const shown = new Set([...reported, ...findings.map((f) => f.filePath)]);
  const made: Partial<LintRun> = {
    // Files of findings placed in the base version are added by toLintResults.
    results: toLintResults(
      [...resultPathsOf(run)].filter((p) => shown.has(p)),
      findings,
    ),
    findings,
    checks: run.checks.filter((c) => reported.has(c.filePath)),
    stats: { ...run.stats, files: reported.size },
  };
  // The run's other fields, in its order (as a spread of it): a spread would make its results,
  // placing every context file's findings (run-rules.ts placeLater) for nothing.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(run)) out[key] = key in made ? made[key as keyof LintRun] : run[key as keyof LintRun];
  for (const key of Object.keys(made)) if (!(key in out)) out[key] = made[key as keyof LintRun];
  return out as unknown as LintRun;
}

/**
 * Findings in context files that the named files cause: present now, absent when the named
 * files are as they were before the change. Only resources in a namespace that the named files
 * touch (now or before) can be affected, so only those are compared.
 */
async function causedInContext(
  run: LintRun,
  reported: ReadonlySet<string>,
  named: readonly string[],
  context: readonly FileOutcome[],
  options: LintOptions & { cwd: string },
  previous: readonly SourceInput[],
  rendered: { units: readonly UnitAtRevision[]; inGit: boolean },
): Promise<Finding[]> {
  const inContext = run.findings.filter(
    (f) => !reported.has(f.filePath) && !f.fatal && !f.inBase && f.resource && !f.suppressions && f.renderedBy === undefined,
  );
  if (inContext.length === 0 || named.length === 0) return [];

  // The comparison lints only files: no standard input, no progress, no base, no cache of its own.
  const { stdinText: _stdinText, onProgress: _onProgress, base: _base, cacheFile: _cacheFile, ...rest } = options;
  // Context files are not validated against schemas in the run (what a schema finds in an object
  // depends on that object alone, which the change did not touch): nor are they here.
  const quiet: LintOptions = { ...rest, rules: { ...rest.rules, [SCHEMA_RULE_ID]: 'off' } };
  // Namespaces of the named files' objects, now and before (cluster-scoped objects: '').
  const namespacesByFile = new Map<string, Set<string>>();
  const note = (filePath: string, namespace: string) => {
    const set = namespacesByFile.get(filePath) ?? new Set<string>();
    set.add(namespace);
    namespacesByFile.set(filePath, set);
  };
  // A chart or kustomization rendered because a named file belongs to it (a values file, a
  // template, a patch, a base file) stands for those named files: its objects are what they changed.
  const unitOf = new Map(rendered.units.map((u) => [u.path, u]));
  for (const check of run.checks) {
    if (reported.has(check.filePath)) note(check.filePath, check.resource.namespace);
    const unit = unitOf.get(check.filePath);
    if (unit) for (const file of namedFilesOf(unit, named)) note(file, check.resource.namespace);
  }
  // Without schema validation, as the context files were read: the same outcomes as lintSources'.
  const previousOutcomes = previous.map((s) => processText(s.path, s.text));
  for (const check of lintOutcomes(previousOutcomes, quiet).run.checks) note(check.filePath, check.resource.namespace);
  const touched = new Set([...namespacesByFile.values()].flatMap((set) => [...set]));
  const candidates = inContext.filter((f) => touched.has(f.resource!.namespace));
  if (candidates.length === 0) return [];

  // The context as it was before the change: the same context files (their outcomes from the
  // run, not read and parsed again: without schema validation either) with the named files'
  // previous versions, in the order lintSources would take them, and the rendered units as the
  // last commit renders them (without git: none, as for the named files).
  const unitsBefore = rendered.inGit && rendered.units.length > 0 ? await unitsAtHead(rendered.units, options) : [];
  const outcomes = [...context, ...previousOutcomes, ...unitsBefore];
  const existing = new Set(
    beforeFindings(outcomes, quiet, candidates)
      .filter((f) => !reported.has(f.filePath))
      .map(identity),
  );
  return candidates
    .filter((f) => !existing.has(identity(f)))
    .map((f) => {
      const holders = named.filter((file) => namespacesByFile.get(file)?.has(f.resource!.namespace));
      const shown = (holders.length > 0 ? holders : named).map((file) => relativePath(file, options.cwd));
      const list = shown.length > 3 ? [...shown.slice(0, 3), `${shown.length - 3} more`] : shown;
      return { ...f, message: `${f.message} (Caused by the change to ${listAnd(list, false)}.)` };
    });
}

/** The named files a rendered unit stands for: those inside its folder or, for a kustomization, inside what it builds; else all. */
function namedFilesOf({ unit }: UnitAtRevision, named: readonly string[]): readonly string[] {
  const reads = unit.kind === 'kustomize' ? kustomizationInputs(unit.root) : [unit.root];
  const inUnit = named.filter((file) => reads.some((r) => isInside(file, r)));
  return inUnit.length > 0 ? inUnit : named;
}

/** The units' texts as the last commit renders them, parsed as the run parses context files (no schema validation). */
async function unitsAtHead(units: readonly UnitAtRevision[], options: LintOptions & { cwd: string }): Promise<FileOutcome[]> {
  const then = await renderAtRevision(units, 'HEAD', {
    settings: options.baseRender ?? (options.render === false ? {} : (options.render ?? {})),
    target: targetVersion(options.kubernetesVersion),
    namespace: options.namespace ?? DEFAULT_SETTINGS.namespace,
    cwd: options.cwd,
  });
  return then.sources.map((source) => processText(source.path, source.text));
}

/**
 * The findings before the change that a candidate could be one of. When every candidate comes
 * from a rule (not a parse problem, a suppression problem or an internal error, which depend on
 * more than one rule), only those rules are run and only in the candidates' files: a finding of
 * another rule or in another file has another identity.
 */
function beforeFindings(outcomes: readonly FileOutcome[], options: LintOptions, candidates: readonly Finding[]): Finding[] {
  const ruleIds = new Set(candidates.map((f) => f.ruleId ?? ''));
  const fromRules = [...ruleIds].every((id) => id !== SCHEMA_RULE_ID && RULE_IDS.has(id));
  if (!fromRules) return lintOutcomes(outcomes, options).run.findings;
  // What a finding is about is compared, not where it is: no positions.
  return ruleFindingsIn(outcomes, options, { ruleIds, files: new Set(candidates.map((f) => f.filePath)), positions: false });
}

const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

/** What a finding is about, whatever its position: file, rule, resource, path and message id. */
function identity(f: Finding): string {
  const r = f.resource;
  return JSON.stringify([f.filePath, f.ruleId, r?.kind, r?.namespace, r?.name, f.path ?? [], f.messageId ?? f.message]);
}

/**
 * The named files as the last commit has them (one `git cat-file --batch` for all, as `--base`
 * reads its base): a file git does not have there is new (no entry). Undefined when the files are
 * not in a git repository or git cannot be run: the comparison is then with the context alone.
 * With the run's cache in the git directory (the hook as installed), the texts are kept beside it
 * with the commit they are of: a run for the same commit (the hook run again after a fix) reads
 * them there, without starting git.
 */
async function previousVersions(files: readonly string[], cwd: string, cacheFile?: string): Promise<Map<string, string> | undefined> {
  const root = repositoryRoot(cwd);
  // A look for `.git` costs no process; outside a repository there is nothing to ask git.
  if (!existsSync(path.join(root, '.git'))) return undefined;
  const relative = new Map<string, string>();
  for (const file of files) {
    const inside = path.relative(root, file);
    if (!inside.startsWith('..') && !path.isAbsolute(inside)) relative.set(inside.split(path.sep).join('/'), file);
  }
  const versionsOf = (texts: ReadonlyMap<string, string | null>) => {
    const versions = new Map<string, string>();
    for (const [inside, file] of relative) {
      const text = texts.get(inside);
      if (typeof text === 'string') versions.set(file, text);
    }
    return versions;
  };
  const gitDir = cacheFile === undefined ? undefined : gitDirectory(root);
  const store = gitDir !== undefined && path.dirname(cacheFile!) === gitDir ? `${cacheFile}.head` : undefined;
  const commit = store === undefined ? undefined : headCommitFromFiles(gitDir!);
  const kept = store !== undefined && commit !== undefined ? readHeadStore(store, commit, root) : undefined;
  if (kept && [...relative.keys()].every((inside) => kept.has(inside))) return versionsOf(kept);
  let answer: Awaited<ReturnType<typeof readHeadBlobsAsync>>;
  try {
    answer = await readHeadBlobsAsync(root, [...relative.keys()]);
  } catch {
    return undefined; // git is not on the PATH
  }
  if (typeof answer === 'string') return undefined;
  // Every path asked: its text at HEAD, or null (none, or not a text).
  const texts = new Map<string, string | null>([...relative.keys()].map((inside) => [inside, null]));
  for (const blob of answer.blobs) if ('text' in blob) texts.set(blob.path, blob.text);
  // Kept only when git took HEAD to be the commit read from the files.
  if (store !== undefined && commit !== undefined && answer.commit === commit) writeHeadStore(store, commit, root, new Map([...(kept ?? []), ...texts]));
  return versionsOf(texts);
}

/** The named files' texts at `commit` kept by an earlier run (previousVersions), when the store has them for this commit and repository. */
function readHeadStore(store: string, commit: string, root: string): Map<string, string | null> | undefined {
  try {
    const kept = JSON.parse(readFileSync(store, 'utf8')) as { commit?: unknown; root?: unknown; texts?: unknown };
    if (kept.commit !== commit || kept.root !== root || typeof kept.texts !== 'object' || kept.texts === null) return undefined;
    const texts = new Map<string, string | null>();
    for (const [inside, text] of Object.entries(kept.texts as Record<string, unknown>)) if (typeof text === 'string' || text === null) texts.set(inside, text);
    return texts;
  } catch {
    return undefined; // none yet, or unreadable: git is asked
  }
}

/** Keeps the texts of one commit (a later commit's replace them); a store that cannot be written only costs speed. */
function writeHeadStore(store: string, commit: string, root: string, texts: ReadonlyMap<string, string | null>): void {
  const temporary = `${store}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify({ commit, root, texts: Object.fromEntries(texts) }));
    renameSync(temporary, store);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
  }
}

/** Whether a text can hold a Kubernetes object at all: every object has `apiVersion` and `kind`. */
export function mayHoldManifest(text: string): boolean {
  return text.includes('apiVersion') && text.includes('kind');
}

/** Files named on the command line (not found in a directory) that an ignore pattern skips: one line on standard error. */
function reportIgnoredNamedFiles(
  inputs: readonly string[],
  files: readonly string[],
  ignoredBy: (file: string) => string | undefined,
  cwd: string,
  warn: Selection['warn'],
): void {
  if (!warn) return;
  const namedExactly = new Set(inputs.map((input) => path.resolve(cwd, input)));
  const ignored = files.filter((f) => namedExactly.has(f) && ignoredBy(f) !== undefined);
  if (ignored.length === 0) return;
  const shown = ignored.slice(0, 3).map((f) => `${relativePath(f, cwd)} (\`${ignoredBy(f)!}\`)`);
  const more = ignored.length > 3 ? ` and ${ignored.length - 3} more` : '';
  warn(
    `${ignored.length === 1 ? 'not linted, ignored by the configuration' : `${ignored.length} named files not linted, ignored by the configuration`}: ${shown.join(', ')}${more}`,
  );
}

/**
 * The configuration's `ignore` patterns as a function from an absolute path to the pattern that
 * ignores it (undefined: not ignored), or undefined when there are none.
 */
export async function ignoreMatcher(selection: Pick<Selection, 'ignore' | 'ignoreBase'>): Promise<((file: string) => string | undefined) | undefined> {
  const patterns = selection.ignore ?? [];
  if (patterns.length === 0) return undefined;
  const { default: picomatch } = await import('picomatch');
  // As in .gitignore: a pattern without a slash matches the file name at any depth, and a
  // leading slash anchors a pattern at the base directory.
  const matchers = patterns.map((p) => ({ pattern: p, isMatch: picomatch(p.startsWith('/') ? p.slice(1) : p.includes('/') ? p : `**/${p}`, { dot: true }) }));
  const base = selection.ignoreBase ?? process.cwd();
  return (file) => {
    const relative = path.relative(base, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    const posix = relative.split(path.sep).join('/');
    return matchers.find((m) => m.isMatch(posix))?.pattern;
  };
}
