// The language server: keeps a project per workspace folder (files from disk, open documents
// from their unsaved text), lints a project again after every change — only the files whose
// findings the change can affect (incremental.ts) — and publishes the diagnostics of every file
// whose findings changed, so an edit of a Service updates its StatefulSet's diagnostics in
// another file.
//
// Ordering: a lint pass is one synchronous step over the current state, and its notifications
// go out in order on one stream, so a newer pass's diagnostics always arrive after an older
// pass's; each carries the version of the text it was computed from. The asynchronous steps
// (reading the configuration, scanning a folder) re-check the state when they resume.

import { existsSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAMES } from '../project/config.js';
import { MANIFEST_EXTENSIONS } from '../input/files.js';
import { KUSTOMIZATION_FILES } from '../input/kustomize-patches.js';
import { fileChecks, lintOutcomes, RULES, type LintOptions, type LintRun } from '../engine/lint.js';
import type { ResourceGraph } from '../graph/graph.js';
import { packageInfo } from '../shared/package-info.js';
import { actionsFor, textEditOf } from './code-actions.js';
import { fixUntilDone } from '../fix/loop.js';
import { processText } from '../input/pipeline.js';
import { configDiagnostic, SOURCE, toDiagnostic, type DiagnosticData } from './diagnostics.js';
import { ParseCache } from './parse-cache.js';
import { SharedCache } from './shared-cache.js';
import { cacheFileFor } from '../input/cache.js';
import { Project } from './project.js';
import { BackgroundRenders, withoutVirtual } from './renders.js';
import { DEFAULT_SETTINGS, lintOptionsFor, parseSettings, type EditorSettings } from './settings.js';
import { pathOfUri, uriOfPath } from './uri.js';

export interface ServerOptions {
  /** Quiet time after a change before linting; typing faster than this lints once. */
  debounceMs?: number;
}

/** Long enough to coalesce a burst of keystrokes, short enough to stay far inside 300 ms. */
export const DEFAULT_DEBOUNCE_MS = 50;

/** The "fix all" kind editors ask for on save (`editor.codeActionsOnSave`: `source.fixAll.stslint`). */
const FIX_ALL = `${CodeActionKind.SourceFixAll}.stslint`;

const MANIFEST_FILE = new RegExp(`\\.(${MANIFEST_EXTENSIONS.join('|')})$`, 'i');

interface ClientSupport {
  configuration: boolean;
  watchedFiles: boolean;
  documentChanges: boolean;
  versionedDiagnostics: boolean;
  workspaceFolders: boolean;
}

