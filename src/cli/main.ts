#!/usr/bin/env node
// stslint command line: arguments → lint → formatted report → exit code.
//   0  no errors (and --max-warnings not exceeded)
//   1  errors found, or too many warnings
//   2  usage, configuration or I/O problem (one line on stderr, no stack trace)

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findConfigFile, loadConfig, type Config } from './config.js';
import { lintSelection } from './context.js';
import { UsageError } from '../shared/usage-error.js';
import { FORMAT_NAMES } from '../formatters/index.js';
import { isDns1123Label, isDns1123Subdomain } from '../api/names.js';
import { RULES, type LintOptions, type RuleSetting } from '../engine/lint.js';
import { DEFAULT_PRESET, PRESETS, type Preset } from '../engine/rule.js';
import { listOr } from '../shared/text.js';
import { planOutputs, writeOutputs } from './output.js';
import { totals, type Totals } from '../engine/report.js';
import { packageInfo } from '../shared/package-info.js';
import { NEWEST_KUBERNETES_VERSION } from '../api/version.js';

const HELP = `Usage: stslint [options] <file|directory|glob|->...

Lints Kubernetes StatefulSets and the objects they depend on (headless Services, claims,
storage, pod identity and DNS) across all the manifests given.

Options:
  -f, --format <name>[=<file>]  output format: ${FORMAT_NAMES.join(', ')} (default: pretty);
                             repeatable, e.g. --format github --format sarif=stslint.sarif
  -o, --output-file <file>   write the format to a file; paired in order with the formats
                             given without =<file> (one fewer: the first goes to stdout)
  -n, --namespace <ns>       namespace of objects that set none (default: default)
      --cluster-domain <d>   cluster DNS domain (default: cluster.local)
      --kubernetes-version <x.y>
                             target Kubernetes release, whose API schemas and served API
                             versions manifests are checked against (default: ${NEWEST_KUBERNETES_VERSION})
      --preset <name>        rules on by default: recommended (default) or all, which adds
                             advice such as pdb-missing and anti-affinity-missing
      --rule <id>=<level>    set a rule to error, warning, info or off (repeatable)
      --context <dir>        build the graph from every manifest under <dir> too, but report
                             only on the files named (for pre-commit hooks)
  -c, --config <file>        use this configuration file (default: .stslint.yaml or
                             stslint.config.yaml, searched upward to the repository root)
      --no-config            use no configuration file
      --report-unused-disables  warn about suppressions that suppress nothing
      --watch                lint again on every change (VS Code: problem matcher $stslint-watch)
      --max-warnings <n>     exit 1 when there are more than n warnings
      --stdin-filename <p>   name to report standard input under
      --max-file-size <n>    skip (and report) files larger than n bytes; k/M suffixes (default: 64M)
      --list-rules           print the rules and exit
  -h, --help                 print this help
  -v, --version              print the version

Command-line options win over the configuration file.
Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage, configuration or I/O problem.
Docs: https://github.com/stslint/stslint (docs/integrations.md: pre-commit, GitHub, VS Code)`;

