// Rendering the charts and kustomizations of a run: each unit (and each chart variant) through
// the user's tool, in parallel with a time limit, cached by the content of everything it reads.
// What comes out is text to lint as one more source, with the placement of its findings in the
// files people edit; what fails is one finding at the unit, with the tool's own message.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KubernetesVersion } from '../api/version.js';
import { packageInfo } from '../shared/package-info.js';
import { chartName, ciValuesFiles, defaultReleaseName, helmArgs, helmErrorPosition, type ChartSettings } from './helm.js';
import { absoluteAnnotationPaths, kustomizeArgs, kustomizeErrorFile, withoutBuildAnnotations, wrapperKustomization } from './kustomize.js';
import { RenderedPlacement, type Placed, type PlacementMemo } from './placement.js';
import type { RenderUnit, UnitProblem } from './discover.js';
import { findTool, inParallel, runTool, type Tool, type ToolName, type ToolPaths } from './tools.js';
import { sourceMapFor } from './mappers.js';

/** How rendering is done (`render` in the configuration, and flags). */
export interface RenderSettings {
  tools?: ToolPaths;
  /** A missing tool is an error rather than a notice (CI). */
  requireTools?: boolean;
  /** Seconds one render may take. */
  timeoutSeconds?: number;
  /** Per chart folder (absolute). */
  charts?: Readonly<Record<string, ChartSettings>>;
}

export const DEFAULT_RENDER_TIMEOUT_SECONDS = 60;
/** What one render may print: far above any real chart, far below what hurts. */
const MAX_RENDER_OUTPUT = 64 * 1024 * 1024;

/** One rendered text to lint. */
export interface RenderedSource {
  unit: RenderUnit;
  /** A chart variant's extra values file (ci/*-values.yaml), when it is one. */
  variant?: string;
  /** The name the text is linted under (never reported: placement moves every finding to a real file). */
  path: string;
  text: string;
  /** The namespace objects without one are installed in (helm's release namespace). */
  releaseNamespace?: string;
  /** The release name a chart was rendered with. */
  release?: string;
  placement: RenderedPlacement;
}

/** The built-in finding of a chart or kustomization that did not render (or was refused before rendering). */
export const RENDER_FAILED_ID = 'render-failed';
/** The built-in finding of a unit skipped for want of its tool, with `requireTools` (otherwise a notice). */
export const RENDER_TOOL_MISSING_ID = 'render-tool-missing';

