// The pipeline: inputs → source files → manifests → resource graph → rules → findings → results.

import { readFile, stat } from 'node:fs/promises';
import { docsUrlFor, type Rule } from './rule.js';
import { runRules, INTERNAL_ERROR_ID, type EnabledRule } from './engine.js';
import { expandInputs, UsageError } from './files.js';
import { STDIN_PATH, START_OF_FILE, type Finding, type Severity } from './finding.js';
import { DEFAULT_SETTINGS, ResourceGraph, type GraphSettings } from './graph.js';
import { MANIFEST_INVALID_ID, parseSource, type Manifest } from './parse.js';
import { buildRulesMeta, toLintResults, type LintResult, type RulesMeta } from './report.js';
import { createSourceFile } from './source.js';
import { countUnvalidated, SCHEMA_RULE_ID, withoutSchemaEchoes } from './schema/coverage.js';
import { parseKubernetesVersion, type KubernetesVersion } from './version.js';
import { rules as allRules } from '../rules/index.js';

export type RuleSetting = Severity | 'off';

export interface LintOptions {
  cwd?: string;
  /** Namespace of objects that set none. Default `default`. */
  namespace?: string;
  /** Cluster DNS domain. Default `cluster.local`. */
  clusterDomain?: string;
  /** Target Kubernetes release, `X.Y` or `X.Y.Z` (default: the newest stslint knows). */
  kubernetesVersion?: string;
  /** Severity overrides by rule id. */
  rules?: Readonly<Record<string, RuleSetting>>;
  /** Text read from standard input when an input is `-`. */
  stdinText?: string;
  /** Name to report standard input under (default `<stdin>`). */
  stdinFilename?: string;
  /** Files larger than this many bytes are reported, not read. */
  maxFileSize?: number;
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
  findings: Finding[];
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
  [MANIFEST_INVALID_ID]: {
    type: 'problem',
    docs: {
      description: 'A document meant as a Kubernetes object lacks what every object needs (`apiVersion`, `kind`, `metadata.name`) or is not an object at all.',
      url: docsUrlFor(MANIFEST_INVALID_ID),
    },
    defaultSeverity: 'error',
  },
};

/** Built-in findings whose severity users may change; internal errors can never be silenced. */
const CONFIGURABLE_BUILTINS = new Set([MANIFEST_INVALID_ID]);

/** Default largest file read (`--max-file-size`): far above any real bundle, far below what hurts. */
export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;

export const RULES: readonly Rule[] = allRules;

export function rulesMeta(): RulesMeta {
  return buildRulesMeta(RULES, BUILTIN_RULES_META);
}

/** Lints files, directories and globs (and `-` for standard input, given as `stdinText`). */
export async function lintFiles(inputs: readonly string[], options: LintOptions = {}): Promise<LintRun> {
  const cwd = options.cwd ?? process.cwd();
  const expanded = await expandInputs(inputs, cwd);
  const limit = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const sources: (SourceInput | Finding)[] = await Promise.all(expanded.files.map((file) => readSource(file, limit)));
  if (expanded.stdin) {
    if (options.stdinText === undefined) throw new UsageError('`-` was given but standard input could not be read');
    sources.push({ path: options.stdinFilename ?? STDIN_PATH, text: options.stdinText });
  }
  for (const dir of expanded.unreadable) {
    sources.push(fileFinding(dir.path, `Could not read this directory (${dir.reason}); its manifests were not linted.`));
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
    kubernetesVersion: targetVersion(options.kubernetesVersion),
  };
  const findings: Finding[] = [];
  const manifests: Manifest[] = [];
  let skippedDocuments = 0;
  const overrides = options.rules ?? {};
  const enabled = enabledRules(overrides);
  for (const input of inputs) {
    const parsed = parseSource(createSourceFile(input.path, input.text));
    findings.push(...applyBuiltinSettings(parsed.findings, overrides));
    manifests.push(...parsed.manifests);
    skippedDocuments += parsed.skippedDocuments;
  }
  const graph = new ResourceGraph(manifests, settings);
  findings.push(...withoutSchemaEchoes(runRules(graph, enabled)));
  return {
    results: toLintResults(inputs.map((i) => i.path), findings),
    findings,
    rulesMeta: rulesMeta(),
    stats: {
      files: inputs.length,
      documents: manifests.length + skippedDocuments,
      resources: manifests.length,
      skippedDocuments,
      unvalidatedResources: countUnvalidated(graph, enabled.some((e) => e.rule.id === SCHEMA_RULE_ID)),
    },
  };
}

function targetVersion(text: string | undefined): KubernetesVersion {
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

export function enabledRules(overrides: Readonly<Record<string, RuleSetting>> = {}): EnabledRule[] {
  const known = new Set([...RULES.map((r) => r.id), ...CONFIGURABLE_BUILTINS]);
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

async function readSource(path: string, maxFileSize: number): Promise<SourceInput | Finding> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (info.size > maxFileSize) {
      return fileFinding(path, `The file is ${formatBytes(info.size)}, over the ${formatBytes(maxFileSize)} limit, so it was not read; raise the limit with --max-file-size if it really is a manifest.`);
    }
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

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

function fileFinding(filePath: string, message: string): Finding {
  return { ruleId: null, fatal: true, severity: 'error', message: `Parsing error: ${message}`, filePath, loc: START_OF_FILE };
}
