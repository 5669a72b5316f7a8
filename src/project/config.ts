// `.stslint.yaml` / `stslint.config.yaml`: found from the working directory upward (up to the
// repository root; outside a repository, in the working directory only), validated against
// schemas/config.schema.json. YAML only: no configuration format that runs code. A bad file is
// one line with file:line:column, exit code 2.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';
import { UsageError } from '../shared/usage-error.js';
import type { Path } from '../shared/finding.js';
import type { RuleSetting } from '../engine/lint.js';
import type { Preset } from '../engine/rule.js';
import { locate, type Anchor } from '../yaml/locate.js';
import { listOr, nearMisses } from '../shared/text.js';
import { relativePath } from '../shared/paths.js';
import { createSourceFile, locationOf } from '../yaml/source.js';
import { getIn, shownValue } from '../shared/value.js';
import type { ChartSettings } from '../render/helm.js';
import type { RenderSettings } from '../render/render.js';

/** Looked for in this order in each directory. */
export const CONFIG_FILE_NAMES = ['.stslint.yaml', '.stslint.yml', 'stslint.config.yaml'] as const;

/** The file as written (see schemas/config.schema.json). */
export interface ConfigFile {
  rules?: Record<string, RuleSetting>;
  preset?: Preset;
  ignore?: string[];
  namespace?: string;
  clusterDomain?: string;
  kubernetesVersion?: string;
  context?: string;
  reportUnusedDisables?: boolean;
  render?: RenderConfig;
}

/** `render` as written: paths relative to the configuration file. */
export interface RenderConfig {
  enabled?: boolean;
  helm?: string;
  kustomize?: string;
  kubectl?: string;
  requireTools?: boolean;
  timeout?: number;
  charts?: Record<string, ChartSettings>;
}

export interface Config extends Omit<ConfigFile, 'context' | 'render'> {
  /** Absolute path of the file. */
  file: string;
  /** Directory the file's relative paths and ignore patterns start from. */
  baseDir: string;
  /** Absolute. */
  context?: string;
  /** With absolute paths (tools given by name stay names, looked up on PATH); `false` when `enabled: false`. */
  render?: RenderSettings | false;
}

/** What marks the top of a repository (git, Mercurial, Subversion, Jujutsu). */
const REPOSITORY_MARKERS = ['.git', '.hg', '.svn', '.jj'];

/**
 * The configuration file that applies in `cwd`, or undefined: the nearest one from `cwd` up to
 * the repository root. Outside any repository only `cwd` itself is searched, so a stray file in
 * a parent directory (a home directory, /tmp) never configures an unrelated run.
 */
export function findConfigFile(cwd: string): string | undefined {
  const start = path.resolve(cwd);
  const top = repositoryTop(start) ?? start;
  for (let dir = start; ; dir = path.dirname(dir)) {
    const found = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).filter((file) => existsSync(file));
    if (found.length > 1) {
      throw new UsageError(`${listOr(found.map((f) => relativePath(f, cwd)))}: more than one configuration file in one directory; keep one`, {
        file: found[1]!,
        line: 1,
        column: 1,
      });
    }
    if (found[0]) return found[0];
    if (dir === top || path.dirname(dir) === dir) return undefined;
  }
}

function repositoryTop(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (REPOSITORY_MARKERS.some((marker) => existsSync(path.join(dir, marker)))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export async function loadConfig(file: string, cwd: string): Promise<Config> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read configuration file ${relativePath(file, cwd)} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      file,
      line: 1,
      column: 1,
    });
  }
  return parseConfig(file, text, cwd);
}

