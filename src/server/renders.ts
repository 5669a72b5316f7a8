// Charts and kustomizations in the language server: rendered in the background with the user's
// tools (found as the CLI finds them, with the configuration's `render`), never in the way of a
// keystroke's diagnostics. A lint pass takes the last finished renders as they are; a render is
// started again, debounced, when a file it reads changes on disk (saved or changed by a tool), and
// a render overtaken by a newer change is dropped. The findings land on templates, values files
// and patches through the same placement as the CLI's (src/render/inputs.ts).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expandInputs } from '../input/files.js';
import type { FileOutcome } from '../input/pipeline.js';
import { DEFAULT_SETTINGS as GRAPH_DEFAULTS } from '../graph/graph.js';
import { fileChecks, targetVersion, type LintOptions } from '../engine/lint.js';
import { discoverUnits, isInside, CHART_FILE } from '../render/discover.js';
import { renderInputs } from '../render/inputs.js';
import { KUSTOMIZATION_FILES } from '../input/kustomize-patches.js';
import type { Diagnostic } from 'vscode-languageserver';
import type { Project } from './project.js';

/** Quiet time after a change on disk before rendering: a save of several files renders once. */
export const DEFAULT_RENDER_DEBOUNCE_MS = 300;

export interface RenderHooks {
  /** New renders are in: lint the project again. */
  rendered(project: Project): void;
  /** The lint options of the project now. */
  options(project: Project): LintOptions;
  /** A sentence for the user, shown once per session (a missing tool). */
  notify(message: string): void;
  log(message: string): void;
}

interface RenderState {
  /** Bumped by every change; a render that finishes under an older generation is stale. */
  generation: number;
  running: boolean;
  timer?: NodeJS.Timeout;
  /** Outcomes of the last finished render: rendered texts and failures. */
  outcomes: FileOutcome[];
  /** Files that belong to a chart or kustomization: linted through their unit, never as plain files. */
  unitFiles: Set<string>;
  /** Folders of charts and kustomizations (and of the files they read): a change there re-renders. */
  unitDirs: ReadonlySet<string>;
}

export class BackgroundRenders {
  private readonly states = new Map<Project, RenderState>();
  private readonly noticed = new Set<string>();
  private stopped = false;

  constructor(
    private readonly hooks: RenderHooks,
    private readonly debounceMs = DEFAULT_RENDER_DEBOUNCE_MS,
  ) {}

  private state(project: Project): RenderState {
    let state = this.states.get(project);
    if (!state) {
      state = { generation: 0, running: false, outcomes: [], unitFiles: new Set(), unitDirs: new Set() };
      this.states.set(project, state);
    }
    return state;
  }

  private enabled(project: Project): boolean {
    return project.root !== undefined && project.config?.render !== false;
  }

  /**
   * Which of the project's files are a chart's or kustomization's (from the files known now; the
   * next render confirms it): called before the first lint pass of a folder, so that a template
   * is never shown a parse error while its chart renders.
   */
  discover(project: Project): void {
    const state = this.state(project);
    if (!this.enabled(project)) {
      state.unitFiles = new Set();
      state.unitDirs = new Set();
      return;
    }
    this.learn(
      state,
      [...project.files.keys()].filter((f) => path.isAbsolute(f)),
    );
  }

  private learn(state: RenderState, files: readonly string[]): void {
    const discovery = discoverUnits(files);
    state.unitFiles = discovery.unitFiles;
    const dirs = new Set<string>();
    for (const unit of discovery.units) dirs.add(unit.root);
    for (const file of discovery.unitFiles) dirs.add(path.dirname(file));
    state.unitDirs = dirs;
  }

  /** Whether `file` is linted through the render of its unit (not as a plain file). */
  isUnitFile(project: Project, file: string): boolean {
    return this.states.get(project)?.unitFiles.has(file) ?? false;
  }

  /**
   * A diagnostic of a chart's or kustomization's file as the editor may use it: the fix a render
   * carried to the file is in the offsets of its disk text, so it is offered only while the
   * document shows that text.
   */
  forEditor(project: Project, file: string, diagnostic: Diagnostic): Diagnostic {
    const data = diagnostic.data as { fix?: unknown } | undefined;
    if (!data?.fix || !this.isUnitFile(project, file)) return diagnostic;
    const entry = project.files.get(file);
    if (entry?.buffer === undefined || entry.buffer.text === readOrUndefined(file)) return diagnostic;
    const { fix: _fix, ...rest } = data;
    if (Object.keys(rest).length > 0) diagnostic.data = rest;
    else delete diagnostic.data;
    return diagnostic;
  }

