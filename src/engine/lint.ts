// The pipeline: inputs → source files → manifests → resource graph → rules → findings → results.

import { DEFAULT_PRESET, docsUrlFor, inPreset, type Preset, type Rule, type VisitedType } from './rule.js';
import { runRules, INTERNAL_ERROR_ID, type EnabledRule } from './run-rules.js';
import { expandInputs } from '../input/files.js';
import { kustomizePatchFiles } from '../input/kustomize-patches.js';
import { UsageError } from '../shared/usage-error.js';
import { STDIN_PATH, type Finding, type Severity } from '../shared/finding.js';
import { DEFAULT_SETTINGS, ResourceGraph, type GraphSettings, type Resource } from '../graph/graph.js';
import { processContextFiles, processFiles, type ContextFile } from '../input/parallel.js';
import { FileCache, NAMED_FILES } from '../input/cache.js';
import { fileRelations, RelationTarget, type FileRelations } from '../input/relations.js';
import { compareCodePoints } from '../shared/text.js';
import { keepYoungGenerationSmall, MANY_FILES } from '../shared/young-generation.js';
import type { Manifest } from '../yaml/manifest.js';
import { MANIFEST_INVALID_ID } from '../yaml/parse.js';
import { fileFinding, processText, type FileChecks, type FileOutcome } from '../input/pipeline.js';
import { buildRulesMeta, lazyResults, type LintResult, type RulesMeta } from './report.js';
import { checkedResources, resourceChecks, type ResourceChecks } from './checks.js';
import { countUnvalidated, SCHEMA_RULE_ID, withoutSchemaEchoes } from './schema-coverage.js';
import { applySuppressions, SUPPRESSION_RULES_META } from './suppressions.js';
import { parseKubernetesVersion, type KubernetesVersion } from '../api/version.js';
import { targetDataNotice } from '../schema/releases.js';
import { rules as allRules } from '../../rules/index.js';
import { loadBase, notInBasePath, type BaseOption, type LoadedBase } from '../change/base.js';
import { buildChangeSet, type ChangeSet } from '../change/change-set.js';
import { changePlan, type ChangePlan, type PlanRow } from '../change/plan.js';
import { graphParts } from './unit-graphs.js';
import { relativePath } from '../shared/paths.js';
import { describeVias, renderContextUnits, renderInputs } from '../render/inputs.js';
import { discoverUnits } from '../render/discover.js';
import { renderAtRevision, type UnitAtRevision } from '../render/at-revision.js';
import { RENDER_FAILED_ID, RENDER_TOOL_MISSING_ID, type RenderSettings } from '../render/render.js';

export type RuleSetting = Severity | 'off';

export interface LintOptions {
  cwd?: string;
  /** Namespace of objects that set none. Default `default`. */
  namespace?: string;
  /** Cluster DNS domain. Default `cluster.local`. */
  clusterDomain?: string;
  /** Target Kubernetes release, `X.Y` or `X.Y.Z` (default: the newest stslint knows). */
  kubernetesVersion?: string;
  /** Severity overrides by rule id; a rule set here is on whatever the preset. */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** Which rules run by default: `recommended` (the default) or `all`. */
  preset?: Preset;
  /** Text read from standard input when an input is `-`. */
  stdinText?: string;
  /** Name to report standard input under (default `<stdin>`). */
  stdinFilename?: string;
  /** Files larger than this many bytes are reported, not read. */
  maxFileSize?: number;
  /** Parse in worker threads: forced on or off; by default decided by the number of files. */
  parallel?: boolean;
  /** Warn about suppressions (comments, annotations) that suppress nothing. */
  reportUnusedDisables?: boolean;
  /** Called as files are read and parsed (`done` of `total`), e.g. for a progress line. */
  onProgress?: (done: number, total: number) => void;
  /** A previous version to compare with (`--base`, `--base-path`): enables the change rules and the plan. */
  base?: BaseOption;
  /**
   * Files that complete the graph (`--context`): only the objects that can relate to the linted
   * files join it (src/input/relations.ts), and, unless `reportRelatedContext`, rules visit only
   * those that touch them and nothing is reported in these files.
   */
  contextFiles?: readonly string[];
  /** With `contextFiles`: report the findings of the context files that joined the graph too (LintRun.relatedContext). */
  reportRelatedContext?: boolean;
  /**
   * With `contextFiles`: more objects that context objects may relate to (the named files'
   * previous versions); a promise is awaited only once the context is read (git reads them meanwhile).
   */
  contextAlsoRelatedTo?: readonly SourceInput[] | Promise<readonly SourceInput[]>;
  /** Keep each file's outcome in this cache file and reuse it while the file is unchanged (`--cache`, src/input/cache.ts). */
  cacheFile?: string;
  /**
   * How charts and kustomizations are rendered (src/render); `false` lints their files as plain
   * files instead. Only lintFiles renders: texts given as sources are linted as they are.
   */
  render?: RenderSettings | false;
  /** With `--base <rev>`: the render settings of the configuration at that revision (release names, values files, `--set` values then); `render` when absent. */
  baseRender?: RenderSettings;
  /** Texts that stand for files on disk (absolute path → text): the passes of `--fix` lint the fixed texts before any is written. */
  fileTexts?: ReadonlyMap<string, string>;
  /**
   * false: findings of rules get no fix or suggestions, for a run whose output reads none
   * (src/cli/main.ts); making and checking them is a tenth of a run on real manifests. Default true.
   */
  fixes?: boolean;
  /**
   * The process is stslint's own (the command line): a run over many files may tune the V8 heap
   * of the whole process for its peak memory (src/shared/young-generation.ts). Default false.
   */
  tuneHeap?: boolean;
}

