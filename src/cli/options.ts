// The command line's options: one table from which both the parser (node:util parseArgs) and
// `--help` are made, so a new flag is one row here and `--help` stays aligned.
//
// Each row is a parseArgs option (`type`, `short`, `multiple`, `default`) plus what `--help`
// shows: `arg` (the value's placeholder) and `help` (one string per line). The table is
// `as const` so that parseArgs types every value.

import { parseArgs } from 'node:util';
import { FORMAT_NAMES } from '../formatters/index.js';
import { NEWEST_KUBERNETES_VERSION } from '../api/version.js';
import { UsageError } from '../shared/usage-error.js';
import { nearMisses } from '../shared/text.js';

export const OPTIONS = {
  format: {
    type: 'string',
    short: 'f',
    multiple: true,
    default: [],
    arg: '<name>[=<file>]',
    help: [`output format: ${FORMAT_NAMES.join(', ')}`, '(default: pretty); repeatable: -f github -f sarif=x.sarif'],
  },
  'output-file': {
    type: 'string',
    short: 'o',
    multiple: true,
    default: [],
    arg: '<file>',
    help: ['write the format to this file (a file, not a format: see -f);', 'paired in order with the formats given without =<file>'],
  },
  quiet: { type: 'boolean', default: false, help: ['report errors only (warnings still count for --max-warnings)'] },
  'max-warnings': { type: 'string', arg: '<n>', help: ['exit 1 when there are more than n warnings'] },
  namespace: { type: 'string', short: 'n', arg: '<ns>', help: ['namespace of objects that set none (default: default)'] },
  'cluster-domain': { type: 'string', arg: '<domain>', help: ['cluster DNS domain (default: cluster.local)'] },
  'kubernetes-version': {
    type: 'string',
    arg: '<x.y>',
    help: ['target Kubernetes release: its API schemas and served API versions', `(default: ${NEWEST_KUBERNETES_VERSION})`],
  },
  preset: {
    type: 'string',
    arg: '<name>',
    help: ['rules on by default: recommended (default) or all, which adds', 'advice such as pdb-missing and anti-affinity-missing'],
  },
  rule: { type: 'string', multiple: true, default: [], arg: '<id>=<level>', help: ['set a rule to error, warning, info or off (repeatable)'] },
  base: {
    type: 'string',
    arg: '<rev>',
    help: [
      'also check the change since git revision <rev> (e.g. HEAD):',
      'updates the API server rejects, claims orphaned or deleted, pods',
      'that keep an old template; --format plan shows what it does.',
      'Without paths: the manifests changed since <rev> under --context',
      '(or here), deleted ones included',
    ],
  },
  'base-path': {
    type: 'string',
    arg: '<path>',
    help: ["the same against manifests given as files (a previous release's", 'rendered chart, or `kubectl get statefulset,service,pvc -o yaml`)'],
  },
  context: {
    type: 'string',
    arg: '<dir>',
    help: ['build the graph from every manifest under <dir> too; report on', 'the files named, and on what they cause in other files'],
  },
  helm: { type: 'string', arg: '<path>', help: ['helm for rendering charts (default: helm on PATH)'] },
  kustomize: { type: 'string', arg: '<path>', help: ['kustomize for rendering kustomizations (default: kustomize on', 'PATH, else `kubectl kustomize`)'] },
  'require-render-tools': {
    type: 'boolean',
    default: false,
    help: ['a chart or kustomization left unrendered for want of helm or', 'kustomize is an error (for CI), not a notice'],
  },
  'no-render': { type: 'boolean', default: false, help: ['do not render charts and kustomizations: lint their files', 'as they are'] },
  cache: { type: 'boolean', default: false, help: ['reuse what was read from files unchanged since the last run'] },
  'cache-location': { type: 'string', arg: '<path>', help: ['cache file, or directory for .stslintcache (default: .)'] },
  config: {
    type: 'string',
    short: 'c',
    arg: '<file>',
    help: ['configuration file (default: .stslint.yaml or stslint.config.yaml,', 'searched upward to the repository root)'],
  },
  'no-config': { type: 'boolean', default: false, help: ['use no configuration file'] },
  fix: {
    type: 'boolean',
    default: false,
    help: ['apply the fixes in place (comments and layout kept) and report', 'what remains; with standard input, print the fixed text'],
  },
  'fix-dry-run': { type: 'boolean', default: false, help: ['compute the fixes without writing: the fixed text is the', '`output` of each result (-f json)'] },
  'report-unused-disables': { type: 'boolean', default: false, help: ['warn about suppressions that suppress nothing'] },
  'stdin-filename': { type: 'string', arg: '<path>', help: ['name to report standard input under'] },
  'max-file-size': { type: 'string', arg: '<n>', help: ['skip (and report) files over n bytes; k/M suffixes (default: 64M)'] },
  watch: { type: 'boolean', default: false, help: ['lint again on every change (VS Code matcher: $stslint-watch)'] },
  color: { type: 'boolean', default: false, help: ['colour the pretty format even when not on a terminal'] },
  'no-color': { type: 'boolean', default: false, help: ['never colour (also: the NO_COLOR environment variable)'] },
  'list-rules': { type: 'boolean', default: false, help: ['print the rules with their levels (after configuration) and exit;', '-f json for JSON'] },
  'print-config': { type: 'string', arg: '<file>', help: ['print the settings that apply to <file> as JSON and exit'] },
  init: { type: 'boolean', default: false, help: ['write a commented .stslint.yaml here and exit'] },
  help: { type: 'boolean', short: 'h', default: false, help: ['print this help'] },
  version: { type: 'boolean', short: 'v', default: false, help: ['print the version'] },
} as const satisfies Record<string, OptionRow>;

