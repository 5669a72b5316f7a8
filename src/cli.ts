#!/usr/bin/env node
// stslint command line: arguments → lint → formatted report → exit code.
//   0  no errors (and --max-warnings not exceeded)
//   1  errors found, or too many warnings
//   2  usage or I/O problem (one line on stderr, no stack trace)

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from './files.js';
import { FORMAT_NAMES, loadFormatter } from './formatters/index.js';
import { isDns1123Label, isDns1123Subdomain } from './names.js';
import { lintFiles, RULES, type LintOptions, type RuleSetting } from './lint.js';
import { totals } from './report.js';
import { NEWEST_KUBERNETES_VERSION } from './version.js';

const HELP = `Usage: stslint [options] <file|directory|glob|->...

Lints Kubernetes StatefulSets and the objects they depend on (headless Services, claims,
storage, pod identity and DNS) across all the manifests given.

Options:
  -f, --format <name>        output format: ${FORMAT_NAMES.join(', ')} (default: pretty)
  -n, --namespace <ns>       namespace of objects that set none (default: default)
      --cluster-domain <d>   cluster DNS domain (default: cluster.local)
      --kubernetes-version <x.y>
                             target Kubernetes release, whose API schemas and served API
                             versions manifests are checked against (default: ${NEWEST_KUBERNETES_VERSION})
      --rule <id>=<level>    set a rule to error, warning, info or off (repeatable)
      --max-warnings <n>     exit 1 when there are more than n warnings
      --stdin-filename <p>   name to report standard input under
      --max-file-size <n>    skip (and report) files larger than n bytes; k/M suffixes (default: 64M)
      --list-rules           print the rules and exit
  -h, --help                 print this help
  -v, --version              print the version

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage or I/O problem.
Docs: https://github.com/stslint/stslint`;

const LEVELS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f', default: 'pretty' },
      namespace: { type: 'string', short: 'n', default: 'default' },
      'cluster-domain': { type: 'string', default: 'cluster.local' },
      'kubernetes-version': { type: 'string' },
      rule: { type: 'string', multiple: true, default: [] },
      'max-warnings': { type: 'string' },
      'stdin-filename': { type: 'string' },
      'max-file-size': { type: 'string' },
      'list-rules': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });

  if (values.help) return print(HELP);
  if (values.version) return print(readVersion());
  if (values['list-rules']) {
    return print(RULES.map((r) => `${r.id.padEnd(28)} ${r.meta.severity.padEnd(8)} ${r.meta.description}`).join('\n'));
  }
  if (positionals.length === 0) throw new UsageError('no input given; pass files, directories, globs or `-` (see `stslint --help`)');

  const formatter = await loadFormatter(values.format);
  if (!formatter) throw new UsageError(`unknown format \`${values.format}\`; use one of ${FORMAT_NAMES.join(', ')}`);
  if (!isDns1123Label(values.namespace)) throw new UsageError(`--namespace \`${values.namespace}\` is not a valid namespace name`);
  if (!isDns1123Subdomain(values['cluster-domain'])) {
    throw new UsageError(`--cluster-domain \`${values['cluster-domain']}\` is not a valid DNS domain`);
  }
  const maxWarnings = parseMaxWarnings(values['max-warnings']);

  const options: LintOptions = {
    namespace: values.namespace,
    clusterDomain: values['cluster-domain'],
    rules: parseRuleSettings(values.rule),
  };
  if (values['kubernetes-version'] !== undefined) options.kubernetesVersion = values['kubernetes-version'];
  if (values['stdin-filename'] !== undefined) options.stdinFilename = values['stdin-filename'];
  if (values['max-file-size'] !== undefined) options.maxFileSize = parseSize(values['max-file-size']);
  if (positionals.includes('-')) options.stdinText = readFileSync(0, 'utf8');

  const cwd = process.cwd();
  const run = await lintFiles(positionals, { ...options, cwd });
  const output = await formatter(run.results, { cwd, rulesMeta: run.rulesMeta, stats: run.stats, color: !!process.stdout.isTTY });
  await write(output);

  const { errors, warnings } = totals(run.results);
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    process.stderr.write(`stslint: ${warnings} warnings exceed --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
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

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function print(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === '') resolve();
    else process.stdout.write(text, () => resolve());
  });
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