export interface RunStats {
  files: number;
  documents: number;
  resources: number;
  /** Documents that are not Kubernetes objects. */
  skippedDocuments: number;
  /** Resources not checked against an API schema: custom resources, kinds or versions stslint has none for. */
  unvalidatedResources: number;
}

export interface LintRun {
  results: LintResult[];
  /** Every finding; suppressed ones carry `suppressions` (and land in `suppressedMessages`). */
  findings: Finding[];
  /** Each resource with the rules that checked it. */
  checks: ResourceChecks[];
  rulesMeta: RulesMeta;
  stats: RunStats;
  /** With a base: what the change does to each StatefulSet. */
  plan?: ChangePlan;
  /** Sentences about the run itself, e.g. which release's API data stands in for the target, or base files left out of the comparison. */
  notices: string[];
  /** With `contextFiles` and `reportRelatedContext`: the context files that joined the graph. */
  relatedContext?: string[];
}

export interface SourceInput {
  path: string;
  text: string;
}

export const BUILTIN_RULES_META: RulesMeta = {
  [INTERNAL_ERROR_ID]: {
    type: 'problem',
    docs: { description: 'A rule failed on a resource; its findings there are missing.', url: docsUrlFor(INTERNAL_ERROR_ID) },
    defaultSeverity: 'error',
  },
  [MANIFEST_INVALID_ID]: {
    type: 'problem',
    docs: {
      description: 'A document meant as a Kubernetes object lacks what every object needs (`apiVersion`, `kind`, `metadata.name`) or is not an object at all.',
      url: docsUrlFor(MANIFEST_INVALID_ID),
    },
    defaultSeverity: 'error',
  },
  [RENDER_FAILED_ID]: {
    type: 'problem',
    docs: {
      description:
        'A chart or kustomization did not render (template error, missing dependency, invalid values, a remote or circular base); nothing it renders was linted.',
      url: docsUrlFor(RENDER_FAILED_ID),
    },
    defaultSeverity: 'error',
  },
  [RENDER_TOOL_MISSING_ID]: {
    type: 'problem',
    docs: {
      description:
        'With `render.requireTools` (`--require-render-tools`): helm or kustomize (or kubectl) was not found, so a chart or kustomization was not rendered or linted.',
      url: docsUrlFor(RENDER_TOOL_MISSING_ID),
    },
    defaultSeverity: 'error',
  },
  ...SUPPRESSION_RULES_META,
};

/**
 * Built-in findings whose severity users may change; internal errors can never be silenced, and
 * a missing tool is an error only when `render.requireTools` asks for it (that is its switch).
 */
export const CONFIGURABLE_BUILTINS: ReadonlySet<string> = new Set([MANIFEST_INVALID_ID, RENDER_FAILED_ID]);

/** Default largest file read (`--max-file-size`): far above any real bundle, far below what hurts. */
export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;

export const RULES: readonly Rule[] = allRules;

export function rulesMeta(): RulesMeta {
  return buildRulesMeta(RULES, BUILTIN_RULES_META);
}

