// `helm template` output → the template and values lines a user edits. Helm prints
// `# Source: <chart>/templates/<file>` above every document; the rendered node's YAML path is
// then followed through that template's outline (helm-template.ts): keys by name, sequence items
// by what their fixed text says. Where the value was read from values, the fix belongs in the
// values file that set it (the last of the chart's values.yaml and the files given), so that
// line is primary and the template line related; a subchart reads its own values.yaml, then its
// parents' under its name.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isScalar, isSeq, parse, type Node } from 'yaml';
import { parseDefinitions, parseTemplate, type HelperDefinition, type TemplateNode } from './helm-template.js';
import type { MappedSpan, RenderedNode, RenderedSourceMap, SourceSpan } from './source-map.js';
import { childOf, documentAt, lineSpanOf, nodeAt, renderedDocuments, scalarText, spanOfLocated, valueOf, yamlFileReader, type YamlFile } from './yaml-nodes.js';

export interface HelmMapOptions {
  /** The values files given to helm (`-f`), in order; relative paths are from the working directory. */
  valuesFiles: readonly string[];
}

/** A values file as one chart sees it: its keys for this chart sit under `prefix`. */
interface ValuesLayer {
  file: string;
  prefix: string[];
}

interface ChartTarget {
  template: string;
  layers: ValuesLayer[];
}

interface ValueHit {
  path: string[];
  span: SourceSpan;
  value: unknown;
}

/** How far helper definitions are followed (`include` inside `include` …). */
const HELPER_DEPTH = 6;
/** Values leaves compared with a rendered scalar, at most (a `.Values` passed whole is not searched). */
const LEAF_LIMIT = 2000;

export function helmSourceMap(chartRoot: string, renderedText: string, options: HelmMapOptions): RenderedSourceMap {
  const root = path.resolve(chartRoot);
  const documents = renderedDocuments(renderedText);
  const readYaml = yamlFileReader();
  const outlines = new Map<string, { outline: TemplateNode; lines: string[] } | undefined>();
  const userLayers = options.valuesFiles.map((f) => path.resolve(f));
  let definitions: Map<string, HelperDefinition> | undefined;
  let renderedLines: string[] | undefined;

  const outlineOf = (file: string) => {
    if (!outlines.has(file)) {
      const text = readText(file);
      outlines.set(file, text === undefined ? undefined : { outline: parseTemplate(text), lines: text.split('\n').map((l) => l.replace(/\r$/, '')) });
    }
    return outlines.get(file);
  };

  const valuesAt = (layers: readonly ValuesLayer[], valuesPath: readonly string[]): ValueHit | undefined => {
    let hit: ValueHit | undefined;
    for (const layer of layers) {
      const file = readYaml(layer.file);
      const located = file && nodeAt(file.docs[0]?.contents, [...layer.prefix, ...valuesPath]);
      if (file && located) hit = { path: [...valuesPath], span: spanOfLocated(file, located), value: valueOf(located.node) };
    }
    return hit;
  };

  const helperRefsCache = new Map<string, string[][]>();
  const helperRefs = (helpers: readonly string[]): string[][] => {
    const key = helpers.join('\0');
    let cached = helperRefsCache.get(key);
    if (!cached) helperRefsCache.set(key, (cached = readHelperRefs(helpers)));
    return cached;
  };
  const readHelperRefs = (helpers: readonly string[]): string[][] => {
    definitions ??= chartDefinitions(root);
    const refs: string[][] = [];
    const seen = new Set<string>();
    const visit = (names: readonly string[], depth: number) => {
      for (const name of names) {
        if (seen.has(name) || depth > HELPER_DEPTH) continue;
        seen.add(name);
        const definition = definitions!.get(name);
        if (!definition) continue;
        refs.push(...definition.refs);
        visit(definition.helpers, depth + 1);
      }
    };
    visit(helpers, 0);
    return refs;
  };

  return {
    map(node: RenderedNode): MappedSpan | undefined {
      const document = documentAt(documents, node.renderedLine, node.doc);
      if (!document?.source) return undefined;
      const target = resolveTarget(root, document.source, userLayers);
      const template = target && outlineOf(target.template);
      if (!target || !template) return undefined;
      const { outline, lines } = template;
      const isSet = (ref: readonly string[]) => truthy(valuesAt(target.layers, ref)?.value);
      const found = follow(outline, document.contents, node.path, isSet);
      const templateSpan =
        found.node.kind === 'root'
          ? firstLineOf(target.template, outline, lines)
          : ((found.remainder.length === 0 ? sameText(target.template, found.node, lines, node) : undefined) ??
            spanOfTemplateNode(target.template, found.node, lines));
      const rendered = found.rendered;
      // A key the template writes but did not print here (an `if` that was false): the fix is the
      // values that decided it, the innermost condition that a values file sets.
      if (!rendered && found.node.kind !== 'root' && found.remainder.length === 0) {
        const decided = [...found.node.conditions]
          .reverse()
          .map((ref) => valuesAt(target.layers, ref))
          .find((hit) => hit !== undefined);
        if (decided) return { primary: decided.span, related: [templateSpan] };
      }
      const values = valuesFor(
        found.node,
        found.remainder,
        rendered,
        (p) => valuesAt(target.layers, p),
        helperRefs,
        (p) => leavesAt(target.layers, p),
      );
      if (values.primary) return { primary: values.primary, related: [templateSpan] };
      return { primary: templateSpan, related: values.related };
    },
  };

  /** A template line that reads as the rendered line: the rendered node's own column, moved by the indentation. */
  function sameText(file: string, at: TemplateNode, lines: readonly string[], node: RenderedNode): SourceSpan | undefined {
    renderedLines ??= renderedText.split('\n').map((l) => l.replace(/\r$/, ''));
    const rendered = renderedLines[node.renderedLine - 1] ?? '';
    const written = lines[at.line - 1] ?? '';
    if (rendered.trim() !== written.trim() || written.trim() === '') return undefined;
    const column = node.renderedColumn + indentOf(written) - indentOf(rendered);
    if (column < 1) return undefined;
    return { file, line: at.line, column, endLine: at.line, endColumn: Math.max(column, written.trimEnd().length + 1) };
  }

  function leavesAt(layers: readonly ValuesLayer[], valuesPath: readonly string[]): ValueHit[] {
    // The effective leaves under a values path: a later layer overrides an earlier one's leaf.
    const byPath = new Map<string, ValueHit>();
    for (const layer of layers) {
      const file = readYaml(layer.file);
      const located = file && nodeAt(file.docs[0]?.contents, [...layer.prefix, ...valuesPath]);
      if (file && located) collectLeaves(file, located.node, [...valuesPath], located.key, byPath);
    }
    return [...byPath.values()];
  }
}