  /** The rendered outcomes to lint with the project's files. */
  outcomes(project: Project): readonly FileOutcome[] {
    return this.enabled(project) ? (this.states.get(project)?.outcomes ?? []) : [];
  }

  /** A file changed on disk: re-render if a chart or kustomization reads it (or it makes one). */
  fileChanged(project: Project, file: string): void {
    const state = this.states.get(project);
    const name = path.basename(file);
    const makesUnit = name === CHART_FILE || KUSTOMIZATION_FILES.includes(name);
    let dir = path.dirname(file);
    let inUnit = false;
    while (state && !inUnit && project.root !== undefined && isInside(dir, project.root)) {
      inUnit = state.unitDirs.has(dir);
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    // A file new in a chart's or kustomization's folder is its unit's from now on, before the render confirms it.
    if (inUnit) state!.unitFiles.add(file);
    if (makesUnit || inUnit) this.schedule(project);
  }

  /** Renders the project's units after the quiet time; a render in flight becomes stale. */
  schedule(project: Project, delayMs = this.debounceMs): void {
    if (this.stopped || project.root === undefined) return;
    const state = this.state(project);
    state.generation++;
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void this.render(project), delayMs);
  }

  private async render(project: Project): Promise<void> {
    const state = this.state(project);
    delete state.timer;
    if (state.running) return; // the render in flight sees the newer generation and starts again
    if (!this.enabled(project)) {
      const had = state.outcomes.length > 0 || state.unitFiles.size > 0;
      state.outcomes = [];
      state.unitFiles = new Set();
      state.unitDirs = new Set();
      if (had) this.hooks.rendered(project);
      return;
    }
    const generation = state.generation;
    state.running = true;
    const started = performance.now();
    try {
      const root = project.root!;
      const { files } = await expandInputs([root], root);
      const inputs = files.filter((f) => !project.isIgnored(f));
      const options = this.hooks.options(project);
      const render = project.config?.render;
      const result = await renderInputs(inputs, {
        settings: render === false || render === undefined ? {} : render,
        target: targetVersion(options.kubernetesVersion),
        namespace: options.namespace ?? GRAPH_DEFAULTS.namespace,
        cwd: root,
        checks: fileChecks(options),
        cacheFile: cacheFileFor(root),
      });
      result.saveCache();
      if (this.stopped || generation !== state.generation) return;
      this.learn(state, inputs);
      state.outcomes = result.outcomes;
      for (const notice of result.notices) {
        // One notice per missing tool and session, however often the folder renders.
        const key = notice.slice(0, notice.indexOf(' not found'));
        if (this.noticed.has(key)) continue;
        this.noticed.add(key);
        this.hooks.notify(`stslint: ${notice}`);
      }
      const units = result.outcomes.filter((o) => o.rendered).length;
      if (units > 0 || result.outcomes.length > 0)
        this.hooks.log(`stslint: rendered ${units} chart and kustomization outputs of ${root} in ${Math.round(performance.now() - started)} ms`);
      this.hooks.rendered(project);
    } catch (error) {
      this.hooks.log(`stslint: rendering the charts and kustomizations of ${project.root!} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      state.running = false;
      // Changed while rendering: render again with what is on disk now.
      if (!this.stopped && generation !== state.generation && state.timer === undefined) this.schedule(project, 0);
    }
  }

  drop(project: Project): void {
    clearTimeout(this.states.get(project)?.timer);
    this.states.delete(project);
  }

  stop(): void {
    this.stopped = true;
    for (const state of this.states.values()) clearTimeout(state.timer);
  }
}

/** The diagnostic without related places in rendered texts (they are no files a user can open). */
export function withoutVirtual(diagnostic: Diagnostic, virtual: ReadonlySet<string>): Diagnostic {
  if (virtual.size === 0 || !diagnostic.relatedInformation) return diagnostic;
  const related = diagnostic.relatedInformation.filter((r) => !virtual.has(r.location.uri));
  if (related.length > 0) diagnostic.relatedInformation = related;
  else delete diagnostic.relatedInformation;
  return diagnostic;
}

/** Renders kept between sessions, by folder, outside the workspace (the server never writes into it). */
function cacheFileFor(root: string): string {
  const id = createHash('sha256').update(root).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `stslint-language-server-${id}`);
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