/** Lints files, directories and globs (and `-` for standard input, given as `stdinText`). */
export async function lintFiles(inputs: readonly string[], options: LintOptions = {}): Promise<LintRun> {
  return (await lintFilesWithContext(inputs, options)).run;
}

/**
 * As lintFiles, with the outcomes of the context files that joined the graph (`contextFiles`),
 * in the run's order: a second look at the same context (src/project/context.ts) need not read and
 * parse them again; and the units rendered (their default render, with the name it is linted under).
 */
export async function lintFilesWithContext(
  inputs: readonly string[],
  options: LintOptions = {},
): Promise<{
  run: LintRun;
  related: readonly FileOutcome[];
  units: readonly UnitAtRevision[];
  /** The context's charts and kustomizations rendered as context (their findings are not the named files'). */
  contextUnitFiles: ReadonlySet<string>;
}> {
  const cwd = options.cwd ?? process.cwd();
  const expanded = await expandInputs(inputs, cwd);
  if (options.base) expanded.files = expanded.files.filter(notInBasePath(options.base, cwd));
  if (options.tuneHeap && expanded.files.length >= MANY_FILES) keepYoungGenerationSmall();
  const checks = fileChecks(options);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const cache = options.cacheFile === undefined ? undefined : FileCache.open(options.cacheFile, { checks, maxFileSize });
  const renderOptions =
    options.render === false
      ? undefined
      : {
          settings: options.render ?? {},
          target: targetVersion(options.kubernetesVersion),
          namespace: options.namespace ?? DEFAULT_SETTINGS.namespace,
          cwd,
          checks,
          ...(options.cacheFile !== undefined ? { cacheFile: options.cacheFile } : {}),
          ...(cache ? { fileCache: cache } : {}),
        };
  const rendered = renderOptions
    ? await renderInputs(expanded.files, { ...renderOptions, ...(options.contextFiles !== undefined ? { around: options.contextFiles } : {}) })
    : undefined;
  if (rendered) expanded.files = rendered.plainFiles;
  const patches = kustomizePatchFiles(expanded.files, cwd);
  if (patches.size > 0) expanded.files = expanded.files.filter((file) => !patches.has(file));
  const parallel = options.parallel === undefined ? {} : { parallel: options.parallel };
  const texts = options.fileTexts;
  const outcomes = await processFiles(texts ? expanded.files.filter((f) => !texts.has(f)) : expanded.files, {
    maxFileSize,
    checks,
    ...parallel,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(cache ? { cache: { store: cache, variant: NAMED_FILES } } : {}),
  });
  if (texts && expanded.files.some((f) => texts.has(f))) {
    for (const file of expanded.files) if (texts.has(file)) outcomes.push(processText(file, texts.get(file)!, checks));
    const order = new Map(expanded.files.map((f, i) => [f, i]));
    outcomes.sort((a, b) => order.get(a.path)! - order.get(b.path)!);
  }
  if (rendered) for (const outcome of rendered.outcomes) outcomes.push(outcome);
  const named = new Set(expanded.files);
  // Templates, values files and patches are not manifests: a chart or kustomization is context only through what it renders.
  const contextCandidates = (options.contextFiles ?? []).filter((f) => !named.has(f));
  const contextDiscovery = options.render === false || contextCandidates.length === 0 ? undefined : discoverUnits(contextCandidates);
  const contextFiles: ContextFile[] = await processContextFiles(contextDiscovery ? contextDiscovery.plainFiles : contextCandidates, {
    maxFileSize,
    ...parallel,
    ...(cache ? { cache } : {}),
  });
  // The context's own charts and kustomizations, rendered when a named plain file holds objects
  // that may relate to what they render (a plain PDB over a chart's pods); the units rendered for
  // the named files are theirs already. A repository without units does nothing more here.
  const renderedRoots = new Set((rendered?.units ?? []).map((u) => u.unit.root));
  const contextUnits = (contextDiscovery?.units ?? []).filter((u) => !renderedRoots.has(u.root));
  const namedPlain = outcomes.some((o) => o.rendered === undefined && o.manifests.length > 0) || expanded.stdin;
  const contextRendered = renderOptions && contextUnits.length > 0 && namedPlain ? await renderContextUnits(contextUnits, renderOptions) : undefined;
  // Read at a base version are files; rendered texts come from renderAtRevision below.
  const plainContextPaths = contextFiles.map((f) => f.path);
  for (const outcome of contextRendered?.outcomes ?? []) contextFiles.push({ path: outcome.path, relations: relationsOfOutcome(outcome), load: () => outcome });
  if (expanded.stdin) {
    if (options.stdinText === undefined) throw new UsageError('`-` was given but standard input could not be read');
    outcomes.push(processText(options.stdinFilename ?? STDIN_PATH, options.stdinText, checks));
  }
  for (const dir of expanded.unreadable) {
    const finding = fileFinding(dir.path, `Could not read this directory (${dir.reason}); its manifests were not linted.`);
    outcomes.push({ path: dir.path, findings: [finding], manifests: [], skippedDocuments: 0 });
  }
  // A comparison with a base version reads every file in scope, the context included.
  let base = options.base ? await loadBase(options.base, [...expanded.files, ...plainContextPaths], cwd) : undefined;
  // The context's units too: a full run compares every unit with its base render.
  const allUnits = [...(rendered?.units ?? []), ...(contextRendered?.units ?? [])];
  if (base && options.base && 'revision' in options.base && allUnits.length > 0 && options.render !== false) {
    // Charts and kustomizations as they were at the base revision, rendered, under the names their current renders have.
    const then = await renderAtRevision(allUnits, options.base.revision, {
      settings: options.baseRender ?? options.render ?? {},
      target: targetVersion(options.kubernetesVersion),
      namespace: options.namespace ?? DEFAULT_SETTINGS.namespace,
      cwd,
    });
    const units = allUnits.map((u) => u.path);
    base = {
      ...base,
      sources: [...base.sources, ...then.sources],
      changed: base.changed && new Set([...base.changed, ...units]),
      notices: [...base.notices, ...then.notices],
    };
  }
  try {
    // A one-off run: nothing keeps the files' line indexes for a next run (the language server,
    // through lintInContext, does). A chart's extra variants (ci/*-values.yaml) are other
    // installations of it: each is linted in a graph of its own (unit-graphs.ts).
    const { contextAlsoRelatedTo, ...rest } = options;
    const alsoRelatedTo = await contextAlsoRelatedTo;
    const assembled = assembleRun(
      outcomes,
      contextFiles,
      { ...rest, ...(alsoRelatedTo ? { contextAlsoRelatedTo: alsoRelatedTo } : {}) },
      base,
      relationsOfOutcome,
      true,
    );
    if (rendered && rendered.notices.length > 0) assembled.run.notices.push(...rendered.notices);
    return { run: assembled.run, related: assembled.related, units: rendered?.units ?? [], contextUnitFiles: contextRendered?.unitFiles ?? new Set() };
  } finally {
    cache?.save();
    rendered?.saveCache();
    contextRendered?.saveCache();
  }
}

