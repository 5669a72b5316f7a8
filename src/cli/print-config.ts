// `stslint --print-config <file>`: the settings that apply when <file> is linted from here, as
// JSON (as ESLint prints its calculated configuration): which configuration file, whether the
// file is ignored (and by which pattern), and every setting with its effective value.

import path from 'node:path';
import type { RuleSetting } from '../engine/lint.js';
import type { Preset } from '../engine/rule.js';
import type { Config } from '../project/config.js';
import { ignoreMatcher } from '../project/context.js';
import { listedRules } from './list-rules.js';

export interface Effective {
  namespace: string;
  clusterDomain: string;
  kubernetesVersion: string;
  context?: string;
  reportUnusedDisables: boolean;
  preset: Preset;
  rules: Readonly<Record<string, RuleSetting>>;
}

export async function printConfig(file: string, cwd: string, config: Config | undefined, effective: Effective): Promise<string> {
  const absolute = path.resolve(cwd, file);
  const ignoredBy = config?.ignore ? await ignoreMatcher({ ignore: config.ignore, ignoreBase: config.baseDir }) : undefined;
  const pattern = ignoredBy?.(absolute);
  const rules = Object.fromEntries(listedRules(effective.rules, effective.preset).map((r) => [r.id, r.level]));
  const out = {
    file: absolute,
    configFile: config?.file ?? null,
    ignored: pattern !== undefined,
    ...(pattern !== undefined ? { ignoredBy: pattern } : {}),
    namespace: effective.namespace,
    clusterDomain: effective.clusterDomain,
    kubernetesVersion: effective.kubernetesVersion,
    context: effective.context ?? null,
    reportUnusedDisables: effective.reportUnusedDisables,
    preset: effective.preset,
    ignore: config?.ignore ?? [],
    rules,
  };
  return JSON.stringify(out, null, 2);
}
