#!/usr/bin/env node
// stslint command line: arguments → lint → formatted report → exit code.
//   0  no errors (and --max-warnings not exceeded)
//   1  errors found, or too many warnings
//   2  usage, configuration or I/O problem (one line on stderr, no stack trace)

import { fstatSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { findConfigFile, loadConfig, type Config } from '../project/config.js';
import { baseOption, checkPlanNeedsBase, renderSettingsAtRevision } from './base-option.js';
import { changedManifests } from '../change/base.js';
import { ignoreMatcher, lintSelection } from '../project/context.js';
import { cacheFileFor, CONTEXT_CACHE_FILE } from '../input/cache.js';
import { gitDirectory } from '../shared/paths.js';
import { UsageError } from '../shared/usage-error.js';
import { FORMAT_NAMES, FORMATS_WITHOUT_FIXES } from '../formatters/index.js';
import { isDns1123Label, isDns1123Subdomain } from '../api/names.js';
import { enabledRules, type LintOptions, type LintRun, type RuleSetting } from '../engine/lint.js';
import { DEFAULT_PRESET, PRESETS, type Preset } from '../engine/rule.js';
import { listOr } from '../shared/text.js';
import { endQuietlyOnClosedPipes, isTerminal, mayEndAtOnce, planOutputs, prepareOutputs, stderr, writeOutputs, writeStdout, type Terminal } from './output.js';
import { helpText, parseOptions } from './options.js';
import { writeInitialConfig } from './init.js';
import { listedRules, listRulesText } from './list-rules.js';
import { printConfig } from './print-config.js';
import { progressLine } from './progress.js';
import { isRenderedText, mapRenderedFindings } from '../render/rendered-sources.js';
import { fixRun } from './fix.js';
import { resultPathsOf, toLintResults, totalsOf, type Totals } from '../engine/report.js';
import { STDIN_PATH } from '../shared/finding.js';
import { packageInfo } from '../shared/package-info.js';
import { NEWEST_KUBERNETES_VERSION } from '../api/version.js';
import type { RenderSettings } from '../render/render.js';

const LEVELS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals: given } = parseOptions(argv);
  const cwd = process.cwd();

  if (values.help) return print(helpText());
  if (values.version) return print(packageInfo().version);
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config contradict each other; give one');
  if (values.color && values['no-color']) throw new UsageError('--color and --no-color contradict each other; give one');
  if (values.fix && values['fix-dry-run']) throw new UsageError('--fix and --fix-dry-run contradict each other; give one');
  const fixing = values.fix || values['fix-dry-run'];
  if (fixing && values.watch) throw new UsageError(`--${values.fix ? 'fix' : 'fix-dry-run'} does not go with --watch: fix once, then watch`);
  if (values.init) {
    const file = writeInitialConfig(cwd, NEWEST_KUBERNETES_VERSION);
    stderr().write(`stslint: wrote ${path.relative(cwd, file)}; edit it to your needs\n`);
    return 0;
  }
  const ruleFlags = parseRuleSettings(values.rule);
  const presetFlag = parsePreset(values.preset);
  if (values['list-rules'] || values['print-config'] !== undefined) {
    const config = await configFor(values.config, values['no-config'], cwd);
    const rules = { ...config?.rules, ...ruleFlags };
    const preset = presetFlag ?? config?.preset ?? DEFAULT_PRESET;
    enabledRules(rules, preset); // rejects unknown rule ids, as a run would
    if (values['list-rules']) return print(listRulesText(listedRules(rules, preset), values.format.includes('json')));
    return print(
      await printConfig(values['print-config']!, cwd, config, {
        namespace: values.namespace ?? config?.namespace ?? 'default',
        clusterDomain: values['cluster-domain'] ?? config?.clusterDomain ?? 'cluster.local',
        kubernetesVersion: values['kubernetes-version'] ?? config?.kubernetesVersion ?? NEWEST_KUBERNETES_VERSION,
        ...(values.context !== undefined ? { context: path.resolve(cwd, values.context) } : config?.context ? { context: config.context } : {}),
        reportUnusedDisables: values['report-unused-disables'] || (config?.reportUnusedDisables ?? false),
        preset,
        rules,
      }),
    );
  }

  // `--base <revision>` without paths lints the change since the revision, found through git
  // (the `stslint-change` hook on a commit that only deletes manifests: pre-commit passes no files).
  const changeSince = given.length === 0 && values.base !== undefined && values['base-path'] === undefined && !values.watch;
  // Like kubectl and kubeconform: no inputs and a pipe (or a file) on standard input means `-`.
  const implicitStdin = given.length === 0 && !values.watch && !changeSince && stdinIsPiped();
  const positionals = implicitStdin ? ['-'] : given;
  const noInput = 'no input given; pass files, directories, globs or `-` (see `stslint --help`)';
  if (positionals.length === 0 && !changeSince) throw new UsageError(noInput);

  const outputs = planOutputs(values.format, values['output-file'], cwd);
  for (const file of values['output-file']) {
    if (FORMAT_NAMES.includes(file)) {
      warn(`-o (--output-file) names a file: writing to a file called \`${file}\`; to choose the format, use -f ${file}`);
    }
  }
  if (values.namespace !== undefined && !isDns1123Label(values.namespace)) {
    throw new UsageError(`--namespace \`${values.namespace}\` is not a valid namespace name`);
  }
  if (values['cluster-domain'] !== undefined && !isDns1123Subdomain(values['cluster-domain'])) {
    throw new UsageError(`--cluster-domain \`${values['cluster-domain']}\` is not a valid DNS domain`);
  }
  const maxWarnings = parseMaxWarnings(values['max-warnings']);
  const maxFileSize = values['max-file-size'] === undefined ? undefined : parseSize(values['max-file-size']);
  // A notice about the target release is said once, not on every --watch run.
  let noticesShown = false;
  await prepareOutputs(outputs, cwd);
  const stdinText = positionals.includes('-') && !values.watch ? readFileSync(0, 'utf8') : undefined;
  // An empty pipe (`true | stslint`, a render that made nothing) is no objects, as with `-`.
  const terminal = terminalFor(values, process.env);
  checkPlanNeedsBase(outputs, baseOption({ base: values.base, basePath: values['base-path'] }, positionals, undefined, cwd));

  // One run: configuration (read again each time under --watch), lint, reports.
  const lintOnce = async (): Promise<Totals> => {
    const started = process.hrtime.bigint();
    const config = await configFor(values.config, values['no-config'], cwd);
    // Configuration first, flags over it. `kubernetesVersion` goes through to LintOptions as is.
    const options: LintOptions & { cwd: string } = {
      cwd,
      namespace: values.namespace ?? config?.namespace,
      clusterDomain: values['cluster-domain'] ?? config?.clusterDomain,
      rules: { ...config?.rules, ...ruleFlags },
      preset: presetFlag ?? config?.preset ?? DEFAULT_PRESET,
      reportUnusedDisables: values['report-unused-disables'] || (config?.reportUnusedDisables ?? false),
      tuneHeap: true,
    };
    const kubernetesVersion = values['kubernetes-version'] ?? config?.kubernetesVersion;
    if (kubernetesVersion !== undefined) options.kubernetesVersion = kubernetesVersion;
    if (maxFileSize !== undefined) options.maxFileSize = maxFileSize;
    if (values['stdin-filename'] !== undefined) options.stdinFilename = values['stdin-filename'];
    if (stdinText !== undefined) options.stdinText = stdinText;
    // Fixes are made only for what prints them (json, sarif, ESLint formatters) or applies them.
    if (!fixing && outputs.every((o) => o.module === undefined && FORMATS_WITHOUT_FIXES.has(o.format))) options.fixes = false;
    const progress = values.watch ? undefined : progressLine();
    if (progress) options.onProgress = (done, total) => progress.files(done, total);
    const context = values.context !== undefined ? path.resolve(cwd, values.context) : config?.context;
    // As ESLint: --cache-location without --cache does nothing.
    if (values.cache) options.cacheFile = cacheFileFor(values['cache-location'], cwd);
    else if (context !== undefined) {
      // With --context (the pre-commit hook) in a git repository, the cache is kept where git
      // keeps its own state: unchanged context files are not read again, with no configuration
      // and nothing for .gitignore. The cache never changes a result (test/cache.test.ts).
      const gitDir = gitDirectory(cwd);
      if (gitDir !== undefined) options.cacheFile = path.join(gitDir, CONTEXT_CACHE_FILE);
    }
    options.render = renderFlags(values, config?.render, cwd);
    const { inputs, roots, compares } = changeSince
      ? await changedInputs(values.base!, context ?? cwd, config)
      : { inputs: positionals, roots: positionals, compares: true };
    const base = baseOption({ base: values.base, basePath: values['base-path'] }, roots, context, cwd);
    if (base) options.base = base;
    if (base && 'revision' in base && options.render !== false) {
      const then = await renderSettingsAtRevision(base.revision, config?.file, options.render, cwd);
      if (then) options.baseRender = then;
    }
    // Nothing changed under the context: no need to read it.
    const selection = { context: compares ? context : undefined, ignore: config?.ignore, ignoreBase: config?.baseDir, warn };
    let run = await lintSelection(inputs, options, selection);
    progress?.end();
    let stdinOutput: string | undefined;
    if (fixing) {
      const stdinPath = options.stdinFilename ?? STDIN_PATH;
      const rendered = stdinText !== undefined && values['stdin-filename'] === undefined && isRenderedText(stdinText);
      const { onProgress: _quiet, ...passOptions } = options;
      const fixed = await fixRun(
        run,
        { dryRun: values['fix-dry-run'], cwd, ...(stdinText !== undefined ? { stdin: { path: stdinPath, text: stdinText, rendered } } : {}) },
        (fileTexts, stdin) => lintSelection(inputs, { ...passOptions, fileTexts, ...(stdin !== undefined ? { stdinText: stdin } : {}) }, selection),
      );
      run = fixed.run;
      // With nothing to fix, standard input's text is printed as it came.
      stdinOutput = fixed.stdinOutput ?? (values.fix && stdinText !== undefined ? stdinText : undefined);
    }
    if (!noticesShown) for (const notice of run.notices) stderr().write(`stslint: ${notice}\n`);
    noticesShown = true;
    if (stdinText !== undefined && values['stdin-filename'] === undefined) run = placeRenderedStdin(run, stdinText, cwd);
    warnAboutEmptyDirectories(positionals, run, cwd);
    const counted = totalsOf(run);
    const hidden = values.quiet ? { warnings: counted.warnings, infos: counted.infos } : undefined;
    // `--fix` of standard input prints the fixed text; the report then goes to standard error.
    await writeOutputs(
      outputs,
      values.quiet ? errorsOnly(run) : run,
      cwd,
      terminal,
      Number(process.hrtime.bigint() - started) / 1e6,
      hidden,
      stdinOutput !== undefined,
    );
    if (stdinOutput !== undefined) await writeStdout(stdinOutput);
    return counted;
  };

  if (values.watch) {
    const { watchAndLint, watchTargets } = await import('./watch.js');
    endQuietlyOnClosedPipes();
    const config = await configFor(values.config, values['no-config'], cwd).catch(() => undefined);
    const configFile = values['no-config'] ? undefined : values.config ? path.resolve(cwd, values.config) : findConfigFile(cwd);
    const context = values.context !== undefined ? path.resolve(cwd, values.context) : config?.context;
    return watchAndLint(watchTargets(positionals, cwd, [context, configFile]), lintOnce);
  }

  const { errors, warnings } = await lintOnce();
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    stderr().write(`stslint: ${warnings} warnings exceed --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/**
 * Colours and wrapping for standard output: `--color`/`--no-color` first, then the NO_COLOR
 * (https://no-color.org) and FORCE_COLOR conventions, then whether it is a terminal.
 */
function terminalFor(values: { color: boolean; 'no-color': boolean }, env: NodeJS.ProcessEnv): Terminal {
  const tty = isTerminal(1);
  const width = tty && process.stdout.columns > 0 ? process.stdout.columns : undefined;
  let color: boolean;
  if (values['no-color']) color = false;
  else if (values.color) color = true;
  else if (env.NO_COLOR) color = false;
  else if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') color = env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  else color = tty && env.TERM !== 'dumb';
  return width === undefined ? { color } : { color, width };
}

/** `--quiet`: the report shows errors only; the exit code and --max-warnings still count everything. */
function errorsOnly(run: LintRun): LintRun {
  const results = run.results.map((r) => {
    const messages = r.messages.filter((m) => m.level === 'error');
    return { ...r, messages, warningCount: 0, infoCount: 0 };
  });
  return { ...run, results };
}

/** A directory named on the command line that holds no manifest at all is most likely a mistake. */
function warnAboutEmptyDirectories(inputs: readonly string[], run: LintRun, cwd: string): void {
  let resultPaths: string[] | undefined;
  for (const input of inputs) {
    if (input === '-') continue;
    const dir = path.resolve(cwd, input);
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
    const inside = `${dir}${path.sep}`;
    resultPaths ??= [...resultPathsOf(run)];
    if (resultPaths.some((p) => p.startsWith(inside))) continue;
    warn(`no .yaml, .yml or .json files in ${input}; nothing there was linted`);
  }
}

/** Rendering: the configuration's `render`, with the flags over it. */
function renderFlags(
  values: { helm?: string | undefined; kustomize?: string | undefined; 'require-render-tools': boolean; 'no-render': boolean },
  configured: RenderSettings | false | undefined,
  cwd: string,
): RenderSettings | false {
  if (values['no-render']) return false;
  if (configured === false && values.helm === undefined && values.kustomize === undefined) return false;
  const base = configured === false ? {} : (configured ?? {});
  const tools = { ...base.tools };
  if (values.helm !== undefined) tools.helm = values.helm.includes('/') ? path.resolve(cwd, values.helm) : values.helm;
  if (values.kustomize !== undefined) tools.kustomize = values.kustomize.includes('/') ? path.resolve(cwd, values.kustomize) : values.kustomize;
  return { ...base, tools, ...(values['require-render-tools'] ? { requireTools: true } : {}) };
}

/**
 * `--base <revision>` without paths: the changed manifests under the context directory (or the
 * current one) that the configuration does not ignore are linted; that directory is the root
 * under which deleted manifests are compared. `compares` is false when there is nothing at all.
 */
async function changedInputs(revision: string, dir: string, config: Config | undefined): Promise<{ inputs: string[]; roots: string[]; compares: boolean }> {
  const change = changedManifests(revision, dir);
  const ignoredBy = await ignoreMatcher({ ignore: config?.ignore, ignoreBase: config?.baseDir });
  const inputs = change.files.filter((file) => ignoredBy?.(file) === undefined);
  return { inputs, roots: [...inputs, dir], compares: inputs.length > 0 || change.deleted };
}

/** Standard input is a pipe or a redirected file, not a terminal and not absent. */
function stdinIsPiped(): boolean {
  try {
    const info = fstatSync(0);
    return info.isFIFO() || info.isFile();
  } catch {
    return false;
  }
}

function warn(line: string): void {
  stderr().write(`stslint: warning: ${line}\n`);
}

async function configFor(explicit: string | undefined, none: boolean, cwd: string): Promise<Config | undefined> {
  if (none) return undefined;
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : findConfigFile(cwd);
  return file === undefined ? undefined : loadConfig(file, cwd);
}

function parsePreset(raw: string | undefined): Preset | undefined {
  if (raw === undefined) return undefined;
  if (!(PRESETS as readonly string[]).includes(raw)) throw new UsageError(`--preset takes ${listOr(PRESETS)}, not \`${raw}\``);
  return raw as Preset;
}