/**
 * The run over the `named` outcomes with `context` completing the graph, as `--context` makes it:
 * only the context files that relate to the named ones join, and each named file gets the
 * findings a full run over all of them gives it (test/context-scaling.test.ts). The language
 * server re-lints an edit this way (src/server/incremental.ts).
 */
export function lintInContext(
  named: FileOutcome[],
  context: readonly ContextFile[],
  options: Omit<LintOptions, 'contextAlsoRelatedTo'>,
  relationsOf: (outcome: FileOutcome) => FileRelations = relationsOfOutcome,
): { run: LintRun; graph: ResourceGraph; related: readonly FileOutcome[] } {
  return assembleRun(named, context, { ...options, contextFiles: options.contextFiles ?? [], reportRelatedContext: false }, undefined, relationsOf);
}

/** The options of a run assembled from outcomes: the named files' previous versions are read by then. */
type AssemblyOptions = Omit<LintOptions, 'contextAlsoRelatedTo'> & { contextAlsoRelatedTo?: readonly SourceInput[] };

function relationsOfOutcome(outcome: FileOutcome): FileRelations {
  return fileRelations(outcome.manifests.map((m) => m.obj));
}

/** The run over the linted files' outcomes, with the context files that relate to them. */
function assembleRun(
  outcomes: FileOutcome[],
  contextFiles: readonly ContextFile[],
  options: AssemblyOptions,
  base: LoadedBase | undefined,
  relationsOf = relationsOfOutcome,
  oneOff = false,
): { run: LintRun; graph: ResourceGraph; related: readonly FileOutcome[] } {
  if (options.contextFiles === undefined) return { ...lintOutcomes(outcomes, options, base, undefined, oneOff), related: [] };
  // Only the context objects that can relate to the linted ones join the graph (relations.ts);
  // the namespaces of the others are still known (peer DNS names name namespaces).
  const previous = (options.contextAlsoRelatedTo ?? []).map((s) => fileRelations(processText(s.path, s.text).manifests.map((m) => m.obj)));
  const target = new RelationTarget([...outcomes.map(relationsOf), ...previous], options.namespace ?? DEFAULT_SETTINGS.namespace);
  const related: FileOutcome[] = [];
  const namespaces = new Set<string>();
  // With a base version every context object joins: the comparison pairs objects across all files
  // (a deleted StatefulSet is one the graph no longer has).
  for (const file of contextFiles) {
    // The cache's relation index answers for the files it has without reading their facts.
    const indexed = file.indexed;
    if (indexed) for (const namespace of indexed.index.namespacesOf(indexed.id, target.defaultNamespace)) namespaces.add(namespace);
    else for (const o of file.relations.objects) namespaces.add(target.namespaceOf(o));
    if (base || (indexed?.index.relates(target, indexed.id) ?? target.relates(file.relations))) related.push(file.load());
  }
  namespaces.delete('');
  const named = new Set(outcomes.map((o) => o.path));
  // With a base version the run is a full one over every file (the caller picks what to show).
  const reportAll = options.reportRelatedContext === true || base !== undefined;
  const reported = reportAll ? new Set([...named, ...related.map((o) => o.path)]) : named;
  // In the order of a full run (files sorted by path, standard input last): rules that report
  // one of two objects report the first.
  const isStdin = (o: FileOutcome) => o.path === STDIN_PATH || o.path === options.stdinFilename;
  const files = [...outcomes.filter((o) => !isStdin(o)), ...related].sort((a, b) => compareCodePoints(a.path, b.path));
  const visited = new Map<Resource, boolean>();
  const visits = (resource: Resource): boolean => {
    let yes = visited.get(resource);
    if (yes === undefined) {
      yes = reportAll || named.has(resource.manifest.file.path) || target.touchesObject(resource.obj);
      visited.set(resource, yes);
    }
    return yes;
  };
  const { run, graph } = lintOutcomes([...files, ...outcomes.filter(isStdin)], options, base, { reported, named, namespaces, visits }, oneOff);
  // Set, not spread: a copy would make the run's results (lintOutcomes makes them when first read).
  if (reportAll) run.relatedContext = related.map((o) => o.path);
  return { run, graph, related };
}

