// `helm template` for one chart: the command line (release, namespace, values, --set, the target
// release's --kube-version and --api-versions), and where a failure's message points.
// Never `helm dependency build` or `--dependency-update`: a chart renders from what is on disk.

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fastParse } from '../yaml/fast-parse.js';
import type { KubernetesVersion } from '../api/version.js';
import { servedApiVersions } from '../schema/served.js';

/** How one chart is rendered (`render.charts.<path>` in the configuration). */
export interface ChartSettings {
  releaseName?: string;
  namespace?: string;
  /** Values files, absolute, in order (after the chart's own values.yaml). */
  values?: string[];
  /** `--set` values: key → value. */
  set?: Record<string, string | number | boolean>;
  /** Also render each `ci/*-values.yaml` of the chart, as chart-testing does. */
  ciValues?: boolean;
}

/**
 * The release name of a chart that configures none: its folder's name, as a release name
 * (helm's own default, `release-name`, would give every chart of a repository the same
 * `app.kubernetes.io/instance` label, and their selectors would seem to select each other's pods).
 */
export function defaultReleaseName(root: string): string {
  const name = path
    .basename(root)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 53)
    .replace(/^-+|-+$/g, '');
  return name || 'release-name';
}

export function helmArgs(root: string, settings: ChartSettings, namespace: string, target: KubernetesVersion, extraValues?: string): string[] {
  const args = ['template', settings.releaseName ?? defaultReleaseName(root), root, '--namespace', namespace];
  args.push('--kube-version', `${target.major}.${target.minor}.${target.patch ?? 0}`);
  for (const apiVersion of servedApiVersions(target)) args.push('--api-versions', apiVersion);
  for (const file of settings.values ?? []) args.push('--values', file);
  if (extraValues) args.push('--values', extraValues);
  for (const [key, value] of Object.entries(settings.set ?? {})) args.push('--set', `${key}=${String(value)}`);
  return args;
}

/** The chart's `ci/*-values.yaml` files (chart-testing's convention), sorted. */
export function ciValuesFiles(root: string): string[] {
  let names: string[];
  try {
    names = readdirSync(path.join(root, 'ci'));
  } catch {
    return [];
  }
  return names
    .filter((n) => /-values\.ya?ml$/.test(n))
    .sort()
    .map((n) => path.join(root, 'ci', n));
}

/** The chart's `name` (what `# Source:` lines and helm's messages start with), or the folder name. */
export function chartName(root: string): string {
  try {
    const text = readFileSync(path.join(root, 'Chart.yaml'), 'utf8').replace(/^\uFEFF/, '');
    // The fast reader where it is sure (as discovery reads kustomizations): a run whose renders are all cached never loads `yaml`'s parser.
    const fast = fastParse(text);
    const data = (fast?.length === 1 ? fast[0] : parse(text)) as { name?: unknown } | null;
    if (typeof data?.name === 'string' && data.name !== '') return data.name;
  } catch {
    // helm reports a broken Chart.yaml itself
  }
  return path.basename(root);
}

/** A chart-relative `name/templates/x.yaml` (as in `# Source:` and error messages) → the file under the chart root. */
export function chartFile(root: string, name: string, source: string): string | undefined {
  const prefix = `${name}/`;
  if (!source.startsWith(prefix)) return undefined;
  return path.join(root, ...source.slice(prefix.length).split('/'));
}

/** Where helm's error message points: `name/templates/x.yaml:6:15`, or `parse error on name/templates/x.yaml: … line 5`. */
export function helmErrorPosition(root: string, name: string, message: string): { file: string; line: number; column: number } | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const at = new RegExp(`(${escaped}/[^\\s:"]+):(\\d+)(?::(\\d+))?`).exec(message);
  if (at) {
    const file = chartFile(root, name, at[1]!);
    if (file) return { file, line: Number(at[2]), column: Number(at[3] ?? 1) };
  }
  const parseError = new RegExp(`parse error on (${escaped}/\\S+?):.*?line (\\d+)`).exec(message);
  if (parseError) {
    const file = chartFile(root, name, parseError[1]!);
    if (file) return { file, line: Number(parseError[2]), column: 1 };
  }
  const inFile = new RegExp(`(${escaped}/[^\\s:"]+\\.(?:ya?ml|tpl|txt|json))`).exec(message);
  if (inFile) {
    const file = chartFile(root, name, inFile[1]!);
    if (file) return { file, line: 1, column: 1 };
  }
  // `found in Chart.yaml, but missing in charts/ directory: common, mariadb`: the first dependency named.
  const missing = /missing in charts\/ directory: ([^\s,]+)/.exec(message);
  if (missing) {
    const line = dependencyLine(path.join(root, 'Chart.yaml'), missing[1]!);
    if (line !== undefined) return { file: path.join(root, 'Chart.yaml'), line, column: 1 };
  }
  return undefined;
}

/** The line of `name: <dependency>` in Chart.yaml (under `dependencies:`), if there is one. */
function dependencyLine(chartYaml: string, dependency: string): number | undefined {
  let lines: string[];
  try {
    lines = readFileSync(chartYaml, 'utf8').split(/\r?\n/);
  } catch {
    return undefined;
  }
  const start = lines.findIndex((l) => l.startsWith('dependencies:'));
  if (start < 0) return undefined;
  const escaped = dependency.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const entry = new RegExp(`^\\s*(?:-\\s+)?name:\\s*["']?${escaped}["']?\\s*(?:#.*)?$`);
  for (let i = start + 1; i < lines.length && !/^[^\s#-]/.test(lines[i]!); i++) if (entry.test(lines[i]!)) return i + 1;
  return start + 1;
}