/** A render that failed, or a problem found before rendering: one finding. */
export interface RenderFailure {
  ruleId: typeof RENDER_FAILED_ID | typeof RENDER_TOOL_MISSING_ID;
  /** The chart's Chart.yaml or the kustomization file that failed. */
  unit: string;
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface RenderOutcome {
  sources: RenderedSource[];
  failures: RenderFailure[];
  /** Tools that were missing (each once), and what was skipped for want of them. */
  missing: { tool: string; skipped: string[] }[];
  /** Seconds the tools ran (the renders not taken from the cache), summed. */
  toolSeconds: number;
  /**
   * Writes the cache (with `cacheFile`): the renders, and where their findings were placed —
   * call it once the findings are placed, so that the next run with no change places them
   * without building a line map.
   */
  saveCache(): void;
}

export interface RenderRun {
  units: readonly RenderUnit[];
  problems?: readonly UnitProblem[];
  settings: RenderSettings;
  target: KubernetesVersion;
  /** Namespace of a chart that configures none (`--namespace`, default `default`). */
  namespace: string;
  /** Keep renders in this file (beside the `--cache` file). */
  cacheFile?: string;
  cwd: string;
}

const INSTALL_HINTS: Record<string, string> = {
  helm: 'install helm (https://helm.sh/docs/intro/install/) or name it with --helm / `render.helm`',
  kustomize: 'install kustomize or kubectl (https://kubectl.docs.kubernetes.io/installation/) or name one with --kustomize / `render.kustomize`',
};

export async function renderUnits(run: RenderRun): Promise<RenderOutcome> {
  const cache = run.cacheFile ? RenderCache.open(run.cacheFile) : undefined;
  const outcome: RenderOutcome = { sources: [], failures: [], missing: [], toolSeconds: 0, saveCache: () => cache?.save() };
  for (const p of run.problems ?? [])
    outcome.failures.push({ ruleId: RENDER_FAILED_ID, unit: p.file, file: p.file, line: p.line, column: 1, message: p.message });
  const tools = run.settings.tools ?? {};
  const helm = run.units.some((u) => u.kind === 'helm') ? findTool('helm', tools.helm) : undefined;
  const kustomize = run.units.some((u) => u.kind === 'kustomize') ? kustomizeTool(tools) : undefined;
  const jobs: (() => Promise<void>)[] = [];
  const skipped = { helm: [] as string[], kustomize: [] as string[] };
  for (const unit of run.units) {
    const tool = unit.kind === 'helm' ? helm : kustomize;
    if (!tool) {
      skipped[unit.kind].push(path.relative(run.cwd, unit.root) || '.');
      continue;
    }
    if (unit.kind === 'helm') {
      const chart = run.settings.charts?.[unit.root] ?? {};
      const variants: (string | undefined)[] = [undefined, ...(chart.ciValues ? ciValuesFiles(unit.root) : [])];
      for (const variant of variants) jobs.push(() => renderChart(unit, tool, chart, variant, run, cache, outcome));
    } else {
      jobs.push(() => renderKustomization(unit, tool, run, cache, outcome));
    }
  }
  await inParallel(jobs, Math.max(1, Math.min(4, os.availableParallelism?.() ?? 2)));
  for (const [tool, units] of Object.entries(skipped)) {
    if (units.length === 0) continue;
    outcome.missing.push({ tool, skipped: units });
    if (run.settings.requireTools) {
      for (const u of run.units.filter((x) => x.kind === tool)) {
        outcome.failures.push({
          ruleId: RENDER_TOOL_MISSING_ID,
          unit: u.file,
          file: u.file,
          line: 1,
          column: 1,
          message: `${tool === 'helm' ? 'helm' : 'kustomize (or kubectl)'} was not found, so this ${tool === 'helm' ? 'chart' : 'kustomization'} was not rendered or linted; ${INSTALL_HINTS[tool]}.`,
        });
      }
    }
  }
  // Sources in a fixed order whatever finished first.
  outcome.sources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return outcome;
}

/** kustomize, else `kubectl kustomize`; a configured kustomize that is a kubectl is run as one. */
function kustomizeTool(tools: ToolPaths): Tool | undefined {
  const found = findTool('kustomize', tools.kustomize);
  if (found) return path.basename(found.file).startsWith('kubectl') ? { name: 'kubectl', file: found.file } : found;
  return tools.kustomize === undefined ? findTool('kubectl', tools.kubectl) : undefined;
}

/** The notice for tools that are missing, once per run. */
export function missingToolNotices(missing: RenderOutcome['missing']): string[] {
  return missing.map(({ tool, skipped }) => {
    const what = tool === 'helm' ? 'chart' : 'kustomization';
    const shown = skipped.slice(0, 5).join(', ') + (skipped.length > 5 ? `, … (${skipped.length} in all)` : '');
    return `${tool === 'helm' ? 'helm' : 'kustomize (or kubectl)'} not found: ${skipped.length} ${what}${skipped.length === 1 ? '' : 's'} not rendered or linted (${shown}); ${INSTALL_HINTS[tool]}.`;
  });
}

async function renderChart(
  unit: RenderUnit,
  tool: Tool,
  chart: ChartSettings,
  variant: string | undefined,
  run: RenderRun,
  cache: RenderCache | undefined,
  outcome: RenderOutcome,
): Promise<void> {
  const namespace = chart.namespace ?? run.namespace;
  const args = helmArgs(unit.root, chart, namespace, run.target, variant);
  const inputs = [unit.root, ...(chart.values ?? []), ...(variant ? [variant] : [])];
  const result = await cachedRun(tool, args, inputs, run, cache, outcome);
  const name = chartName(unit.root);
  const label = variant ? ` with ${path.relative(unit.root, variant)}` : '';
  if (result.failure !== undefined) {
    const at = helmErrorPosition(unit.root, name, result.failure);
    outcome.failures.push({
      ruleId: RENDER_FAILED_ID,
      unit: unit.file,
      file: at?.file ?? unit.file,
      line: at?.line ?? 1,
      column: at?.column ?? 1,
      message: `helm template failed for this chart${label}, so nothing it renders was linted: ${result.failure}`,
    });
    return;
  }
  const text = result.stdout;
  const valuesFiles = [...(chart.values ?? []), ...(variant ? [variant] : [])];
  outcome.sources.push({
    unit,
    ...(variant ? { variant } : {}),
    path: path.join(unit.root, variant ? `(helm template${label})` : '(helm template)'),
    text,
    releaseNamespace: namespace,
    release: chart.releaseName ?? defaultReleaseName(unit.root),
    placement: new RenderedPlacement({
      kind: 'helm',
      root: unit.root,
      unitFile: unit.file,
      chartName: name,
      mapText: text,
      lintedText: text,
      map: sourceMapFor({ kind: 'helm', root: unit.root, text, valuesFiles }),
      ...(result.placements ? { memo: result.placements } : {}),
    }),
  });
}

async function renderKustomization(unit: RenderUnit, tool: Tool, run: RenderRun, cache: RenderCache | undefined, outcome: RenderOutcome): Promise<void> {
  // The wrapper folder is made only when the tool runs: a cache hit needs none. The cache keeps
  // the output with the annotations' paths already absolute, and its key names the unit, not the folder.
  let wrapper: ReturnType<typeof wrapperKustomization> | undefined;
  let result: CachedResult;
  try {
    result = await cachedRun(
      tool,
      () => kustomizeArgs(tool, (wrapper = wrapperKustomization(unit.root)).dir),
      kustomizationInputs(unit.root),
      run,
      cache,
      outcome,
      [tool.name, unit.root, 'absolute-origins'],
      (stdout) => absoluteAnnotationPaths(stdout, wrapper!.dir),
    );
    if (result.failure !== undefined) result = { stdout: '', failure: result.failure, failureFile: wrapper && kustomizeErrorFile(result.failure, wrapper.dir) };
  } finally {
    wrapper?.remove();
  }
  if (result.failure !== undefined) {
    outcome.failures.push({
      ruleId: RENDER_FAILED_ID,
      unit: unit.file,
      file: result.failureFile ?? unit.file,
      line: result.failureFile ? 1 : entryLine(unit.file, result.failure),
      column: 1,
      message: `${tool.name === 'kubectl' ? 'kubectl kustomize' : 'kustomize build'} failed for this kustomization, so nothing it builds was linted: ${result.failure}`,
    });
    return;
  }
  const annotated = result.stdout;
  const stripped = withoutBuildAnnotations(annotated);
  outcome.sources.push({
    unit,
    path: path.join(unit.root, '(kustomize build)'),
    text: stripped.text,
    placement: new RenderedPlacement({
      kind: 'kustomize',
      root: unit.root,
      unitFile: unit.file,
      mapText: annotated,
      lintedText: stripped.text,
      lineOf: stripped.lineOf,
      map: sourceMapFor({ kind: 'kustomize', root: unit.root, text: annotated, valuesFiles: [] }),
      ...(result.placements ? { memo: result.placements } : {}),
    }),
  });
}

/** The line of the kustomization that holds an entry the message quotes (`'../../base'`), else 1. */
function entryLine(file: string, message: string): number {
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split(/\r?\n/);
  } catch {
    return 1;
  }
  for (const match of message.matchAll(/'([^'\s]+)'/g)) {
    const entry = match[1]!;
    const pattern = new RegExp(`(^|[\\s\\[,'"])${entry.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s\\],'"#])`);
    const index = lines.findIndex((l) => pattern.test(l));
    if (index >= 0) return index + 1;
  }
  return 1;
}