/** Lints texts already in memory; the core of every entry point. */
export function lintSources(inputs: readonly SourceInput[], options: LintOptions = {}): LintRun {
  const checks = fileChecks(options);
  const base = options.base;
  if (base && !('sources' in base)) throw new UsageError('lintSources compares with a base given as sources; use lintFiles for --base and --base-path');
  const loaded: LoadedBase | undefined = base ? { label: base.label, sources: base.sources, changed: undefined, notices: [] } : undefined;
  return lintOutcomes(
    inputs.map((input) => processText(input.path, input.text, checks)),
    options,
    loaded,
  ).run;
}

/**
 * What some rules find in some files of the graph of these outcomes: lintOutcomes' findings of
 * those rules in those files, before suppressions are applied (they mark findings and add their
 * own, of other rule ids) and without the outcomes' own (parse) findings. A rule's findings do
 * not depend on the other rules, so only the rules asked for run, and findings in other files
 * are dropped before their message and position are made. With `positions: false` their `loc`
 * is left unset and they get no fixes (the same findings otherwise).
 */
export function ruleFindingsIn(
  outcomes: readonly FileOutcome[],
  options: LintOptions,
  only: { ruleIds: ReadonlySet<string>; files: ReadonlySet<string>; positions?: boolean },
): Finding[] {
  const settings: GraphSettings = {
    namespace: options.namespace ?? DEFAULT_SETTINGS.namespace,
    clusterDomain: options.clusterDomain ?? DEFAULT_SETTINGS.clusterDomain,
    kubernetesVersion: targetVersion(options.kubernetesVersion),
  };
  // schema-invalid findings are dropped where another rule reports the same node: it needs them all.
  if (only.ruleIds.has(SCHEMA_RULE_ID)) throw new Error('ruleFindingsIn cannot single out schema-invalid');
  const enabled = enabledRules(options.rules ?? {}, options.preset).filter((e) => only.ruleIds.has(e.rule.id));
  const graph = new ResourceGraph(
    outcomes.flatMap((o) => o.manifests),
    settings,
  );
  const positions = only.positions ?? true;
  // A caller that asks for no positions compares what findings are about: it reads no fix either.
  return runRules(graph, enabled, undefined, undefined, { reported: only.files, visits: () => true }, false, positions, positions);
}

