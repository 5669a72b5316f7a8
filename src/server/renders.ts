// Charts and kustomizations in the language server: rendered in the background with the user's
// tools (found as the CLI finds them, with the configuration's `render`), never in the way of a
// keystroke's diagnostics. A lint pass takes the last finished renders as they are. Each unit
// (chart or top-level kustomization) renders on its own, debounced, when a file it reads changes
// on disk or in an open document: unsaved text is rendered from a temporary copy (overlay.ts), so
// diagnostics follow what is typed; a change to a file no unit reads renders nothing. A render
// overtaken by a newer one of its unit is killed, tool and children. The findings land on
// templates, values files and patches through the same placement as the CLI's (src/render/inputs.ts).

import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expandInputs } from '../input/files.js';
import type { FileOutcome } from '../input/pipeline.js';
import { DEFAULT_SETTINGS as GRAPH_DEFAULTS } from '../graph/graph.js';
import { fileChecks, targetVersion, type LintOptions } from '../engine/lint.js';
import { discoverUnits, isInside, CHART_FILE, type Discovery, type RenderUnit } from '../render/discover.js';
import { renderedOutcomes } from '../render/inputs.js';
import { defaultReleaseName } from '../render/helm.js';
import { filesUnder, missingToolNotices, RENDER_FAILED_ID, renderUnits, unitReads, type RenderSettings } from '../render/render.js';
import { KUSTOMIZATION_FILES } from '../input/kustomize-patches.js';
import type { Diagnostic } from 'vscode-languageserver';
import type { Project } from './project.js';
import { outcomeBack, overlayCopy, type Overlay } from './overlay.js';

/** Quiet time after a change before rendering: a save of several files, or a burst of keystrokes, renders once. */
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

/** One chart or top-level kustomization of a folder. */
interface UnitState {
  unit: RenderUnit;
  /** The folders and files its render reads (src/render/render.ts `unitReads`). */
  reads: string[];
  /** Outcomes of its last finished render: rendered texts and failures, at the user's paths. */
  outcomes: FileOutcome[];
  /** The unsaved texts that render read (file → text); the others it read from disk. */
  readTexts: ReadonlyMap<string, string>;
  /** The copy that render read, kept while its outcomes are in use (their line maps read it when first asked). */
  overlay?: Overlay;
  /** Bumped by every change; a render that finishes under an older generation is stale. */
  generation: number;
  timer?: NodeJS.Timeout;
  /** The render in flight: aborting it kills the tool. */
  running?: AbortController;
  /** The unsaved texts (hashed) of the render scheduled last: a document event that changes none renders nothing. */
  unsaved: string;
}

interface RenderState {
  /** Bumped by every discovery; a discovery overtaken by a newer one is dropped. */
  generation: number;
  timer?: NodeJS.Timeout;
  /** Files whose change is waiting for the next discovery (undefined: a full render of every unit). */
  changed?: Set<string> | undefined;
  units: Map<string, UnitState>;
  /** Problems found before rendering (a remote base, a cycle): failures at the kustomization. */
  problems: FileOutcome[];
  /** Files that belong to a chart or kustomization: linted through their unit, never as plain files. */
  unitFiles: Set<string>;
  /** Folders of charts and kustomizations (and of the files they read): a change there may re-render. */
  unitDirs: ReadonlySet<string>;
}