interface CachedResult {
  stdout: string;
  /** With a cache: the placements of this render's findings, kept with it (placement.ts). */
  placements?: PlacementMemo;
  failure?: string;
  failureFile?: string | undefined;
}

/**
 * Runs the tool, or takes its output from the cache when nothing it reads has changed. `args` may
 * be a function, called only when the tool runs (then `keyArgs` names the render); `keep` turns the tool's output into what is
 * returned and cached.
 */
async function cachedRun(
  tool: Tool,
  args: readonly string[] | (() => readonly string[]),
  inputs: readonly string[],
  run: RenderRun,
  cache: RenderCache | undefined,
  outcome: RenderOutcome,
  keyArgs: readonly string[] = args as readonly string[],
  keep: (stdout: string) => string = (stdout) => stdout,
): Promise<CachedResult> {
  const key = cache ? renderKey(tool, keyArgs, inputs) : undefined;
  const hit = key ? cache!.get(key) : undefined;
  if (hit !== undefined) return { stdout: hit, placements: cache!.placements(key!) };
  const timeoutSeconds = run.settings.timeoutSeconds ?? DEFAULT_RENDER_TIMEOUT_SECONDS;
  const started = performance.now();
  const result = await runTool(tool, typeof args === 'function' ? args() : args, {
    cwd: run.cwd,
    timeoutMs: timeoutSeconds * 1000,
    maxOutputBytes: MAX_RENDER_OUTPUT,
    env: offlineEnv(),
  });
  outcome.toolSeconds += (performance.now() - started) / 1000;
  if (result.stopped === 'timeout')
    return { stdout: '', failure: `it did not finish within ${timeoutSeconds} s and was stopped (raise \`render.timeout\` if the chart is just slow).` };
  if (result.stopped === 'output') return { stdout: '', failure: `it printed more than ${MAX_RENDER_OUTPUT / 1024 / 1024} MiB and was stopped.` };
  if (result.code !== 0) return { stdout: '', failure: toolMessage(result.stderr) || `it exited with code ${String(result.code)}.` };
  const stdout = keep(result.stdout);
  if (!key) return { stdout };
  cache!.set(key, stdout);
  return { stdout, placements: cache!.placements(key) };
}