function parseMaxWarnings(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--max-warnings takes a whole number, not \`${raw}\``);
  return Number(raw);
}

function parseSize(raw: string): number {
  const match = /^(\d+)([kKmM]?)$/.exec(raw);
  if (!match) throw new UsageError(`--max-file-size takes a number of bytes with an optional k or M suffix, not \`${raw}\``);
  const unit = match[2]!.toLowerCase();
  return Number(match[1]) * (unit === 'm' ? 1024 * 1024 : unit === 'k' ? 1024 : 1);
}

function parseRuleSettings(specs: readonly string[]): Record<string, RuleSetting> {
  const settings: Record<string, RuleSetting> = {};
  for (const spec of specs) {
    const match = /^([a-z0-9-]+)[=:](\w+)$/.exec(spec);
    const level = match?.[2] === 'warn' ? 'warning' : match?.[2];
    if (!match || !LEVELS.includes(level as RuleSetting)) {
      throw new UsageError(`--rule takes <id>=<${LEVELS.join('|')}>, not \`${spec}\``);
    }
    settings[match[1]!] = level as RuleSetting;
  }
  return settings;
}

/** `helm template … | stslint -`: the findings on standard input moved to the chart's files (render/rendered-sources.ts). */
function placeRenderedStdin(run: LintRun, text: string, cwd: string): LintRun {
  const findings = mapRenderedFindings(run.findings, text, cwd);
  if (!findings) return run;
  const paths = [...new Set([...run.results.map((r) => r.filePath), ...findings.map((f) => f.filePath)])].filter(
    (p) => p !== STDIN_PATH || findings.some((f) => f.filePath === STDIN_PATH),
  );
  return { ...run, findings, results: toLintResults(paths, findings) };
}

function print(text: string): number {
  void writeStdout(`${text}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    if (mayEndAtOnce()) process.exit();
  },
  (error: unknown) => {
    const known = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    stderr().write(`stslint: ${known ? '' : 'internal error: '}${message}\n`);
    if (!known && process.env.STSLINT_DEBUG) stderr().write(`${(error as Error).stack ?? ''}\n`);
    process.exitCode = 2;
  },
);