/** The per-file checks the options ask for: schema validation unless schema-invalid is off. */
export function fileChecks(options: LintOptions): FileChecks {
  return options.rules?.[SCHEMA_RULE_ID] === 'off' ? {} : { schemaTarget: targetVersion(options.kubernetesVersion) };
}

/**
 * With `--context`: the files reported on, the named files (the run's counts are theirs), the
 * namespaces of context objects left out of the graph, the resources rules visit.
 */
interface ContextRun {
  reported: ReadonlySet<string>;
  named: ReadonlySet<string>;
  namespaces: ReadonlySet<string>;
  visits: (resource: Resource) => boolean;
}

/**
 * Joins the files' outcomes (`processText` with `fileChecks(options)`) into one graph, runs the
 * rules, and builds the results; the graph is returned too, for front ends that look up the
 * objects a finding names. The outcomes are not changed, so a front end may keep them between
 * runs (the language server re-parses only the files that changed). A `oneOff` run lets each
 * file's line index go once its findings are placed, which a front end that runs again keeps.
 */
export function lintOutcomes(
  outcomes: readonly FileOutcome[],
  options: LintOptions,
  base?: LoadedBase,
  context?: ContextRun,
  oneOff = false,
): { run: LintRun; graph: ResourceGraph } {
  const settings: GraphSettings = {
    namespace: options.namespace ?? DEFAULT_SETTINGS.namespace,
    clusterDomain: options.clusterDomain ?? DEFAULT_SETTINGS.clusterDomain,
    kubernetesVersion: targetVersion(options.kubernetesVersion),
  };
  const overrides = options.rules ?? {};
  const enabled = enabledRules(overrides, options.preset);
  const findings: Finding[] = [];
  let skippedDocuments = 0;
  let countedManifests = 0;
  for (const outcome of outcomes) {
    if (context && !context.named.has(outcome.path)) continue;
    if (outcome.rendered?.variant !== undefined) continue; // another installation of a chart counted already
    countedManifests += outcome.manifests.length;
    skippedDocuments += outcome.skippedDocuments;
  }
  const coverage = new Map<string, readonly VisitedType[]>();
  const comparisonNotices = new Set<string>();
  const planRows: PlanRow[] = [];
  let unchangedSets = 0;
  let graph: ResourceGraph | undefined;
  // Each rendered unit is linted in a graph of its own (unit-graphs.ts); plain files alone: one graph.
  for (const part of graphParts(outcomes, base)) {
    const partGraph = new ResourceGraph(
      part.outcomes.flatMap((o) => o.manifests),
      settings,
      context?.namespaces,
    );
    if (part.main) graph = partGraph;
    if (part.idle) continue;
    const comparison = part.base ? compareWith(part.base, partGraph, options.cwd ?? process.cwd()) : undefined;
    const partFindings: Finding[] = [];
    for (const outcome of part.outcomes) {
      // Context files complete the graph; their parse errors are reported only with them, their counts never.
      if (part.owns(outcome.path) && (!context || context.reported.has(outcome.path))) partFindings.push(...applyBuiltinSettings(outcome.findings, overrides));
    }
    const inBase: Finding[] = [];
    // A loop, not push(...spread): a spread of 100,000 findings overflows the call stack.
    // Findings of the base version belong to files the graph no longer has: a comparison is never scoped.
    const scope = context && !base ? { reported: context.reported, visits: context.visits, named: context.named } : undefined;
    for (const finding of withoutSchemaEchoes(
      runRules(partGraph, enabled, (rule, types) => coverage.set(rule.id, types), comparison?.change, scope, oneOff, options.fixes !== false),
    )) {
      if (!part.owns(finding.filePath)) continue;
      // Directives in today's files say nothing about lines of the base version.
      if (finding.inBase) inBase.push(finding);
      else partFindings.push(finding);
    }
    const suppressed = applySuppressions(partFindings, partGraph.resources, {
      knownRuleIds: new Set([...RULES.map((r) => r.id), ...Object.keys(BUILTIN_RULES_META)]),
      enabledRuleIds: new Set(enabled.map((e) => e.rule.id)),
      reportUnused: options.reportUnusedDisables ?? false,
    });
    for (const finding of suppressed) if (part.owns(finding.filePath)) findings.push(finding);
    for (const finding of inBase) findings.push(finding);
    if (comparison) {
      for (const notice of comparison.notices) comparisonNotices.add(notice);
      const plan = changePlan(comparison.change, part.owns);
      planRows.push(...plan.rows);
      unchangedSets += plan.unchanged;
    }
  }
  const reported = findings;
  const placed = placeRenderedFindings(reported, outcomes, options.fileTexts);
  const run: Omit<LintRun, 'checks' | 'results'> = {
    ...(base ? { plan: placePlanRows({ label: base.label, rows: planRows, unchanged: unchangedSets }, outcomes) } : {}),
    findings: placed,
    rulesMeta: rulesMeta(),
    notices: [...noticesFor(settings.kubernetesVersion), ...comparisonNotices],
    stats: {
      files: context ? context.named.size : outcomes.filter((o) => o.rendered?.variant === undefined).length,
      documents: countedManifests + skippedDocuments,
      resources: countedManifests,
      skippedDocuments,
      unvalidatedResources: countUnvalidated(
        graph!,
        enabled.some((e) => e.rule.id === SCHEMA_RULE_ID),
        context?.named,
      ),
    },
  };
  // The results are made when first read: a streamed report (json) makes them file by file,
  // after the graph and the files' texts are gone (report.ts lazyResults).
  const reportedPaths = outcomes.filter((o) => !context || context.reported.has(o.path)).map((o) => o.rendered?.reportAs ?? o.path);
  lazyResults(run, reportedPaths, placed);
  // Which rule checked which resource is read by few reports (JUnit counts passed checks, the
  // language server never): made when first read. A copy made by spreading reads it. It keeps
  // the resources' names, not the graph: objects, texts and the graph's indexes go once the
  // caller drops them (a large run's output is made without them).
  let checks: ResourceChecks[] | undefined;
  const resources = checkedResources(graph!);
  Object.defineProperty(run, 'checks', { get: () => (checks ??= resourceChecks(resources, coverage)), enumerable: true, configurable: true });
  return { run: run as LintRun, graph: graph! };
}