interface OptionRow {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string[] | boolean;
  arg?: string;
  help: readonly string[];
}

export type Options = ReturnType<typeof parseOptions>['values'];

/** Parses the arguments; a mistake is a UsageError that names the option and the likely fix. */
export function parseOptions(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError(explainParseError(error));
  }
}

function explainParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? message;
    const names = Object.keys(OPTIONS).map((name) => `--${name}`);
    const near = option.startsWith('--') ? nearMisses(option.split('=')[0]!, names, 2) : [];
    const hint = near.length > 0 ? `; did you mean ${near.join(' or ')}?` : '';
    const positional = hint ? '' : `; a file whose name starts with \`-\` goes after \`--\``;
    return `unknown option ${option}${hint} (see \`stslint --help\`${positional})`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? '';
    const name = /--[a-z-]+/.exec(option)?.[0] ?? option;
    if (message.includes('argument missing')) return `${name} needs a value (see \`stslint --help\`)`;
    if (message.includes('does not take an argument')) return `${name} takes no value (see \`stslint --help\`)`;
  }
  return `${message} (see \`stslint --help\`)`;
}

const HELP_INDENT = 2;
/** Descriptions start in this column; a longer option gets its description on the next line. */
const HELP_COLUMN = 34;

export function helpText(): string {
  const rows = Object.entries(OPTIONS as Record<string, OptionRow>).map(([name, row]) => {
    const flag = `${row.short ? `-${row.short}, ` : '    '}--${name}${row.arg ? ` ${row.arg}` : ''}`;
    const left = `${' '.repeat(HELP_INDENT)}${flag}`;
    const [first = '', ...rest] = row.help;
    const continuation = rest.map((line) => `${' '.repeat(HELP_COLUMN)}${line}`);
    if (left.length + 2 > HELP_COLUMN) return [left, `${' '.repeat(HELP_COLUMN)}${first}`, ...continuation].join('\n');
    return [`${left.padEnd(HELP_COLUMN)}${first}`, ...continuation].join('\n');
  });
  return [
    'Usage: stslint [options] <file|directory|glob|->...',
    '',
    'Lints Kubernetes StatefulSets and the objects they depend on (headless Services, claims,',
    'storage, pod identity and DNS) across all the manifests given. With no inputs, reads',
    'standard input when it is a pipe or a file (as `-` does).',
    '',
    'Options:',
    ...rows,
    '',
    'Command-line options win over the configuration file.',
    'Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage, configuration or I/O problem.',
    'Docs: https://github.com/stslint/stslint (docs/integrations.md: pre-commit, GitHub, VS Code)',
  ].join('\n');
}
