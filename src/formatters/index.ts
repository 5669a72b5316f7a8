// Output formats, each loaded only when asked for (start-up time is a feature).

import type { Formatter } from './formatter.js';

export type { FormatContext, Formatter } from './formatter.js';

const FORMATTERS: Record<string, () => Promise<{ default: Formatter }>> = {
  pretty: () => import('./pretty.js'),
  json: () => import('./json.js'),
  compact: () => import('./compact.js'),
  sarif: () => import('./sarif.js'),
  github: () => import('./github.js'),
  junit: () => import('./junit.js'),
  plan: () => import('./plan.js'),
};

export const FORMAT_NAMES = Object.keys(FORMATTERS);

/**
 * The built-in formats that print neither fixes, suggestions nor fixable counts: a run with only
 * these does not make them (LintOptions.fixes). json, sarif and ESLint formatters read them.
 */
export const FORMATS_WITHOUT_FIXES: ReadonlySet<string> = new Set(['pretty', 'compact', 'github', 'junit', 'plan']);

export async function loadFormatter(name: string): Promise<Formatter | undefined> {
  const load = Object.hasOwn(FORMATTERS, name) ? FORMATTERS[name] : undefined;
  return load ? (await load()).default : undefined;
}