const LEVELS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f', multiple: true, default: [] },
      'output-file': { type: 'string', short: 'o', multiple: true, default: [] },
      namespace: { type: 'string', short: 'n' },
      'cluster-domain': { type: 'string' },
      rule: { type: 'string', multiple: true, default: [] },
      preset: { type: 'string' },
      context: { type: 'string' },
      config: { type: 'string', short: 'c' },
      'no-config': { type: 'boolean', default: false },
      'report-unused-disables': { type: 'boolean', default: false },
      watch: { type: 'boolean', default: false },
      'max-warnings': { type: 'string' },
      'stdin-filename': { type: 'string' },
      'max-file-size': { type: 'string' },
      'kubernetes-version': { type: 'string' },
      'list-rules': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });

  if (values.help) return print(HELP);
  if (values.version) return print(packageInfo().version);
  if (values['list-rules']) {
    return print(RULES.map((r) => `${r.id.padEnd(28)} ${r.meta.severity.padEnd(8)} ${r.meta.preset.padEnd(12)} ${r.meta.description}`).join('\n'));
  }
  if (positionals.length === 0) throw new UsageError('no input given; pass files, directories, globs or `-` (see `stslint --help`)');

  const cwd = process.cwd();
  const outputs = planOutputs(values.format, values['output-file'], cwd);
  if (values.namespace !== undefined && !isDns1123Label(values.namespace)) {
    throw new UsageError(`--namespace \`${values.namespace}\` is not a valid namespace name`);
  }
  if (values['cluster-domain'] !== undefined && !isDns1123Subdomain(values['cluster-domain'])) {
    throw new UsageError(`--cluster-domain \`${values['cluster-domain']}\` is not a valid DNS domain`);
  }
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config contradict each other; give one');
  const maxWarnings = parseMaxWarnings(values['max-warnings']);
  const ruleFlags = parseRuleSettings(values.rule);
  const presetFlag = parsePreset(values.preset);
  // A notice about the target release is said once, not on every --watch run.
  let noticesShown = false;
  const maxFileSize = values['max-file-size'] === undefined ? undefined : parseSize(values['max-file-size']);
  const stdinText = positionals.includes('-') && !values.watch ? readFileSync(0, 'utf8') : undefined;

  // One run: configuration (read again each time under --watch), lint, reports.
  const lintOnce = async (): Promise<Totals> => {
    const config = await configFor(values.config, values['no-config'], cwd);
    // Configuration first, flags over it. `kubernetesVersion` goes through to LintOptions as is.
    const options: LintOptions & { cwd: string } = {
      cwd,
      namespace: values.namespace ?? config?.namespace,
      clusterDomain: values['cluster-domain'] ?? config?.clusterDomain,
      rules: { ...config?.rules, ...ruleFlags },
      preset: presetFlag ?? config?.preset ?? DEFAULT_PRESET,
      reportUnusedDisables: values['report-unused-disables'] || (config?.reportUnusedDisables ?? false),
    };
    const kubernetesVersion = values['kubernetes-version'] ?? config?.kubernetesVersion;
    if (kubernetesVersion !== undefined) options.kubernetesVersion = kubernetesVersion;
    if (maxFileSize !== undefined) options.maxFileSize = maxFileSize;
    if (values['stdin-filename'] !== undefined) options.stdinFilename = values['stdin-filename'];
    if (stdinText !== undefined) options.stdinText = stdinText;
    const run = await lintSelection(positionals, options, {
      context: values.context !== undefined ? path.resolve(cwd, values.context) : config?.context,
      ignore: config?.ignore,
      ignoreBase: config?.baseDir,
    });
    if (!noticesShown) for (const notice of run.notices) process.stderr.write(`stslint: ${notice}\n`);
    noticesShown = true;
    await writeOutputs(outputs, run, cwd);
    return totals(run.results);
  };

  if (values.watch) {
    const { watchAndLint, watchTargets } = await import('./watch.js');
    const config = await configFor(values.config, values['no-config'], cwd).catch(() => undefined);
    const configFile = values['no-config'] ? undefined : values.config ? path.resolve(cwd, values.config) : findConfigFile(cwd);
    const context = values.context !== undefined ? path.resolve(cwd, values.context) : config?.context;
    return watchAndLint(watchTargets(positionals, cwd, [context, configFile]), lintOnce);
  }

  const { errors, warnings } = await lintOnce();
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    process.stderr.write(`stslint: ${warnings} warnings exceed --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

async function configFor(explicit: string | undefined, none: boolean, cwd: string): Promise<Config | undefined> {
  if (none) return undefined;
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : findConfigFile(cwd);
  return file === undefined ? undefined : loadConfig(file, cwd);
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

function parsePreset(raw: string | undefined): Preset | undefined {
  if (raw === undefined) return undefined;
  if (!(PRESETS as readonly string[]).includes(raw)) throw new UsageError(`--preset takes ${listOr(PRESETS)}, not \`${raw}\``);
  return raw as Preset;
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

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`stslint: ${known ? '' : 'internal error: '}${message}\n`);
    if (!known && process.env.STSLINT_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    process.exitCode = 2;
  },
);
