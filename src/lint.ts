// The pipeline: inputs → source files → manifests → resource graph → rules → findings → results.

import { readFile } from 'node:fs/promises';
import { docsUrlFor, type Rule } from './rule.js';
import { runRules, INTERNAL_ERROR_ID, type EnabledRule } from './engine.js';
import { expandInputs, UsageError } from './files.js';
import { STDIN_PATH, START_OF_FILE, type Finding, type Severity } from './finding.js';
import { DEFAULT_SETTINGS, ResourceGraph, type GraphSettings } from './graph.js';
import { parseSource, type Manifest } from './parse.js';
import { buildRulesMeta, toLintResults, type LintResult, type RulesMeta } from './report.js';
import { resourceChecks, type ResourceChecks } from './checks.js';
import type { ResourceType } from './kinds.js';
import { createSourceFile } from './source.js';
import { applySuppressions, SUPPRESSION_RULES_META } from './suppressions.js';
import { rules as allRules } from '../rules/index.js';

export type RuleSetting = Severity | 'off';

export interface LintOptions {
  cwd?: string;
  /** Namespace of objects that set none. Default `default`. */
  namespace?: string;
  /** Cluster DNS domain. Default `cluster.local`. */
  clusterDomain?: string;
  /** Severity overrides by rule id. */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** Text read from standard input when an input is `-`. */
  stdinText?: string;
  /** Name to report standard input under (default `<stdin>`). */
  stdinFilename?: string;
  /** Warn about suppressions (comments, annotations) that suppress nothing. */
  reportUnusedDisables?: boolean;
}

export interface RunStats {
  files: number;
  documents: number;
  resources: number;
  /** Documents that are not Kubernetes objects. */
  skippedDocuments: number;
}

export interface LintRun {
  results: LintResult[];
  /** Every finding; suppressed ones carry `suppressions` (and land in `suppressedMessages`). */
  findings: Finding[];
  /** Each resource with the rules that checked it. */
  checks: ResourceChecks[];
  rulesMeta: RulesMeta;
  stats: RunStats;
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
  ...SUPPRESSION_RULES_META,
};

export const RULES: readonly Rule[] = allRules;

export function rulesMeta(): RulesMeta {
  return buildRulesMeta(RULES, BUILTIN_RULES_META);
}

/** Lints files, directories and globs (and `-` for standard input, given as `stdinText`). */
export async function lintFiles(inputs: readonly string[], options: LintOptions = {}): Promise<LintRun> {
  const cwd = options.cwd ?? process.cwd();
  const expanded = await expandInputs(inputs, cwd);
  const sources: (SourceInput | Finding)[] = await Promise.all(expanded.files.map(readSource));
  if (expanded.stdin) {
    if (options.stdinText === undefined) throw new UsageError('`-` was given but standard input could not be read');
    sources.push({ path: options.stdinFilename ?? STDIN_PATH, text: options.stdinText });
  }
  const readFailures = sources.filter((s): s is Finding => 'loc' in s);
  const texts = sources.filter((s): s is SourceInput => !('loc' in s));
  const run = lintSources(texts, options);
  if (readFailures.length === 0) return run;
  const findings = [...readFailures, ...run.findings];
  const paths = sources.map((s) => ('loc' in s ? s.filePath : s.path));
  return { ...run, findings, results: toLintResults(paths, findings) };
}

/** Lints texts already in memory; the core of every entry point. */
export function lintSources(inputs: readonly SourceInput[], options: LintOptions = {}): LintRun {
  const settings: GraphSettings = {
    namespace: options.namespace ?? DEFAULT_SETTINGS.namespace,
    clusterDomain: options.clusterDomain ?? DEFAULT_SETTINGS.clusterDomain,
  };
  const findings: Finding[] = [];
  const manifests: Manifest[] = [];
  let skippedDocuments = 0;
  for (const input of inputs) {
    const parsed = parseSource(createSourceFile(input.path, input.text));
    findings.push(...parsed.findings);
    manifests.push(...parsed.manifests);
    skippedDocuments += parsed.skippedDocuments;
  }
  const graph = new ResourceGraph(manifests, settings);
  const enabled = enabledRules(options.rules);
  const coverage = new Map<string, readonly ResourceType[]>();
  findings.push(...runRules(graph, enabled, (rule, types) => coverage.set(rule.id, types)));
  const reported = applySuppressions(findings, graph.resources, {
    knownRuleIds: new Set([...RULES.map((r) => r.id), ...Object.keys(BUILTIN_RULES_META)]),
    enabledRuleIds: new Set(enabled.map((e) => e.rule.id)),
    reportUnused: options.reportUnusedDisables ?? false,
  });
  return {
    results: toLintResults(inputs.map((i) => i.path), reported),
    findings: reported,
    checks: resourceChecks(graph, coverage),
    rulesMeta: rulesMeta(),
    stats: {
      files: inputs.length,
      documents: manifests.length + skippedDocuments,
      resources: manifests.length,
      skippedDocuments,
    },
  };
}

export function enabledRules(overrides: Readonly<Record<string, RuleSetting>> = {}): EnabledRule[] {
  const known = new Set(RULES.map((r) => r.id));
  for (const id of Object.keys(overrides)) {
    if (!known.has(id)) throw new UsageError(`unknown rule \`${id}\` (run \`stslint --list-rules\` to see them)`);
  }
  const enabled: EnabledRule[] = [];
  for (const rule of RULES) {
    const setting = overrides[rule.id] ?? rule.meta.severity;
    if (setting !== 'off') enabled.push({ rule, severity: setting });
  }
  return enabled;
}

async function readSource(path: string): Promise<SourceInput | Finding> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return fileFinding(path, `Could not read the file (${code}); check that it exists and is readable.`);
  }
  if (bytes.includes(0)) return fileFinding(path, 'This is a binary file (it contains NUL bytes), not a YAML or JSON manifest.');
  try {
    return { path, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return fileFinding(path, 'This file is not valid UTF-8 text; save it as UTF-8 (Kubernetes manifests must be UTF-8).');
  }
}

function fileFinding(filePath: string, message: string): Finding {
  return { ruleId: null, fatal: true, severity: 'error', message: `Parsing error: ${message}`, filePath, loc: START_OF_FILE };
}