export class StslintServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly cache = new ParseCache();
  /** Workspace folders by root, and single documents outside them by path. */
  private readonly folders = new Map<string, Project>();
  private readonly loose = new Map<string, Project>();
  private readonly timers = new Map<Project, NodeJS.Timeout>();
  /** Open documents edited since their project was last linted: always published, with their version. */
  private readonly edited = new Map<Project, Set<string>>();
  private readonly watchers: FSWatcher[] = [];
  private settings: EditorSettings = DEFAULT_SETTINGS;
  private initializationOptions: Record<string, unknown> = {};
  /** Settings the editor's configuration has given a value: emptied again, they are cleared, not taken from initializationOptions. */
  private readonly configured = new Set<string>();
  private support: ClientSupport = { configuration: false, watchedFiles: false, documentChanges: false, versionedDiagnostics: false, workspaceFolders: false };
  private readonly debounceMs: number;
  private shuttingDown = false;
  /** Charts and kustomizations, rendered in the background (src/server/renders.ts). */
  private readonly renders: BackgroundRenders;

  constructor(
    private readonly connection: Connection,
    options: ServerOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.renders = new BackgroundRenders({
      rendered: (project) => this.schedule(project),
      options: (project) => this.optionsFor(project),
      notify: (message) => {
        this.connection.console.warn(message);
        this.connection.window.showWarningMessage(message);
      },
      log: (message) => this.connection.console.info(message),
    });
  }

  listen(): void {
    const { connection, documents } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => void this.initialized());
    connection.onDidChangeConfiguration((params) => void this.configurationChanged(params.settings));
    connection.onDidChangeWatchedFiles((params) => {
      for (const change of params.changes) this.fileChanged(change.uri, change.type);
    });
    connection.onCodeAction((params) => this.codeActions(params));
    connection.onShutdown(() => this.shutdown());
    // An `exit` without `shutdown`: no render outlives the server.
    process.once('exit', () => this.renders.stop());
    documents.onDidOpen(({ document }) => this.documentChanged(document));
    documents.onDidChangeContent(({ document }) => this.documentChanged(document));
    documents.onDidClose(({ document }) => this.documentClosed(document));
    documents.listen(connection);
    connection.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const { capabilities } = params;
    this.support = {
      configuration: capabilities.workspace?.configuration === true,
      watchedFiles: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
      versionedDiagnostics: capabilities.textDocument?.publishDiagnostics?.versionSupport === true,
      workspaceFolders: capabilities.workspace?.workspaceFolders === true,
    };
    if (typeof params.initializationOptions === 'object' && params.initializationOptions !== null) {
      this.initializationOptions = params.initializationOptions as Record<string, unknown>;
    }
    this.applySettings(this.initializationOptions);
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- clients without workspace folders send only rootUri
    const roots = params.workspaceFolders?.map((f) => pathOfUri(f.uri)) ?? [params.rootUri ? pathOfUri(params.rootUri) : undefined];
    for (const root of roots) if (root) this.folders.set(root, new Project(root, root));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'stslint', version: packageInfo().version },
    };
  }

  private async initialized(): Promise<void> {
    if (this.support.workspaceFolders) {
      // vscode-languageserver's workspace folders feature owns the notification; it is there once initialized.
      this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const removed of event.removed) this.removeFolder(pathOfUri(removed.uri));
        for (const added of event.added) void this.addFolder(pathOfUri(added.uri));
      });
    }
    if (this.support.configuration) {
      await this.pullConfiguration();
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'stslint' });
    }
    if (this.support.watchedFiles) {
      const extensions = MANIFEST_EXTENSIONS.join(',');
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: `**/*.{${extensions},tpl}` }, ...[...CONFIG_FILE_NAMES, 'Kustomization'].map((name) => ({ globPattern: `**/${name}` }))],
      });
    } else {
      for (const root of this.folders.keys()) this.watchDirectory(root);
    }
    await Promise.all([...this.folders.values()].map((project) => this.startFolder(project)));
  }

  private async addFolder(root: string | undefined): Promise<void> {
    if (!root || this.folders.has(root)) return;
    const project = new Project(root, root);
    this.folders.set(root, project);
    // Documents already open in the new folder move into it.
    for (const [file, single] of this.loose) {
      if (!project.contains(file)) continue;
      const entry = single.files.get(file);
      if (entry?.buffer) project.open(file, entry.uri, entry.buffer.text, entry.buffer.version);
      this.dropProject(single);
      this.loose.delete(file);
    }
    if (!this.support.watchedFiles) this.watchDirectory(root);
    await this.startFolder(project);
  }

  private removeFolder(root: string | undefined): void {
    const project = root === undefined ? undefined : this.folders.get(root);
    if (!project) return;
    this.folders.delete(root!);
    project.sharedCache?.save();
    this.dropProject(project);
    for (const file of project.files.keys()) this.cache.forget(file);
    for (const document of this.documents.all()) this.documentChanged(document);
  }

  /** Configuration, then every file of the folder, without holding up the open documents. */
  private async startFolder(project: Project): Promise<void> {
    await project.loadConfiguration();
    this.useCacheSetting(project);
    if (project.files.size > 0) this.schedule(project);
    const started = performance.now();
    try {
      await project.scan(this.cache, () => this.checksFor(project));
    } catch (error) {
      // An unreadable folder: lint what is open, and say why the rest is missing.
      project.scanned = true;
      this.connection.console.error(`stslint: could not read ${project.root!}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (this.folders.get(project.root!) !== project || this.shuttingDown) return;
    this.renders.discover(project);
    this.renders.schedule(project, 0);
    this.lintNow(project);
    const manifests = [...project.files.values()].filter((f) => f.disk !== undefined).length;
    const shared = project.sharedCache;
    // The cache file is written once the folder is read (what was parsed), then as files change.
    shared?.save();
    const fromCache = shared ? `; ${shared.counts.taken} parsed files taken from ${shared.location}, ${shared.counts.stored} stored` : '';
    this.connection.console.info(`stslint: read ${manifests} manifest files of ${project.root!} in ${Math.round(performance.now() - started)} ms${fromCache}`);
  }

  // ---------- changes ----------

  private documentChanged(document: TextDocument): void {
    const file = pathOfUri(document.uri) ?? document.uri;
    const project = this.projectFor(file, true)!;
    project.open(file, document.uri, document.getText(), document.version);
    this.markEdited(project, document.uri);
    this.schedule(project);
    if (project.scanned) this.renders.documentChanged(project, file);
  }

  private documentClosed(document: TextDocument): void {
    const file = pathOfUri(document.uri) ?? document.uri;
    const project = this.projectFor(file, false);
    if (!project) return;
    project.close(file);
    if (project.scanned) this.renders.documentChanged(project, file);
    if (project.root === undefined) {
      this.dropProject(project);
      this.loose.delete(file);
      this.cache.forget(file);
      return;
    }
    this.schedule(project);
  }

  private fileChanged(uri: string, type: FileChangeType): void {
    const file = pathOfUri(uri);
    const project = file === undefined ? undefined : this.folderFor(file);
    if (!file || !project) return;
    if ((CONFIG_FILE_NAMES as readonly string[]).includes(path.basename(file))) {
      void project.loadConfiguration().then(() => {
        this.renders.schedule(project);
        this.schedule(project);
      });
      return;
    }
    // What the CLI's discovery skips (src/input/files.ts): hidden entries and node_modules.
    const segments = path.relative(project.root!, file).split(path.sep);
    if (segments.some((s) => s.startsWith('.') || s === 'node_modules')) return;
    if (project.scanned) this.renders.fileChanged(project, file);
    const kustomization = KUSTOMIZATION_FILES.includes(path.basename(file));
    if (!(MANIFEST_FILE.test(file) || kustomization) || project.isIgnored(file)) return;
    if (type === FileChangeType.Deleted) project.deleted(file);
    else project.readFromDisk(file);
    if (!project.files.has(file)) this.cache.forget(file);
    // A kustomization changed, or a file that came or went, can make a file a patch or not.
    project.refreshPatches();
    this.schedule(project);
  }

  /** Clients that cannot watch files for us: Node's recursive watcher, as `stslint --watch` uses. */
  private watchDirectory(root: string): void {
    try {
      const watcher = watch(root, { recursive: true }, (_event, name) => {
        if (!name) return;
        const file = path.join(root, name);
        this.fileChanged(uriOfPath(file), existsSync(file) ? FileChangeType.Changed : FileChangeType.Deleted);
      });
      watcher.on('error', () => watcher.close());
      this.watchers.push(watcher);
    } catch {
      // No watcher (e.g. too many files for inotify): changes on disk are picked up when documents are opened.
    }
  }

  private async configurationChanged(settings: unknown): Promise<void> {
    if (this.support.configuration) await this.pullConfiguration();
    else this.applySettings((settings as { stslint?: unknown } | undefined)?.stslint);
    for (const project of this.folders.values()) this.useCacheSetting(project);
    for (const project of this.allProjects()) {
      this.schedule(project);
      if (project.scanned) this.renders.schedule(project);
    }
  }

  private async pullConfiguration(): Promise<void> {
    try {
      const [section] = (await this.connection.workspace.getConfiguration([{ section: 'stslint' }])) as unknown[];
      this.applySettings(section);
    } catch {
      // A client that advertises configuration but fails to answer: keep what we have.
    }
  }

  /**
   * Settings from `workspace/configuration` or `didChangeConfiguration`, over the
   * `initializationOptions` (editors other than VS Code often give only one of the two).
   */
  private applySettings(raw: unknown): void {
    if (raw === undefined || raw === null) return;
    const merged: Record<string, unknown> = { ...this.initializationOptions };
    for (const [key, value] of typeof raw === 'object' ? Object.entries(raw) : []) {
      if (!isUnset(value)) {
        merged[key] = value;
        if (raw !== this.initializationOptions) this.configured.add(key);
      } else if (this.configured.has(key)) {
        // A setting the user removed again (`stslint.rules` back to `{}`): cleared, as the editor shows it.
        merged[key] = undefined;
      }
    }
    const { settings, problems } = parseSettings(merged);
    this.settings = settings;
    for (const problem of problems) this.connection.window.showWarningMessage(problem);
  }

  /**
   * The folder's cache file as the settings say (`stslint.cache`, `stslint.cacheLocation`): none
   * unless enabled. Turned off, nothing more is written to it; moved, the old one is written first.
   */
  private useCacheSetting(project: Project): void {
    const location = this.settings.cache === true && project.root !== undefined ? cacheFileFor(this.settings.cacheLocation, project.root) : undefined;
    if (project.sharedCache?.location === location) return;
    if (location !== undefined) project.sharedCache?.save();
    project.sharedCache?.drop();
    project.sharedCache = location === undefined ? undefined : new SharedCache(location);
  }

  // ---------- linting ----------

  private schedule(project: Project): void {
    if (this.shuttingDown) return;
    clearTimeout(this.timers.get(project));
    this.timers.set(
      project,
      setTimeout(() => this.lintNow(project), this.debounceMs),
    );
  }

  /** Lints the project now if a change is waiting (code actions need diagnostics of the current text). */
  private flush(project: Project): void {
    if (this.timers.has(project)) this.lintNow(project);
  }

  private lintNow(project: Project): void {
    clearTimeout(this.timers.get(project));
    this.timers.delete(project);
    const edited = this.edited.get(project) ?? new Set<string>();
    this.edited.delete(project);
    const next = new Map<string, Diagnostic[]>();
    let relinted: Set<string> | undefined;
    try {
      if (this.settings.enable) relinted = this.collect(project, next);
      else project.incremental.reset();
    } catch (error) {
      project.incremental.reset();
      // A bug must not take the server down with the editor's diagnostics: say it, keep the last ones.
      this.connection.console.error(
        `stslint: linting ${project.root ?? 'a document'} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return;
    }
    this.publish(project, next, edited, relinted);
  }

  /**
   * One lint pass over the project: the diagnostics of every file with findings, by URI, and the
   * URIs whose diagnostics were computed again (undefined: all). After an edit only the files
   * whose findings can change are linted again (src/server/incremental.ts).
   */
  private collect(project: Project, next: Map<string, Diagnostic[]>): Set<string> | undefined {
    const options = this.optionsFor(project);
    // While a folder is still being read, only what a document says on its own is certain:
    // a Service missing from the graph may be in a file not read yet.
    const partial = !project.scanned;
    // Files of charts and kustomizations are linted through their last render, never as plain files.
    const outcomes = project.outcomes(this.cache, fileChecks(options), partial).filter((o) => !this.renders.isUnitFile(project, o.path));
    const rendered = partial ? [] : this.renders.outcomes(project);
    const uriOf = (file: string) => project.files.get(file)?.uri ?? uriOfPath(file);
    // A rendered text has no file: an object named in a message is shown only where it has one.
    const virtual = new Set(rendered.map((o) => uriOf(o.path)));
    const toDiagnostics = (run: LintRun, graph: ResourceGraph) => {
      const byFile = new Map<string, Diagnostic[]>();
      for (const result of run.results) {
        if (result.messages.length === 0) continue;
        byFile.set(
          result.filePath,
          result.messages.map((m) => this.renders.forEditor(project, result.filePath, withoutVirtual(toDiagnostic(m, run.rulesMeta, graph, uriOf), virtual))),
        );
      }
      return byFile;
    };
    let relinted: Set<string> | undefined;
    if (partial) {
      project.incremental.reset();
      const { run, graph } = lintOutcomes(outcomes, perFileOnly(options));
      for (const [file, diagnostics] of toDiagnostics(run, graph)) next.set(uriOf(file), diagnostics);
    } else if (rendered.length > 0) {
      // Findings of a render land in templates, values files and patches, not in the render's own
      // outcome, which the incremental pass keys them by: a folder with charts or overlays is linted whole.
      // Each chart variant and top-level kustomization is linted in a graph of its own (unit-graphs.ts).
      project.incremental.reset();
      const { run, graph } = lintOutcomes([...outcomes, ...rendered], options);
      for (const [file, diagnostics] of toDiagnostics(run, graph)) next.set(uriOf(file), diagnostics);
    } else {
      const pass = project.incremental.pass(outcomes, options, toDiagnostics);
      for (const [file, diagnostics] of pass.diagnostics) next.set(uriOf(file), diagnostics);
      if (pass.relinted) relinted = new Set([...pass.relinted].map(uriOf));
    }
    if (project.configProblem) {
      const uri = uriOfPath(project.configProblem.file);
      next.set(uri, [...(next.get(uri) ?? []), configDiagnostic(project.configProblem.message)]);
      relinted?.add(uri);
    }
    return relinted;
  }

  private optionsFor(project: Project): LintOptions {
    return lintOptionsFor(project.config, this.settings);
  }

  private checksFor(project: Project) {
    return fileChecks(this.optionsFor(project));
  }

  /**
   * Sends the diagnostics of every URI whose diagnostics changed, and of every edited document.
   * `relinted`: the URIs whose diagnostics the pass computed again (the others are as published).
   */
  private publish(project: Project, next: Map<string, Diagnostic[]>, edited: ReadonlySet<string>, relinted?: ReadonlySet<string>): void {
    const candidates = relinted
      ? [...relinted, ...project.published.keys()].filter((uri) => relinted.has(uri) || !next.has(uri))
      : [...project.published.keys(), ...next.keys()];
    for (const uri of new Set([...candidates, ...edited])) {
      const diagnostics = next.get(uri) ?? [];
      const json = JSON.stringify(diagnostics);
      if (project.published.get(uri)?.json === (diagnostics.length > 0 ? json : undefined) && !edited.has(uri)) continue;
      if (diagnostics.length > 0) project.published.set(uri, { diagnostics, json });
      else project.published.delete(uri);
      const version = this.documents.get(uri)?.version;
      void this.connection.sendDiagnostics(version !== undefined && this.support.versionedDiagnostics ? { uri, version, diagnostics } : { uri, diagnostics });
    }
  }

  private markEdited(project: Project, uri: string): void {
    const set = this.edited.get(project);
    if (set) set.add(uri);
    else this.edited.set(project, new Set([uri]));
  }

  // ---------- code actions ----------

  private async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return [];
    const file = pathOfUri(document.uri) ?? document.uri;
    const project = this.projectFor(file, false);
    if (!project) return [];
    this.flush(project);
    const text = document.getText();
    const options = this.optionsFor(project);
    const outcome = this.cache.outcomeFor(file, text, fileChecks(options));
    // Only diagnostics of the current text: one from an older version would put an edit on the wrong line.
    // Their fixes are taken from the published copy, never from what the client sends back.
    const current = project.published.get(document.uri)?.diagnostics ?? [];
    const ours = params.context.diagnostics.flatMap((d) => (d.source === SOURCE ? current.filter((c) => sameDiagnostic(c, d)).slice(0, 1) : []));
    const target = { text, manifests: outcome.manifests, json: document.languageId === 'json' || /\.json$/i.test(file) };
    const editOf = (edits: TextEdit[]): WorkspaceEdit =>
      this.support.documentChanges
        ? { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] }
        : { changes: { [document.uri]: edits } };
    const only = params.context.only;
    const wantsFixAll = only?.some((kind) => FIX_ALL.startsWith(kind)) ?? false;
    const actions: CodeAction[] = [];
    if (!only || only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) {
      for (const diagnostic of ours) {
        for (const planned of actionsFor(diagnostic, target)) {
          const action: CodeAction = { title: planned.title, kind: planned.kind, diagnostics: [planned.diagnostic], edit: editOf(planned.edits) };
          if (planned.isPreferred) action.isPreferred = true;
          actions.push(action);
        }
      }
    }
    // "Fix all": the fix loop of `--fix` over this document, the rest of the project as it is.
    const fixable = current.some((d) => (d.data as DiagnosticData | undefined)?.fix);
    if (fixable && (wantsFixAll || (!only && ours.some((d) => (d.data as DiagnosticData | undefined)?.fix)))) {
      const fixed = await this.fixAll(project, file, text);
      if (fixed !== text) {
        const edit = editOf([textEditOf(text, { range: [0, text.length], text: fixed })]);
        actions.push({ title: 'Fix all auto-fixable stslint problems', kind: wantsFixAll ? FIX_ALL : CodeActionKind.QuickFix, edit });
      }
    }
    return actions;
  }

  /** The document's text after every pass of the fix loop (src/fix/loop.ts), as `stslint --fix` would write it. */
  private async fixAll(project: Project, file: string, text: string): Promise<string> {
    // A chart's or kustomization's file: its fixes come from its render, one quick fix at a time.
    if (this.renders.isUnitFile(project, file)) return text;
    const options = this.optionsFor(project);
    const checks = fileChecks(options);
    const others = project.outcomes(this.cache, checks, !project.scanned).filter((o) => o.path !== file);
    const { texts } = await fixUntilDone(new Map([[file, text]]), (now) => {
      const { run } = lintOutcomes([...others, processText(file, now.get(file)!, checks)], project.scanned ? options : perFileOnly(options));
      const messages = run.results.find((r) => r.filePath === file)?.messages ?? [];
      return new Map([[file, messages.flatMap((m) => (m.fix ? [m.fix] : []))]]);
    });
    return texts.get(file)!;
  }

  // ---------- projects ----------

  private projectFor(file: string, create: boolean): Project | undefined {
    const folder = this.folderFor(file);
    if (folder) return folder;
    let single = this.loose.get(file);
    if (!single && create) {
      single = new Project(undefined, path.isAbsolute(file) ? path.dirname(file) : process.cwd());
      this.loose.set(file, single);
      void single.loadConfiguration().then(() => this.schedule(single!));
    }
    return single;
  }

  /** The innermost workspace folder holding `file`. */
  private folderFor(file: string): Project | undefined {
    let best: Project | undefined;
    for (const project of this.folders.values()) {
      if (project.contains(file) && (!best || project.root!.length > best.root!.length)) best = project;
    }
    return best;
  }

  private allProjects(): Project[] {
    return [...this.folders.values(), ...this.loose.values()];
  }

  /** Forgets a project: its diagnostics are cleared. */
  private dropProject(project: Project): void {
    this.renders.drop(project);
    clearTimeout(this.timers.get(project));
    this.timers.delete(project);
    for (const uri of project.published.keys()) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    project.published.clear();
  }

  private shutdown(): void {
    this.shuttingDown = true;
    for (const project of this.folders.values()) project.sharedCache?.save();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.renders.stop();
    for (const watcher of this.watchers) watcher.close();
  }
}

/** Options that keep only the findings a file gets on its own: parse, manifest and schema problems. */
function perFileOnly(options: LintOptions): LintOptions {
  const rules = { ...options.rules };
  for (const rule of RULES) if (rule.id !== 'schema-invalid') rules[rule.id] = 'off';
  return { ...options, rules };
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a.code === b.code &&
    a.message === b.message &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}

/** A setting a client sends without a value: absent, null, '' or an empty map. */
function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (typeof value === 'object' && Object.keys(value).length === 0);
}