/** The tool's error, without its hints about flags stslint does not pass and its deprecation warnings. */
function toolMessage(stderr: string): string {
  return (
    stderr
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('# Warning:') && !l.startsWith('Use --debug flag') && !l.startsWith('WARNING:'))
      .join('\n')
      .replace(/^error: /i, '')
      // kustomize's first layer names the wrapper kustomization in the temporary folder: only the user's folder matters.
      .replace(
        /^accumulating resources: accumulation err='accumulating resources from '[^']*': '[^']*' must resolve to a file': recursed accumulation of path '[^']*': /,
        '',
      )
      .trim()
  );
}

/** The environment of a render: as the user's, with helm kept from reaching out for plugins or repositories. */
function offlineEnv(): NodeJS.ProcessEnv {
  return { ...process.env, HELM_NO_PLUGINS: '1' };
}

/** The folders and files a kustomization's build may read: its folder and every local folder it names, through any depth. */
export function kustomizationInputs(root: string): string[] {
  const seen = new Set<string>();
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
      let text: string;
      try {
        text = readFileSync(path.join(dir, name), 'utf8');
      } catch {
        continue;
      }
      for (const match of text.matchAll(/^\s*-?\s*(?:path:\s*)?["']?(\.\.?\/[^\s"'#]+)/gm)) {
        const target = path.resolve(dir, match[1]!);
        const info = statSync(target, { throwIfNoEntry: false });
        if (info?.isDirectory()) pending.push(target);
        else if (info?.isFile()) seen.add(target);
      }
      break;
    }
  }
  return [...seen];
}