interface Followed {
  node: TemplateNode;
  /** The part of the rendered path below `node` that the template does not spell out. */
  remainder: (string | number)[];
  /** The rendered node at the full path, when it exists. */
  rendered: Node | undefined;
}

/** Walks the template outline along a rendered path, as far as the template writes it. */
function follow(
  outline: TemplateNode,
  contents: Node | null,
  renderedPath: readonly (string | number)[],
  isSet: (ref: readonly string[]) => boolean,
): Followed {
  let current = outline;
  let rendered: Node | undefined = contents ?? undefined;
  let remainder: (string | number)[] = [];
  const alignments = new Map<TemplateNode, Map<number, { node: TemplateNode; local: number }>>();
  let i = 0;
  for (; i < renderedPath.length; i++) {
    if (current.opaque) break;
    const segment = renderedPath[i]!;
    if (typeof segment === 'string') {
      const keys = current.children;
      const named = keys.filter((c) => c.kind === 'key' && c.key === segment);
      const next =
        (named.length > 1 ? pickBranch(named, rendered && childOf(rendered, segment)?.node, isSet) : named[0]) ??
        keys.find((c) => c.kind === 'key' && c.key === undefined) ??
        keys.find((c) => c.kind === 'insertion');
      if (!next) break;
      current = next;
      if (next.kind === 'insertion') {
        // The printed block holds the key itself: values are looked up from it.
        remainder = [segment];
        rendered = rendered && childOf(rendered, segment)?.node;
        i++;
        break;
      }
    } else {
      if (!rendered || !isSeq(rendered)) break;
      let alignment = alignments.get(current);
      if (!alignment) alignments.set(current, (alignment = alignItems(current.children, rendered)));
      const matched = alignment.get(segment);
      if (!matched) break;
      current = matched.node;
      if (matched.node.kind === 'insertion') {
        remainder = [matched.local];
        rendered = childOf(rendered, segment)?.node;
        i++;
        break;
      }
    }
    rendered = rendered && childOf(rendered, segment)?.node;
  }
  const rest = renderedPath.slice(i);
  for (const segment of rest) rendered = rendered && childOf(rendered, segment)?.node;
  return { node: current, remainder: [...remainder, ...rest], rendered };
}

