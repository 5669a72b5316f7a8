// Linting a workspace again after an edit without linting all of it: the files whose findings
// can have changed are linted as `--context` lints the files a pre-commit hook names (the other
// files complete the graph where they relate), and every other file keeps the diagnostics of the
// last pass. The results are a full lint's (test/language-server-incremental.test.ts).
//
// Which files can change: the edited ones, and every file B that an edited file relates to as
// `--context` decides it (src/input/relations.ts), before or after the edit. A file's findings
// in a full run are those of a context run with it named (the context equality tests), and that
// run reads nothing of a file that does not relate to it: where neither version of an edited
// file relates to B, B's findings are what they were. Related information (the objects a
// message names, src/server/related.ts) is looked up in the finding's own namespace or among
// cluster-scoped objects, and a file holding either relates to B, so it is recomputed too.

import type { Diagnostic } from 'vscode-languageserver';
import { lintInContext, lintOutcomes, type LintOptions, type LintRun } from '../engine/lint.js';
import type { ResourceGraph } from '../graph/graph.js';
import { DEFAULT_SETTINGS } from '../graph/graph.js';
import type { ContextFile } from '../input/parallel.js';
import type { FileOutcome } from '../input/pipeline.js';
import { fileRelations, indexWords, RelationTarget, type FileRelations } from '../input/relations.js';
import { compareCodePoints } from '../shared/text.js';

/** Past this share of the files, a scoped pass costs what a full one does: lint everything. */
const FULL_PASS_SHARE = 0.5;

/** What a pass hands to the caller: each file's diagnostics, and which files it linted again. */
export interface PassResult {
  /** Diagnostics of every file with findings, by path. */
  diagnostics: ReadonlyMap<string, Diagnostic[]>;
  /** Paths whose diagnostics were computed again (removed files included); undefined: all of them. */
  relinted: ReadonlySet<string> | undefined;
}

export type ToDiagnostics = (run: LintRun, graph: ResourceGraph) => Map<string, Diagnostic[]>;

interface Facts {
  relations: FileRelations;
  target?: RelationTarget;
}

export class IncrementalLint {
  /** The options of the last pass (as JSON): other options lint everything again. */
  private key: string | undefined;
  /** The outcomes the last pass linted, by path: an outcome is the same object while its text is. */
  private linted = new Map<string, FileOutcome>();
  private readonly diagnostics = new Map<string, Diagnostic[]>();
  private readonly facts = new WeakMap<FileOutcome, Facts>();
  /** The paths of the last pass as given, and the indexes that sort them. */
  private order: { paths: string[]; indexes: number[] } = { paths: [], indexes: [] };

  /** `fullPassShare`: past this share of the files named, a pass lints everything (tests set 1 to always scope). */
  constructor(private readonly fullPassShare = FULL_PASS_SHARE) {}

  /** Forgets everything: the next pass lints every file. */
  reset(): void {
    this.key = undefined;
    this.linted = new Map();
    this.diagnostics.clear();
  }

  /**
   * Lints `outcomes` (every file of the project, each from the parse cache, so unchanged files
   * give the same object as last time) and returns every file's diagnostics.
   */
  pass(outcomes: readonly FileOutcome[], options: LintOptions, toDiagnostics: ToDiagnostics): PassResult {
    const sorted = this.sortedByPath(outcomes);
    const key = JSON.stringify(options);
    const current = new Map(sorted.map((o) => [o.path, o]));
    const changed: FileOutcome[] = [];
    const before: FileOutcome[] = [];
    for (const outcome of sorted) {
      const previous = this.linted.get(outcome.path);
      if (previous === outcome) continue;
      changed.push(outcome);
      if (previous) before.push(previous);
    }
    for (const [file, previous] of this.linted) if (!current.has(file)) before.push(previous);
    if (key !== this.key || current.size === 0) return this.full(sorted, options, key, toDiagnostics);
    if (changed.length === 0 && before.length === 0) return { diagnostics: this.diagnostics, relinted: new Set() };

    const edits = [...changed, ...before].map((o) => this.factsOf(o).relations);
    // Each is compared with every file's target: look its words up, not through its text.
    for (const edit of edits) indexWords(edit);
    const defaultNamespace = options.namespace ?? DEFAULT_SETTINGS.namespace;
    const named = new Set(changed);
    for (const outcome of sorted) {
      if (named.has(outcome)) continue;
      const facts = this.factsOf(outcome);
      facts.target ??= new RelationTarget([facts.relations], defaultNamespace);
      if (edits.some((edit) => facts.target!.relates(edit))) named.add(outcome);
    }
    if (named.size > sorted.length * this.fullPassShare) return this.full(sorted, options, key, toDiagnostics);

    const context: ContextFile[] = [];
    for (const outcome of sorted) {
      if (named.has(outcome)) continue;
      context.push({ path: outcome.path, relations: this.factsOf(outcome).relations, load: () => outcome });
    }
    const { run, graph } = lintInContext([...named], context, options, (o) => this.factsOf(o).relations);
    const relinted = new Set<string>([...named].map((o) => o.path));
    for (const previous of before) if (!current.has(previous.path)) relinted.add(previous.path);
    for (const file of relinted) this.diagnostics.delete(file);
    for (const [file, list] of toDiagnostics(run, graph)) this.diagnostics.set(file, list);
    this.linted = current;
    return { diagnostics: this.diagnostics, relinted };
  }

  private full(sorted: FileOutcome[], options: LintOptions, key: string, toDiagnostics: ToDiagnostics): PassResult {
    const { run, graph } = lintOutcomes(sorted, options);
    this.diagnostics.clear();
    for (const [file, list] of toDiagnostics(run, graph)) this.diagnostics.set(file, list);
    this.key = key;
    this.linted = new Map(sorted.map((o) => [o.path, o]));
    return { diagnostics: this.diagnostics, relinted: undefined };
  }

  /**
   * In the order of a full CLI run: rules that report one of two objects report the first. The
   * files come in the same order pass after pass: their order is sorted again only when it changes.
   */
  private sortedByPath(outcomes: readonly FileOutcome[]): FileOutcome[] {
    const paths = outcomes.map((o) => o.path);
    const same = paths.length === this.order.paths.length && paths.every((p, i) => p === this.order.paths[i]);
    if (!same) {
      const indexes = paths.map((_, i) => i).sort((a, b) => compareCodePoints(paths[a]!, paths[b]!));
      this.order = { paths, indexes };
    }
    return this.order.indexes.map((i) => outcomes[i]!);
  }

  private factsOf(outcome: FileOutcome): Facts {
    let facts = this.facts.get(outcome);
    if (!facts) {
      facts = { relations: fileRelations(outcome.manifests.map((m) => m.obj)) };
      this.facts.set(outcome, facts);
    }
    return facts;
  }
}