/** The key of a render: stslint's version, the tool (path, size, time), its arguments, and the content of every file it may read. */
function renderKey(tool: Tool, args: readonly string[], inputs: readonly string[]): string {
  const hash = createHash('sha1');
  hash.update(`${packageInfo().version}\0${tool.file}\0`);
  const info = statSync(tool.file, { throwIfNoEntry: false });
  hash.update(`${info?.size ?? 0}\0${info?.mtimeMs ?? 0}\0${args.join('\0')}\0`);
  for (const file of [...new Set(inputs.flatMap(filesUnder))].sort()) {
    hash.update(`${file}\0`);
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update('\0unreadable');
    }
  }
  return hash.digest('hex');
}

/** Every file at or under a path (hidden folders and node_modules left out; links to folders not followed). */
function filesUnder(start: string): string[] {
  const info = statSync(start, { throwIfNoEntry: false });
  if (!info) return [];
  if (!info.isDirectory()) return [start];
  const out: string[] = [];
  const pending = [start];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile() || entry.isSymbolicLink()) out.push(full);
    }
  }
  return out;
}

/** Renders kept between runs: key → the tool's output. Written atomically; an unreadable file is a cold cache. */
class RenderCache {
  private readonly used = new Map<string, string>();
  private changed = false;
  /** Placements by render key: those read, and those this run made (as live maps placement.ts fills). */
  private readonly placed = new Map<string, PlacementMemo>();
  private readonly placedSizes = new Map<string, number>();

  private constructor(
    private readonly file: string,
    private readonly entries: Map<string, string>,
    private readonly storedPlacements: Record<string, Record<string, Placed>>,
  ) {}

  static open(cacheFile: string): RenderCache {
    const file = `${cacheFile}.render`;
    let entries = new Map<string, string>();
    let placements: Record<string, Record<string, Placed>> = {};
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as {
        version?: string;
        entries?: Record<string, string>;
        placements?: Record<string, Record<string, Placed>>;
      };
      if (data.version === packageInfo().version && data.entries) {
        entries = new Map(Object.entries(data.entries));
        placements = data.placements ?? {};
      }
    } catch {
      // no cache yet, or one that cannot be read: rebuilt
    }
    return new RenderCache(file, entries, placements);
  }

  /** The placements kept for a render (the same key: the same output, and the same files it maps into). */
  placements(key: string): PlacementMemo {
    let memo = this.placed.get(key);
    if (!memo) {
      memo = new Map(Object.entries(this.storedPlacements[key] ?? {}));
      this.placed.set(key, memo);
      this.placedSizes.set(key, memo.size);
    }
    return memo;
  }

  get(key: string): string | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) this.used.set(key, hit);
    return hit;
  }

  set(key: string, output: string): void {
    this.used.set(key, output);
    this.changed = true;
  }

  /** Keeps the renders this run used (a cache does not grow with every edit ever made). */
  save(): void {
    const placedMore = [...this.placed].some(([key, memo]) => memo.size !== this.placedSizes.get(key));
    if (!this.changed && !placedMore && this.used.size === this.entries.size) return;
    const placements: Record<string, Record<string, Placed>> = {};
    for (const key of this.used.keys()) {
      const memo = this.placed.get(key);
      if (memo && memo.size > 0) placements[key] = Object.fromEntries(memo);
    }
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true }); // `--cache-location dir/` of a folder not made yet, as the file cache does
      writeFileSync(temporary, JSON.stringify({ version: packageInfo().version, entries: Object.fromEntries(this.used), placements }));
      for (const [key, memo] of this.placed) this.placedSizes.set(key, memo.size);
      renameSync(temporary, this.file);
    } catch {
      // a cache that cannot be written only costs the next run its renders
    }
  }
}

export type { ToolName };