/**
 * The branch that printed a key written in several (`{{- if .Values.customProbe }} probe: …
 * {{- else }} probe: …`): the one whose values are set, whose fixed children were printed,
 * whose fixed value is the rendered one.
 */
function pickBranch(named: readonly TemplateNode[], rendered: Node | undefined, isSet: (ref: readonly string[]) => boolean): TemplateNode {
  const value = valueOf(rendered);
  let best = named[0]!;
  let bestScore = -Infinity;
  for (const candidate of named) {
    let score = 0;
    if (candidate.refs.length > 0) score += candidate.refs.some(isSet) ? 2 : -1;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const child of candidate.children) if (child.key !== undefined && child.key in value) score += 1;
    } else if (!candidate.opaque) {
      const one = scalarScore(candidate.value, value);
      score += one < 0 ? -3 : one;
    }
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Which template item printed each rendered item. Items are compared by the fixed text of their
 * keys (`name: data`, `mountPath: /tmp`); a fixed key that differs rules a pair out, so three
 * `- name: empty-dir` mounts are told apart by their paths. Order is kept: rendered items go to
 * template items at or after the previous match; a `range` item or printed block takes many.
 */
function alignItems(children: readonly TemplateNode[], sequence: Node): Map<number, { node: TemplateNode; local: number }> {
  const candidates = children.filter((c) => c.kind === 'item' || c.kind === 'insertion');
  const result = new Map<number, { node: TemplateNode; local: number }>();
  if (!isSeq(sequence)) return result;
  const taken = new Map<TemplateNode, number>();
  let from = 0;
  sequence.items.forEach((item, index) => {
    const value = valueOf(item as Node);
    let best = -1;
    let bestScore = -1;
    for (let k = from; k < candidates.length; k++) {
      const score = itemScore(candidates[k]!, value);
      if (score > bestScore) {
        best = k;
        bestScore = score;
      }
    }
    if (best === -1) return;
    const chosen = candidates[best]!;
    const local = taken.get(chosen) ?? 0;
    taken.set(chosen, local + 1);
    result.set(index, { node: chosen, local });
    from = chosen.kind === 'insertion' || chosen.repeated ? best : best + 1;
  });
  return result;
}

