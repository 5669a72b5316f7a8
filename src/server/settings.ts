// Editor settings (`stslint.*` in VS Code; `initializationOptions` or the `stslint` section of
// `workspace/configuration` for any client), and how they combine with the configuration file:
// like command-line flags, a setting that is given wins, and rule settings are merged per rule.

import type { Config } from '../project/config.js';
import { enabledRules, type LintOptions, type RuleSetting } from '../engine/lint.js';
import { PRESETS, type Preset } from '../engine/rule.js';
import { isDns1123Label, isDns1123Subdomain } from '../api/names.js';
import { parseKubernetesVersion } from '../api/version.js';

export interface EditorSettings {
  /** false: no diagnostics at all. */
  enable: boolean;
  kubernetesVersion?: string;
  /** Which rules are on by default: `recommended` or `all`. */
  preset?: Preset;
  namespace?: string;
  clusterDomain?: string;
  rules: Readonly<Record<string, RuleSetting>>;
  reportUnusedDisables?: boolean;
  /**
   * Share the CLI's cache (`stslint --cache`): files whose text it holds are not parsed again,
   * and what is parsed from disk is stored in it (src/server/shared-cache.ts). Off by default.
   */
  cache?: boolean;
  /** As `--cache-location`, relative to the workspace folder: the cache file, or a directory for `.stslintcache` in it. */
  cacheLocation?: string;
}

export const DEFAULT_SETTINGS: EditorSettings = { enable: true, rules: {} };

const LEVELS: readonly string[] = ['error', 'warning', 'info', 'off'];

/**
 * Reads settings as a client sends them. A setting that is not valid is left out and described
 * in `problems` (shown to the user once), so one typo never stops the linting.
 */
export function parseSettings(raw: unknown): { settings: EditorSettings; problems: string[] } {
  const problems: string[] = [];
  const input = isObject(raw) ? raw : {};
  const settings: EditorSettings = { enable: input.enable !== false, rules: {} };

  const text = (key: string, valid: (value: string) => boolean, expected: string): string | undefined => {
    const value = input[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'string' && valid(value)) return value;
    problems.push(`stslint.${key} is ${JSON.stringify(value)}, which is not ${expected}; it is ignored.`);
    return undefined;
  };
  const version = text('kubernetesVersion', (v) => parseKubernetesVersion(v) !== undefined, 'a Kubernetes release such as "1.30"');
  if (version !== undefined) settings.kubernetesVersion = version;
  const preset = text('preset', (v) => (PRESETS as readonly string[]).includes(v), `one of ${PRESETS.join(', ')}`);
  if (preset !== undefined) settings.preset = preset as Preset;
  const namespace = text('namespace', isDns1123Label, 'a valid namespace name');
  if (namespace !== undefined) settings.namespace = namespace;
  const domain = text('clusterDomain', isDns1123Subdomain, 'a valid DNS domain');
  if (domain !== undefined) settings.clusterDomain = domain;
  if (typeof input.reportUnusedDisables === 'boolean') settings.reportUnusedDisables = input.reportUnusedDisables;
  if (input.cache !== undefined && input.cache !== null) {
    // false, the default, is no cache: left unset, as in DEFAULT_SETTINGS.
    if (input.cache === true) settings.cache = true;
    else if (input.cache !== false) problems.push(`stslint.cache is ${JSON.stringify(input.cache)}, which is not true or false; it is ignored.`);
  }
  const cacheLocation = text('cacheLocation', () => true, 'a path');
  if (cacheLocation !== undefined) settings.cacheLocation = cacheLocation;

  const rules: Record<string, RuleSetting> = {};
  for (const [id, value] of Object.entries(isObject(input.rules) ? input.rules : {})) {
    const level = value === 'warn' ? 'warning' : value;
    if (typeof level !== 'string' || !LEVELS.includes(level)) {
      problems.push(`stslint.rules: \`${id}\` is set to ${JSON.stringify(value)}; use ${LEVELS.join(', ')}. It is ignored.`);
      continue;
    }
    try {
      enabledRules({ [id]: level as RuleSetting });
    } catch (error) {
      problems.push(`stslint.rules: ${(error as Error).message}; it is ignored.`);
      continue;
    }
    rules[id] = level as RuleSetting;
  }
  settings.rules = rules;
  return { settings, problems };
}

/** The lint options of a project: its configuration file, with the editor settings over it. */
export function lintOptionsFor(config: Config | undefined, settings: EditorSettings): LintOptions {
  const options: LintOptions = {
    rules: { ...config?.rules, ...settings.rules },
    reportUnusedDisables: settings.reportUnusedDisables ?? config?.reportUnusedDisables ?? false,
  };
  const preset = settings.preset ?? config?.preset;
  if (preset !== undefined) options.preset = preset;
  const namespace = settings.namespace ?? config?.namespace;
  if (namespace !== undefined) options.namespace = namespace;
  const clusterDomain = settings.clusterDomain ?? config?.clusterDomain;
  if (clusterDomain !== undefined) options.clusterDomain = clusterDomain;
  const kubernetesVersion = settings.kubernetesVersion ?? config?.kubernetesVersion;
  if (kubernetesVersion !== undefined) options.kubernetesVersion = kubernetesVersion;
  return options;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
