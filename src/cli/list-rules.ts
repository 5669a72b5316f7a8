// `stslint --list-rules`: every rule and every built-in finding, with the level each has in
// this run (preset, configuration file and `--rule` applied), as text or (`-f json`) as JSON.

import { BUILTIN_RULES_META, CONFIGURABLE_BUILTINS, RULES, type RuleSetting } from '../engine/lint.js';
import { inPreset, type Preset } from '../engine/rule.js';

export interface ListedRule {
  id: string;
  /** The level the rule has without configuration. */
  defaultLevel: RuleSetting;
  /** The level in this run: preset, configuration and `--rule` applied. */
  level: RuleSetting;
  /** The smallest preset that turns the rule on; built-ins are always on. */
  preset?: Preset;
  /** `rule`: a rule module; `built-in`: findings of the parser or the engine (`manifest-invalid`, …). */
  kind: 'rule' | 'built-in';
  /** Whether `rules:` and `--rule` may change the level. */
  configurable: boolean;
  description: string;
  url: string;
}

export function listedRules(settings: Readonly<Record<string, RuleSetting>>, preset: Preset): ListedRule[] {
  const rules = RULES.map((r): ListedRule => ({
    id: r.id,
    defaultLevel: r.meta.severity,
    level: settings[r.id] ?? (inPreset(r.meta.preset, preset) ? r.meta.severity : 'off'),
    preset: r.meta.preset,
    kind: 'rule',
    configurable: true,
    description: r.meta.description,
    url: r.docsUrl,
  }));
  const builtins = Object.entries(BUILTIN_RULES_META).map(([id, meta]): ListedRule => {
    const configurable = CONFIGURABLE_BUILTINS.has(id);
    return {
      id,
      defaultLevel: meta.defaultSeverity,
      level: (configurable ? settings[id] : undefined) ?? meta.defaultSeverity,
      kind: 'built-in',
      configurable,
      description: meta.docs.description,
      url: meta.docs.url,
    };
  });
  return [...rules, ...builtins];
}

export function listRulesText(rules: readonly ListedRule[], json: boolean): string {
  if (json) return JSON.stringify(rules, null, 2);
  const width = Math.max(...rules.map((r) => r.id.length));
  const levels = rules.map((r) => (r.level === r.defaultLevel ? r.level : `${r.level} (default ${r.defaultLevel})`));
  const levelWidth = Math.max(...levels.map((l) => l.length));
  return rules
    .map((r, i) => {
      const where = r.kind === 'built-in' ? ` (built in${r.configurable ? '' : ', always on'})` : ` (preset: ${r.preset})`;
      return `${r.id.padEnd(width)}  ${levels[i]!.padEnd(levelWidth)}  ${r.description}${where}`;
    })
    .join('\n');
}