/** How well a template item's fixed text matches a rendered item; -1 when it cannot be the one. */
function itemScore(candidate: TemplateNode, value: unknown): number {
  if (candidate.kind === 'insertion') return 0.1;
  const keys = candidate.children.filter((c) => c.kind === 'key');
  if (keys.length === 0) return scalarScore(candidate.value, value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return -1;
  let score = 0;
  for (const key of keys) {
    if (key.key === undefined || key.opaque || key.value === '') continue;
    const rendered = (value as Record<string, unknown>)[key.key];
    if (rendered === undefined) continue;
    const one = scalarScore(key.value, rendered);
    if (one < 0) return -1;
    score += one;
  }
  return score;
}

/** 2 for the same fixed text, 0.5 when the template's actions could print it, -1 when they cannot. */
function scalarScore(written: string, rendered: unknown): number {
  const text = stripComment(written);
  if (text === '') return 0;
  if (rendered !== null && typeof rendered === 'object' && text.includes('{{')) return 0;
  if (!text.includes('{{')) return sameData(literal(text), rendered) ? 2 : -1;
  const unquoted = unquote(text);
  const pattern = unquoted
    .split(/\{\{[\s\S]*?\}\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  return new RegExp(`^${pattern}$`).test(String(rendered)) ? 0.5 : -1;
}

/** A value written without actions, read as YAML (`{}`, `"5432"`, `[a, b]`); unreadable text stays text. */
function literal(text: string): unknown {
  try {
    return parse(text, { version: '1.1' }) as unknown;
  } catch {
    return text;
  }
}

function sameData(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return scalarText(a) === scalarText(b);
}

function stripComment(text: string): string {
  return text.replace(/\s+#.*$/, '').trim();
}

function unquote(text: string): string {
  return /^(["']).*\1$/.test(text) ? text.slice(1, -1) : text;
}

interface ValuesPlacement {
  primary?: SourceSpan;
  related: SourceSpan[];
}

/**
 * The values line a rendered node came from. A template line's own references come first
 * (`{{ .Values.persistence.size | quote }}`, `toYaml .Values.resources` with the rest of the
 * path below it); then the values its helpers read, where one of them holds the rendered text
 * (an image's tag, a name override). A reference that is set but did not print the node is only
 * related: it is where the choice was made (a preset, a switch).
 */
function valuesFor(
  node: TemplateNode,
  remainder: readonly (string | number)[],
  rendered: Node | undefined,
  valuesAt: (p: readonly string[]) => ValueHit | undefined,
  helperRefs: (helpers: readonly string[]) => string[][],
  leavesAt: (p: readonly string[]) => ValueHit[],
): ValuesPlacement {
  const direct = node.refs.filter((r) => r.length > 0);
  const renderedScalar = rendered && isScalar(rendered) ? rendered.value : undefined;
  const below = remainder.map(String);
  if (below.length > 0) {
    for (const ref of direct) {
      const hit = valuesAt([...ref, ...below]);
      if (hit) return { primary: hit.span, related: [] };
    }
  } else {
    const set = direct.map((r) => valuesAt(r)).filter((h): h is ValueHit => h !== undefined);
    const printed = set.find((h) => sameText(h.value, renderedScalar)) ?? set.find((h) => containedIn(h.value, renderedScalar));
    if (printed ?? set.length === 1) return { primary: (printed ?? set[0]!).span, related: [] };
    if (set.length > 1) return { primary: set[0]!.span, related: set.slice(1).map((h) => h.span) };
  }
  if (renderedScalar !== undefined && renderedScalar !== null) {
    const leaf = printingLeaf([...direct, ...helperRefs(node.helpers)], renderedScalar, valuesAt, leavesAt);
    if (leaf) return { primary: leaf, related: [] };
  }
  const chosen = direct.map((r) => valuesAt(r)).find((h) => h !== undefined);
  return { related: chosen ? [chosen.span] : [] };
}

/** The values leaf (or the closest key above several) whose text the rendered scalar shows. */
function printingLeaf(
  refs: readonly string[][],
  rendered: unknown,
  valuesAt: (p: readonly string[]) => ValueHit | undefined,
  leavesAt: (p: readonly string[]) => ValueHit[],
): SourceSpan | undefined {
  const seen = new Set<string>();
  const leaves: ValueHit[] = [];
  for (const ref of refs) {
    if (ref.length === 0) continue;
    for (const leaf of leavesAt(ref)) {
      const key = JSON.stringify(leaf.path);
      if (seen.has(key) || leaves.length >= LEAF_LIMIT) continue;
      seen.add(key);
      leaves.push(leaf);
    }
  }
  const equal = leaves.filter((l) => sameText(l.value, rendered));
  const matching = equal.length > 0 ? equal : leaves.filter((l) => containedIn(l.value, rendered));
  if (matching.length === 0) return undefined;
  if (matching.length === 1) return matching[0]!.span;
  // `image: docker.io/bitnami/postgresql:17.6.0`: registry, repository and tag together → `image:`.
  let common = matching[0]!.path;
  for (const m of matching) common = common.slice(0, commonLength(common, m.path));
  return common.length > 0 ? valuesAt(common)?.span : undefined;
}

/** Whether a value makes a template's `if` true, as Go templates judge it. */
function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function commonLength(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function sameText(value: unknown, rendered: unknown): boolean {
  if (rendered === undefined || value === undefined || value === null || typeof value === 'object') return false;
  return scalarText(value) === scalarText(rendered);
}

/** A values string inside the rendered text (`8Gi` in `8Gi`, a tag in an image); short strings prove nothing. */
function containedIn(value: unknown, rendered: unknown): boolean {
  return typeof value === 'string' && value.length >= 3 && typeof rendered === 'string' && rendered.includes(value);
}

function collectLeaves(file: YamlFile, node: Node, at: string[], key: Node | undefined, into: Map<string, ValueHit>): void {
  if (into.size >= LEAF_LIMIT) return;
  if (isScalar(node) || node === key) {
    into.set(JSON.stringify(at), { path: at, span: spanOfLocated(file, key ? { node, key } : { node }), value: valueOf(node) });
    return;
  }
  const value = valueOf(node);
  if (value === null || typeof value !== 'object') return;
  for (const name of Object.keys(value)) {
    const child = childOf(node, Array.isArray(value) ? Number(name) : name);
    if (child) collectLeaves(file, child.node, [...at, name], child.key, into);
  }
}

/**
 * The template file and values layers for a `# Source:` path. The first segment is the chart's
 * name (helm prints it, whatever the folder is called); `charts/<sub>/` goes into a subchart.
 */
function resolveTarget(root: string, source: string, userFiles: readonly string[]): ChartTarget | undefined {
  const segments = source.split('/').filter((s) => s !== '');
  let chartDir = root;
  const chain: string[] = [];
  let rest = segments.slice(1);
  while (rest[0] === 'charts' && rest.length > 2) {
    const sub = subchartDir(chartDir, rest[1]!);
    if (!sub) return undefined;
    chartDir = sub;
    chain.push(rest[1]!);
    rest = rest.slice(2);
  }
  const template = path.join(chartDir, ...rest);
  if (!isFile(template)) return undefined;
  // Lowest precedence first: the subchart's own values, then each parent's under the subchart's name.
  const layers: ValuesLayer[] = [];
  let dir = chartDir;
  for (let depth = chain.length; depth >= 0; depth--) {
    layers.push({ file: path.join(dir, 'values.yaml'), prefix: chain.slice(depth) });
    dir = path.dirname(path.dirname(dir));
  }
  for (const file of userFiles) layers.push({ file, prefix: [...chain] });
  return { template, layers };
}

/** `charts/<name>`: the folder of that name, else the one whose Chart.yaml has that name. */
function subchartDir(chartDir: string, name: string): string | undefined {
  const direct = path.join(chartDir, 'charts', name);
  if (isFile(path.join(direct, 'Chart.yaml'))) return direct;
  for (const entry of listDir(path.join(chartDir, 'charts'))) {
    const dir = path.join(chartDir, 'charts', entry);
    const chartFile = readText(path.join(dir, 'Chart.yaml'));
    if (chartFile && /^name:\s*["']?([^"'\s#]+)/m.exec(chartFile)?.[1] === name) return dir;
  }
  return undefined;
}

/** Every helper `define`d in the chart and its subcharts (helm shares them across all). */
function chartDefinitions(root: string): Map<string, HelperDefinition> {
  const all = new Map<string, HelperDefinition>();
  const visitTemplates = (dir: string, depth: number) => {
    for (const entry of listDir(dir)) {
      const file = path.join(dir, entry);
      if (isFile(file)) {
        const text = readText(file);
        if (text?.includes('define')) for (const [name, definition] of parseDefinitions(text)) all.set(name, definition);
      } else if (depth < 4) {
        visitTemplates(file, depth + 1);
      }
    }
  };
  const visitChart = (chartDir: string, depth: number) => {
    visitTemplates(path.join(chartDir, 'templates'), 0);
    if (depth < 4) for (const sub of listDir(path.join(chartDir, 'charts'))) visitChart(path.join(chartDir, 'charts', sub), depth + 1);
  };
  visitChart(root, 0);
  return all;
}

function spanOfTemplateNode(file: string, node: TemplateNode, lines: readonly string[]): SourceSpan {
  const text = lines[node.line - 1] ?? '';
  return { file, line: node.line, column: node.column, endLine: node.line, endColumn: Math.max(node.column, text.trimEnd().length + 1) };
}

/** The object's first line in its template: its first key, else line 1. */
function firstLineOf(file: string, outline: TemplateNode, lines: readonly string[]): SourceSpan {
  const first = outline.children[0];
  return first ? spanOfTemplateNode(file, first, lines) : lineSpanOf(file, lines, 1);
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}