export class BackgroundRenders {
  private readonly states = new Map<Project, RenderState>();
  private readonly noticed = new Set<string>();
  private stopped = false;
  /** Renders running at once, server-wide (the CLI's parallelism), and those waiting for a place. */
  private readonly limit = Math.max(1, Math.min(4, os.availableParallelism?.() ?? 2));
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly hooks: RenderHooks,
    private readonly debounceMs = DEFAULT_RENDER_DEBOUNCE_MS,
  ) {}

  private state(project: Project): RenderState {
    let state = this.states.get(project);
    if (!state) {
      state = { generation: 0, units: new Map(), problems: [], unitFiles: new Set(), unitDirs: new Set() };
      this.states.set(project, state);
    }
    return state;
  }

  private enabled(project: Project): boolean {
    return project.root !== undefined && project.config?.render !== false;
  }

  private settings(project: Project): RenderSettings {
    const render = project.config?.render;
    return render === false || render === undefined ? {} : render;
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
    this.learn(state, discoverUnits([...project.files.keys()].filter((f) => path.isAbsolute(f))));
  }

  private learn(state: RenderState, discovery: Discovery): void {
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
   * carried to the file is in the offsets of the text that render read, so it is offered only
   * while the document shows that text.
   */
  forEditor(project: Project, file: string, diagnostic: Diagnostic): Diagnostic {
    const data = diagnostic.data as { fix?: unknown } | undefined;
    if (!data?.fix || !this.isUnitFile(project, file)) return diagnostic;
    const entry = project.files.get(file);
    const disk = readOrUndefined(file);
    const now = entry?.buffer?.text ?? disk;
    const readers = [...(this.states.get(project)?.units.values() ?? [])].filter((u) => covers(u.reads, file));
    if (readers.every((u) => (u.readTexts.get(file) ?? disk) === now)) return diagnostic;
    const { fix: _fix, ...rest } = data;
    if (Object.keys(rest).length > 0) diagnostic.data = rest;
    else delete diagnostic.data;
    return diagnostic;
  }

  /** The rendered outcomes to lint with the project's files. */
  outcomes(project: Project): readonly FileOutcome[] {
    const state = this.states.get(project);
    if (!state || !this.enabled(project)) return [];
    const units = [...state.units.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return [...state.problems, ...units.flatMap(([, u]) => u.outcomes)];
  }

  /** A file changed on disk: re-render the units that read it; a chart or kustomization file changed: find the units again. */
  fileChanged(project: Project, file: string): void {
    const state = this.states.get(project);
    if (!state || this.stopped || project.root === undefined) return;
    const name = path.basename(file);
    if (name === CHART_FILE || KUSTOMIZATION_FILES.includes(name)) {
      this.schedule(project, this.debounceMs, file);
      return;
    }
    // A file new in a chart's or kustomization's folder is its unit's from now on, before the render confirms it.
    let dir = path.dirname(file);
    while (isInside(dir, project.root)) {
      if (state.unitDirs.has(dir)) {
        state.unitFiles.add(file);
        break;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    for (const unit of state.units.values()) if (covers(unit.reads, file)) this.scheduleUnit(project, unit);
  }

  /** An open document's text changed (or it was opened or closed): re-render the units that read it, if what they would read changed. */
  documentChanged(project: Project, file: string): void {
    const state = this.states.get(project);
    if (!state || this.stopped || !this.enabled(project)) return;
    for (const unit of state.units.values()) {
      if (covers(unit.reads, file) && unsavedKey(this.unsaved(project, unit.reads)) !== unit.unsaved) this.scheduleUnit(project, unit);
    }
  }

  /**
   * Finds the project's units again after the quiet time and renders them: every unit, or with
   * `changed`, those that read the changed file and those new; a unit gone is dropped.
   */
  schedule(project: Project, delayMs = this.debounceMs, changed?: string): void {
    if (this.stopped || project.root === undefined) return;
    const state = this.state(project);
    // A full render waiting absorbs single changes; a single change waiting widens to a full one.
    if (changed === undefined) state.changed = undefined;
    else if (state.timer === undefined || state.changed !== undefined) (state.changed ??= new Set()).add(changed);
    state.generation++;
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void this.refresh(project), delayMs);
  }

  private async refresh(project: Project): Promise<void> {
    const state = this.state(project);
    delete state.timer;
    const changed = state.changed;
    delete state.changed;
    if (!this.enabled(project)) {
      const had = state.units.size > 0 || state.problems.length > 0 || state.unitFiles.size > 0;
      for (const unit of state.units.values()) this.cancel(unit);
      state.units.clear();
      state.problems = [];
      state.unitFiles = new Set();
      state.unitDirs = new Set();
      if (had) this.hooks.rendered(project);
      return;
    }
    const generation = state.generation;
    const root = project.root!;
    let discovery: Discovery;
    try {
      const { files } = await expandInputs([root], root);
      if (this.stopped || generation !== state.generation) {
        // Overtaken: the newer discovery renders what this one would have.
        if (changed === undefined) state.changed = undefined;
        else for (const file of changed) (state.changed as Set<string> | undefined)?.add(file);
        return;
      }
      discovery = discoverUnits(files.filter((f) => !project.isIgnored(f)));
    } catch (error) {
      this.hooks.log(`stslint: finding the charts and kustomizations of ${root} failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.learn(state, discovery);
    const settings = this.settings(project);
    const problems = renderedOutcomes(
      {
        sources: [],
        failures: discovery.problems.map((p) => ({ ruleId: RENDER_FAILED_ID, unit: p.file, file: p.file, line: p.line, column: 1, message: p.message })),
        missing: [],
        toolSeconds: 0,
        saveCache: () => undefined,
      },
      { checks: fileChecks(this.hooks.options(project)), cwd: root },
    );
    let lintAgain = problems.length > 0 || state.problems.length > 0;
    state.problems = problems;
    const seen = new Set<string>();
    for (const unit of discovery.units) {
      const key = `${unit.kind}\0${unit.root}`;
      seen.add(key);
      const reads = unitReads(unit, settings);
      const known = state.units.get(key);
      if (!known) {
        const fresh: UnitState = { unit, reads, outcomes: [], readTexts: new Map(), generation: 0, unsaved: '' };
        state.units.set(key, fresh);
        this.scheduleUnit(project, fresh, 0);
        continue;
      }
      const before = known.reads;
      known.unit = unit;
      known.reads = reads;
      if (changed === undefined || [...changed].some((file) => covers(before, file) || covers(reads, file))) this.scheduleUnit(project, known, 0);
    }
    for (const [key, unit] of state.units) {
      if (seen.has(key)) continue;
      this.cancel(unit);
      state.units.delete(key);
      lintAgain = true;
    }
    if (lintAgain) this.hooks.rendered(project);
  }

  /** Renders one unit after the quiet time; a render of it in flight is killed at once. */
  private scheduleUnit(project: Project, unit: UnitState, delayMs = this.debounceMs): void {
    if (this.stopped) return;
    unit.generation++;
    unit.running?.abort();
    unit.unsaved = unsavedKey(this.unsaved(project, unit.reads));
    clearTimeout(unit.timer);
    unit.timer = setTimeout(() => void this.renderUnit(project, unit), delayMs);
  }

  private async renderUnit(project: Project, state: UnitState): Promise<void> {
    delete state.timer;
    const generation = state.generation;
    const current = () =>
      !this.stopped && generation === state.generation && this.states.get(project)?.units.get(`${state.unit.kind}\0${state.unit.root}`) === state;
    const release = await this.place();
    let overlay: Overlay | undefined;
    const controller = new AbortController();
    try {
      if (!current()) return;
      state.running = controller;
      const started = performance.now();
      const root = project.root!;
      const { unit } = state;
      const options = this.hooks.options(project);
      const settings = this.settings(project);
      let unsaved = this.unsaved(project, state.reads);
      if (unit.kind === 'kustomize') {
        // A kustomization as typed may name other folders than on disk: they are read (and copied) too.
        const texts = unsaved;
        state.reads = unitReads(unit, settings, (file) => texts.get(file) ?? readFileSync(file, 'utf8'));
        unsaved = this.unsaved(project, state.reads);
      }
      state.unsaved = unsavedKey(unsaved); // what this render reads (a save's disk text may have been read in since it was scheduled)
      if (unsaved.size > 0) {
        overlay = overlayCopy(
          [...new Set(state.reads.flatMap(filesUnder))],
          state.reads.filter((r) => statSync(r, { throwIfNoEntry: false })?.isDirectory()),
          unsaved,
        );
        if (!overlay) this.hooks.log(`stslint: ${path.relative(root, unit.root) || '.'} is too large to render with unsaved changes; rendered from disk`);
      }
      const copy = overlay;
      const moved = (p: string) => (copy ? copy.moved(p) : p);
      const chart = settings.charts?.[unit.root];
      const cwd = moved(root);
      const result = await renderUnits({
        units: [{ ...unit, root: moved(unit.root), file: moved(unit.file) }],
        settings: overlay
          ? {
              ...settings,
              charts: {
                [moved(unit.root)]: {
                  ...chart,
                  releaseName: chart?.releaseName ?? defaultReleaseName(unit.root),
                  ...(chart?.values ? { values: chart.values.map(moved) } : {}),
                },
              },
            }
          : settings,
        target: targetVersion(options.kubernetesVersion),
        namespace: options.namespace ?? GRAPH_DEFAULTS.namespace,
        cwd,
        signal: controller.signal,
        // Renders of unsaved text are not kept: the next keystroke changes them anyway.
        ...(overlay ? {} : { cacheFile: cacheFileFor(root, unit.root) }),
      });
      if (!current()) return;
      result.saveCache();
      let outcomes = renderedOutcomes(result, { checks: fileChecks(options), cwd });
      if (overlay) outcomes = outcomes.map((o) => outcomeBack(o, overlay!));
      state.overlay?.remove(true);
      state.overlay = overlay;
      overlay = undefined; // kept with the outcomes
      state.outcomes = outcomes;
      state.readTexts = state.overlay ? unsaved : new Map();
      for (const notice of missingToolNotices(settings.requireTools ? [] : result.missing)) {
        // One notice per missing tool and session, however often the folder renders.
        const key = notice.slice(0, notice.indexOf(' not found'));
        if (this.noticed.has(key)) continue;
        this.noticed.add(key);
        this.hooks.notify(`stslint: ${notice}`);
      }
      const texts = result.sources.length;
      this.hooks.log(
        `stslint: rendered ${texts} chart and kustomization outputs of ${root} (${path.relative(root, unit.root) || '.'}${state.overlay ? ', with unsaved changes' : ''}) in ${Math.round(performance.now() - started)} ms`,
      );
      this.hooks.rendered(project);
    } catch (error) {
      this.hooks.log(`stslint: rendering ${state.unit.root} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      overlay?.remove(true);
      if (state.running === controller) delete state.running;
      release();
    }
  }

  /** A place among the renders running at once; the function given back frees it. */
  private async place(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    return () => {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }

  /** Open documents among the files `reads` covers whose text is not the disk's: file → text. */
  private unsaved(project: Project, reads: readonly string[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const entry of project.files.values()) {
      if (entry.buffer === undefined || !covers(reads, entry.path)) continue;
      const disk = typeof entry.disk === 'string' ? entry.disk : readOrUndefined(entry.path);
      if (entry.buffer.text !== disk) out.set(entry.path, entry.buffer.text);
    }
    return out;
  }

  private cancel(unit: UnitState): void {
    clearTimeout(unit.timer);
    unit.generation++;
    unit.running?.abort();
    unit.overlay?.remove();
    delete unit.overlay;
  }

  drop(project: Project): void {
    const state = this.states.get(project);
    if (!state) return;
    clearTimeout(state.timer);
    for (const unit of state.units.values()) this.cancel(unit);
    this.states.delete(project);
  }

  /** The server stops: every render in flight is killed and every temporary copy removed. */
  stop(): void {
    this.stopped = true;
    for (const project of [...this.states.keys()]) this.drop(project);
  }
}

/** Whether a unit that reads `reads` (folders and files) reads `file`. */
function covers(reads: readonly string[], file: string): boolean {
  return reads.some((r) => r === file || isInside(file, r));
}

/** A short key of unsaved texts: equal keys, equal renders. */
function unsavedKey(unsaved: ReadonlyMap<string, string>): string {
  if (unsaved.size === 0) return '';
  const hash = createHash('sha1');
  for (const [file, text] of [...unsaved].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`${file}\0${text}\0`);
  return hash.digest('hex');
}

/** The diagnostic without related places in rendered texts (they are no files a user can open). */
export function withoutVirtual(diagnostic: Diagnostic, virtual: ReadonlySet<string>): Diagnostic {
  if (virtual.size === 0 || !diagnostic.relatedInformation) return diagnostic;
  const related = diagnostic.relatedInformation.filter((r) => !virtual.has(r.location.uri));
  if (related.length > 0) diagnostic.relatedInformation = related;
  else delete diagnostic.relatedInformation;
  return diagnostic;
}

/** Renders kept between sessions, by folder and unit, outside the workspace (the server never writes into it). */
function cacheFileFor(root: string, unitRoot: string): string {
  const id = createHash('sha256').update(`${root}\0${unitRoot}`).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `stslint-language-server-${id}`);
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