/** The configuration in `text`, as if read from `file` (paths resolve from its folder): also a revision's version of it (`--base`). */
export async function parseConfig(file: string, text: string, cwd: string): Promise<Config> {
  const source = createSourceFile(file, text);
  // YAML 1.2, unlike manifests: in YAML 1.1 `off` would be the boolean false.
  const doc = parseDocument(source.text, { prettyErrors: false, uniqueKeys: true, version: '1.2' });
  const where = (loc: { line: number; column: number }) => `${relativePath(file, cwd)}:${loc.line}:${loc.column}`;
  const syntax = doc.errors[0];
  if (syntax) {
    const loc = locationOf(source, syntax.pos[0], syntax.pos[1]);
    throw new UsageError(`${where(loc)}: ${syntax.message} (invalid YAML in the configuration file)`, { file, ...loc });
  }
  const data: unknown = doc.toJS() ?? {};
  // Compiled from schemas/config.schema.json at build time (scripts/build-config-validator.mjs):
  // loading and compiling with ajv here would cost ~70 ms per run.
  const { default: validate } = await import('./config-validator.js');
  if (!validate(data)) {
    const error = validate.errors![0]!;
    const { at, on, message } = explain(error, data);
    const loc = locate({ file: source, doc, basePath: [] }, at, on);
    throw new UsageError(`${where(loc)}: ${message}`, { file, line: loc.line, column: loc.column });
  }
  const config = data as ConfigFile;
  const baseDir = path.dirname(file);
  const { context, render, ...rest } = config;
  return {
    ...rest,
    file,
    baseDir,
    ...(context !== undefined ? { context: path.resolve(baseDir, context) } : {}),
    ...(render !== undefined ? { render: renderSettings(render, baseDir) } : {}),
  };
}

/** `render` with its paths resolved from the configuration file's folder. */
function renderSettings(render: RenderConfig, baseDir: string): RenderSettings | false {
  if (render.enabled === false) return false;
  const tool = (value: string | undefined) => (value === undefined ? undefined : value.includes('/') ? path.resolve(baseDir, value) : value);
  const tools = { helm: tool(render.helm), kustomize: tool(render.kustomize), kubectl: tool(render.kubectl) };
  const charts: Record<string, ChartSettings> = {};
  for (const [folder, chart] of Object.entries(render.charts ?? {})) {
    charts[path.resolve(baseDir, folder)] = { ...chart, ...(chart.values ? { values: chart.values.map((v) => path.resolve(baseDir, v)) } : {}) };
  }
  return {
    tools: Object.fromEntries(Object.entries(tools).filter(([, v]) => v !== undefined)),
    ...(render.requireTools !== undefined ? { requireTools: render.requireTools } : {}),
    ...(render.timeout !== undefined ? { timeoutSeconds: render.timeout } : {}),
    charts,
  };
}

interface Explained {
  at: Path;
  on?: Anchor;
  message: string;
}

/** An ajv error as a sentence that names the setting, the value and the fix. */
function explain(error: ErrorObject, data: unknown): Explained {
  const at: (string | number)[] = [];
  for (const raw of error.instancePath.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    // JSON pointers do not tell list indexes from map keys; the data does.
    at.push(Array.isArray(getIn(data, at)) ? Number(segment) : segment);
  }
  const name = at.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i > 0 ? '.' : ''}${s}`)).join('') || 'the configuration';
  const value = getIn(data, at);
  const schema = error.parentSchema as { description?: string } | undefined;
  switch (error.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const near = nearMisses(key, allowed, 2);
      const hint = near.length > 0 ? `; did you mean ${listOr(near)}?` : '';
      const what =
        at[0] === 'rules'
          ? `unknown rule \`${key}\`${hint} (\`stslint --list-rules\` lists them)`
          : `unknown setting \`${key}\`${hint} (settings: ${allowed.join(', ')})`;
      return { at: [...at, key], on: 'key', message: what };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
      return { at, message: `\`${name}\` is \`${String(value)}\`; use ${listOr(allowed)}` };
    }
    case 'type':
      if (at[0] === 'kubernetesVersion' && typeof value === 'number') {
        return { at, message: `\`kubernetesVersion\` must be a quoted string such as "1.30": unquoted, YAML reads it as the number ${value}` };
      }
      return {
        at,
        message: `\`${name}\` must be ${YAML_TYPES[(error.params as { type: string }).type] ?? (error.params as { type: string }).type}, not ${describe(value)}`,
      };
    case 'pattern':
    case 'maxLength':
    case 'minLength':
      return { at, message: `\`${name}\` is ${JSON.stringify(value)}, which is not allowed. ${schema?.description ?? ''}`.trim() };
    default:
      return { at, message: `\`${name}\` ${error.message ?? 'is not valid'}` };
  }
}

/** JSON Schema types as YAML users call them. */
const YAML_TYPES: Record<string, string> = { object: 'a map', array: 'a list', string: 'a string', boolean: 'true or false', number: 'a number' };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a map' : `${typeof value} \`${shownValue(value)}\``;
}