/** Plan rows of rendered sets point at the files people edit too (a set deleted from a chart: at the chart). */
function placePlanRows(plan: ChangePlan, outcomes: readonly FileOutcome[]): ChangePlan {
  const byPath = new Map<string, NonNullable<FileOutcome['rendered']>>();
  for (const outcome of outcomes) if (outcome.rendered) byPath.set(outcome.path, outcome.rendered);
  if (byPath.size === 0) return plan;
  const rows = plan.rows.map((row) => {
    const rendered = byPath.get(row.file);
    if (!rendered) return row;
    if (row.inBase) return { ...row, file: rendered.reportAs, line: 1, unit: rendered.unit };
    const { finding } = rendered.place({
      ruleId: null,
      severity: 'info',
      message: '',
      filePath: row.file,
      loc: { line: row.line, column: 1, endLine: row.line, endColumn: 1 },
      path: ['metadata', 'name'],
    });
    return { ...row, file: finding.filePath, line: finding.loc.line, unit: rendered.unit };
  });
  return { ...plan, rows };
}

/**
 * Findings on rendered text (a chart's or kustomization's output) moved to the files people
 * edit. A finding drawn at one place by several renders (variants of a chart, overlays of one
 * base) is kept once; it names the renders that drew it when its place does not say (a base
 * file shared by overlays, a chart variant: not when the chart's default values draw it too).
 */
