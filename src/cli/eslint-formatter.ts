// `--format <module path | package name>`: an ESLint formatter, called as ESLint calls one:
// `formatter(results, { cwd, rulesMeta, maxWarningsExceeded })` with ESLint's LintResult[].
// Named on the command line only: nothing in the configuration file names code to run.
//
// Resolution is ESLint's: a name with a path separator is a module path from the working
// directory; any other name is an installed package, `eslint-formatter-<name>` (or the name
// itself when it already starts so; `@scope/<name>` → `@scope/eslint-formatter-<name>`), found
// from the working directory as `require` finds packages.
//
// Info findings reach such a formatter as warnings (ESLint has severity 1 and 2 only), counted
// in `warningCount`; each message keeps `level: 'info'` for formatters that look.

import { createRequire } from 'node:module';
import path from 'node:path';
import type { LintResult, RulesMeta } from '../engine/report.js';
import { UsageError } from '../shared/usage-error.js';

export type EslintFormatter = (results: readonly EslintLintResult[], context: EslintFormatterContext) => string | Promise<string>;

export interface EslintLintResult extends Omit<LintResult, 'infoCount'> {
  /** Warnings and info findings: every message of severity 1, as ESLint counts. */
  warningCount: number;
}

export interface EslintFormatterContext {
  cwd: string;
  rulesMeta: RulesMeta;
  maxWarningsExceeded?: { maxWarnings: number; foundWarnings: number };
}

/** The package name ESLint would load for `--format name` (naming.normalizePackageName). */
export function formatterPackage(name: string): string {
  if (name.startsWith('@')) {
    const [scope, rest] = name.split('/', 2) as [string, string | undefined];
    if (rest === undefined) return `${scope}/eslint-formatter`;
    return rest.startsWith('eslint-formatter') ? name : `${scope}/eslint-formatter-${rest}`;
  }
  return name.startsWith('eslint-formatter-') ? name : `eslint-formatter-${name}`;
}

function isPath(name: string): boolean {
  return name.includes('/') && !name.startsWith('@') ? true : name.includes('\\') || name.startsWith('.') || path.isAbsolute(name);
}

/** The file a `--format` value names; a usage error when it names nothing that can be loaded. */
export function resolveFormatter(name: string, cwd: string, builtins: readonly string[]): string {
  const require = createRequire(path.join(cwd, 'noop.js'));
  const target = isPath(name) ? path.resolve(cwd, name) : formatterPackage(name);
  try {
    return require.resolve(target);
  } catch {
    const what = isPath(name) ? `no formatter module at ${target}` : `no package \`${target}\` is installed here (npm install --save-dev ${target})`;
    throw new UsageError(`unknown format \`${name}\`: ${what}; the built-in formats are ${builtins.join(', ')}`);
  }
}

/** Loads an ESLint formatter module (CommonJS or ES module) from its resolved file. */
export function loadEslintFormatter(file: string, cwd: string): EslintFormatter {
  let loaded: unknown;
  try {
    // `require`, not import(): the CLI runs from a V8 code cache without a module loader of its
    // own; Node 20.19 and later require ES modules too.
    loaded = createRequire(path.join(cwd, 'noop.js'))(file);
  } catch (error) {
    throw new UsageError(`cannot load the formatter ${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const candidate = typeof loaded === 'function' ? loaded : (loaded as { default?: unknown } | null)?.default;
  if (typeof candidate !== 'function') throw new UsageError(`the formatter ${file} exports no function (ESLint formatters export one)`);
  return candidate as EslintFormatter;
}

/** Our results in ESLint's shape: info findings are warnings there. */
export function toEslintResults(results: readonly LintResult[]): EslintLintResult[] {
  // Copies: formatters may sort or change what they are given (eslint-formatter-pretty sorts in place).
  return results.map(({ infoCount, ...result }) => ({
    ...result,
    messages: result.messages.map((m) => ({ ...m })),
    suppressedMessages: result.suppressedMessages.map((m) => ({ ...m })),
    warningCount: result.warningCount + infoCount,
  }));
}
