// Rendered text for the line-map tests: the real tools' output, and the RenderedNode of an
// object's field in it, found as the engine finds it (the document's index as
// yaml.parseAllDocuments counts them, the line and column of the node's key).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { MappedSpan, RenderedNode, RenderedSourceMap, SourceSpan } from '../../src/render/source-map.js';
import { renderTools } from './render-tools.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHARED = [path.resolve(ROOT, '..', 'shared'), '/work/shared'].find((dir) => {
  try {
    return readFileSync(path.join(dir, 'charts', 'README.md'), 'utf8').length > 0;
  } catch {
    return false;
  }
});

/** ../shared/charts (read-only, third-party), or undefined where it is absent (a user's clone). */
export const SHARED_CHARTS = SHARED ? path.join(SHARED, 'charts') : undefined;
export const RENDER_FIXTURES = path.join(ROOT, 'test', 'render-fixtures');

export function helmTemplate(chart: string, ...args: string[]): string {
  return execFileSync(renderTools().helm, ['template', 'r', chart, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

/**
 * `kustomize build` as stslint runs it: a wrapper kustomization in a temporary folder asks for
 * the origin and transformer annotations. kustomize writes their paths relative to the wrapper;
 * with `absolute`, they are rewritten to absolute paths (as src/render does before mapping).
 */
export function kustomizeBuild(dir: string, options: { absolute?: boolean } = {}): string {
  const wrapper = mkdtempSync(path.join(os.tmpdir(), 'stslint-kwrap-'));
  try {
    writeFileSync(
      path.join(wrapper, 'kustomization.yaml'),
      `resources:\n  - ${path.relative(wrapper, dir)}\nbuildMetadata: [originAnnotations, transformerAnnotations]\n`,
    );
    const text = execFileSync(renderTools().kubectl, ['kustomize', wrapper], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    if (!options.absolute) return text;
    return text.replace(/((?:path|configuredIn): )(\.\.\/\S+)/g, (_, key: string, rel: string) => key + path.resolve(wrapper, rel));
  } finally {
    rmSync(wrapper, { recursive: true, force: true });
  }
}

/** The node of `path` in the object of that kind and name, as the engine would give it to a map. */
export function renderedNode(text: string, kind: string, name: string, nodePath: readonly (string | number)[]): RenderedNode {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, version: '1.1' });
  const list = Array.isArray(docs) ? docs : [];
  const doc = list.findIndex((d) => {
    const v = d.toJS() as { kind?: string; metadata?: { name?: string } } | null;
    return v?.kind === kind && v.metadata?.name === name;
  });
  if (doc === -1) throw new Error(`no ${kind} ${name} in the rendered text`);
  let node: Node | null | undefined = list[doc]!.contents;
  let start = node?.range?.[0] ?? 0;
  for (const segment of nodePath) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) throw new Error(`no ${nodePath.join('.')} in ${kind} ${name}`);
      start = (pair.key as Node).range![0];
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment] as Node | undefined;
      if (!node) throw new Error(`no ${nodePath.join('.')} in ${kind} ${name}`);
      start = node.range![0];
    } else {
      throw new Error(`no ${nodePath.join('.')} in ${kind} ${name}`);
    }
  }
  const { line, col } = lineCounter.linePos(start);
  return { doc, path: nodePath, renderedLine: line, renderedColumn: col };
}

/** `file:line` of a span, the file relative to `base`: what the assertions compare. */
export function where(span: SourceSpan | undefined, base: string): string {
  return span ? `${path.relative(base, span.file)}:${span.line}` : 'nowhere';
}

/** The mapped place of a node, as `file:line` (primary) and the related places. */
export function mapped(map: RenderedSourceMap, text: string, base: string, kind: string, name: string, nodePath: readonly (string | number)[]) {
  const result: MappedSpan | undefined = map.map(renderedNode(text, kind, name, nodePath));
  return { primary: where(result?.primary, base), related: (result?.related ?? []).map((s) => where(s, base)) };
}

/** The 1-based line of the `nth` line of a file that matches. */
export function lineOf(file: string, pattern: RegExp, nth = 0): number {
  const index = readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l, i) => (pattern.test(l) ? [i] : []))[nth];
  if (index === undefined) throw new Error(`${pattern} not in ${file}`);
  return index + 1;
}

/** The 1-based line of the key at `keyPath` in a YAML file (a values file, a patch). */
export function keyLine(file: string, keyPath: readonly (string | number)[]): number {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { lineCounter });
  let node: Node | null | undefined = (Array.isArray(docs) ? docs[0] : undefined)?.contents;
  let start = 0;
  for (const segment of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) throw new Error(`no ${keyPath.join('.')} in ${file}`);
      start = (pair.key as Node).range![0];
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment] as Node | undefined;
      start = node!.range![0];
    } else throw new Error(`no ${keyPath.join('.')} in ${file}`);
  }
  return lineCounter.linePos(start).line;
}