function placeRenderedFindings(findings: Finding[], outcomes: readonly FileOutcome[], fileTexts?: ReadonlyMap<string, string>): Finding[] {
  const byPath = new Map<string, NonNullable<FileOutcome['rendered']>>();
  for (const outcome of outcomes) if (outcome.rendered) byPath.set(outcome.path, outcome.rendered);
  if (byPath.size === 0) return findings;
  const groups = new Map<string, { finding: Finding; vias: string[]; plain: boolean }>();
  const out: (Finding | string)[] = [];
  for (const finding of findings) {
    const rendered = byPath.get(finding.filePath);
    if (!rendered) {
      out.push(finding);
      continue;
    }
    // Its fix is kept only where the source file holds the rendered text verbatim (src/render/carry-fix.ts).
    const { finding: placed, via, stale } = rendered.place(finding, fileTexts && ((file) => fileTexts.get(file)));
    if (stale) continue; // drawn from text a pass of --fix has changed since
    const { line, column, endLine, endColumn } = placed.loc;
    const key = `${placed.filePath}\0${line}:${column}:${endLine}:${endColumn}\0${placed.ruleId ?? ''}\0${placed.message}\0${placed.suppressions ? 's' : ''}`;
    let group = groups.get(key);
    if (!group) {
      groups.set(key, (group = { finding: placed, vias: [], plain: false }));
      out.push(key);
    }
    if (via === undefined) group.plain = true;
    else group.vias.push(via);
  }
  return out.map((entry) => {
    if (typeof entry !== 'string') return entry;
    const { finding, vias, plain } = groups.get(entry)!;
    return plain || vias.length === 0 ? finding : { ...finding, message: `${finding.message} (${describeVias(vias)})` };
  });
}

/**
 * Parses the base version (without schema validation: only the comparison reads it) and pairs
 * its objects with the graph's. A base file that does not parse is left out, with a notice:
 * comparing half of it would report its other objects as deleted.
 */
function compareWith(base: LoadedBase, graph: ResourceGraph, cwd: string): { change: ChangeSet; notices: string[] } {
  const notices = [...base.notices];
  const manifests: Manifest[] = [];
  for (const source of base.sources) {
    const outcome = processText(source.path, source.text);
    const fatal = outcome.findings.find((f) => f.fatal);
    if (fatal) {
      const where = `${relativePath(source.path, cwd)}:${fatal.loc.line}:${fatal.loc.column}`;
      notices.push(`base ${base.label}: ${where}: ${fatal.message.replace(/^Parsing error: /, '')} This base file is left out of the comparison.`);
      continue;
    }
    for (const manifest of outcome.manifests) manifests.push(manifest);
  }
  const baseGraph = new ResourceGraph(manifests, graph.settings);
  const changed = base.changed;
  const change = buildChangeSet(baseGraph, graph, {
    label: base.label,
    ...(changed ? { inScope: (resource) => changed.has(resource.manifest.file.path) } : {}),
  });
  return { change, notices };
}

function noticesFor(target: KubernetesVersion): string[] {
  const notice = targetDataNotice(target);
  return notice === undefined ? [] : [notice];
}

export function targetVersion(text: string | undefined): KubernetesVersion {
  if (text === undefined) return DEFAULT_SETTINGS.kubernetesVersion;
  const version = parseKubernetesVersion(text);
  if (!version) throw new UsageError(`Kubernetes version \`${text}\` is not of the form 1.30 or 1.30.2`);
  return version;
}

function applyBuiltinSettings(findings: readonly Finding[], overrides: Readonly<Record<string, RuleSetting>>): Finding[] {
  const out: Finding[] = [];
  for (const finding of findings) {
    const setting = finding.ruleId && CONFIGURABLE_BUILTINS.has(finding.ruleId) ? overrides[finding.ruleId] : undefined;
    if (setting === 'off') continue;
    out.push(setting ? { ...finding, severity: setting } : finding);
  }
  return out;
}

export function enabledRules(overrides: Readonly<Record<string, RuleSetting>> = {}, preset: Preset = DEFAULT_PRESET): EnabledRule[] {
  const known = new Set([...RULES.map((r) => r.id), ...CONFIGURABLE_BUILTINS]);
  for (const id of Object.keys(overrides)) {
    if (!known.has(id)) throw new UsageError(`unknown rule \`${id}\` (run \`stslint --list-rules\` to see them)`);
  }
  const enabled: EnabledRule[] = [];
  for (const rule of RULES) {
    const setting = overrides[rule.id] ?? (inPreset(rule.meta.preset, preset) ? rule.meta.severity : 'off');
    if (setting !== 'off') enabled.push({ rule, severity: setting, configured: overrides[rule.id] !== undefined });
  }
  return enabled;
}
