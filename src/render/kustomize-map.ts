// `kustomize build` output → the base, patch or kustomization.yaml line a user edits. The build
// runs through a wrapper kustomization with `buildMetadata: [originAnnotations,
// transformerAnnotations]`, so every object names its file of origin
// (`config.kubernetes.io/origin: path: …`, or `configuredIn`/`configuredBy` for a generated one)
// and the transformers that ran over it, in order (`alpha.config.kubernetes.io/transformations`:
// `configuredIn: <kustomization.yaml>`, `configuredBy: {kind: PatchTransformer …}`). Kustomize
// names the kustomization, not the patch, and lists a transformer for every object in its
// scope whether it changed it or not; so each listed kustomization is read again and its patches
// and fields are asked whether they set the node. The last that does wins (later transformers
// override earlier ones): a value a patch set is reported at the patch's line, a name, namespace,
// label or image a transformer set at its field in that kustomization.yaml; otherwise the node's
// place in the file of origin, or that object's first line there.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, parse, type Node } from 'yaml';
import type { MappedSpan, RenderedNode, RenderedSourceMap, SourceSpan } from './source-map.js';
import {
  childOf,
  documentAt,
  nodeAt,
  renderedDocuments,
  scalarText,
  spanOfLocated,
  valueOf,
  yamlFileReader,
  yamlText,
  type Located,
  type RenderedDocument,
  type YamlFile,
} from './yaml-nodes.js';

const ORIGIN = 'config.kubernetes.io/origin';
const TRANSFORMATIONS = 'alpha.config.kubernetes.io/transformations';
/** Keys that identify an item of a strategic-merge list (the merge keys of the lists in pods). */
const MERGE_KEYS = ['name', 'mountPath', 'containerPort', 'devicePath', 'topologyKey', 'ip'];

type Segment = string | number;

interface Transformation {
  file: string;
  kind: string;
}

/** The rendered object as patches see it. */
interface Target {
  kind: string;
  group: string;
  /** Its rendered name and the names it had before a prefix or suffix. */
  names: Set<string>;
  obj: Node | null;
}

/** A patch document with where its text sits: a file, or a block scalar inside kustomization.yaml. */
interface PatchText {
  file: YamlFile;
  target?: Record<string, unknown>;
}

export function kustomizeSourceMap(kustomizationRoot: string, renderedText: string): RenderedSourceMap {
  const root = path.resolve(kustomizationRoot);
  const documents = renderedDocuments(renderedText);
  const readYaml = yamlFileReader();
  const resolve = annotationPathResolver(root);
  // What every node of an object shares (its annotations, names, file of origin), read once.
  const objects = new Map<RenderedDocument, { transformations: Transformation[]; target: Target; origin: Origin | undefined } | undefined>();
  const objectOf = (document: RenderedDocument) => {
    if (!objects.has(document)) {
      const obj = document.contents;
      if (!obj || !isMap(obj)) objects.set(document, undefined);
      else {
        const annotations = valueOf(nodeAt(obj, ['metadata', 'annotations'])?.node) as Record<string, unknown> | undefined;
        const originAnnotation = readAnnotation(annotations?.[ORIGIN]) as Record<string, unknown> | undefined;
        const transformations = transformationsOf(annotations?.[TRANSFORMATIONS], resolve);
        const target = targetOf(obj, transformations, readYaml);
        objects.set(document, { transformations, target, origin: originOf(originAnnotation, target, resolve, readYaml) });
      }
    }
    return objects.get(document);
  };

  return {
    map(node: RenderedNode): MappedSpan | undefined {
      const document = documentAt(documents, node.renderedLine, node.doc);
      const object = document && objectOf(document);
      if (!object) return undefined;
      const { transformations, target, origin } = object;
      // Later transformers override earlier ones: the last that sets the node is where it was set.
      const setters: SourceSpan[] = [];
      const seen = new Set<string>();
      for (const t of transformations) {
        const key = `${t.file}\0${t.kind}`;
        if (seen.has(key)) continue; // one entry per patch, but each patch is asked below
        seen.add(key);
        const kustomization = readYaml(t.file);
        if (!kustomization) continue;
        setters.push(...settersIn(kustomization, t.kind, target, node.path, origin?.object, readYaml));
      }
      const originSpan = origin?.span(node.path, target);
      if (setters.length > 0) {
        const primary = setters[setters.length - 1]!;
        const related = [...setters.slice(0, -1).reverse(), ...(originSpan?.exact ? [originSpan.span] : [])];
        return { primary, related: dedupe(related.filter((s) => !sameSpan(s, primary))) };
      }
      return originSpan ? { primary: originSpan.span, related: [] } : undefined;
    },
  };
}

/** The places in one kustomization that set the node, through transformers of one kind, in order. */
function settersIn(
  kustomization: YamlFile,
  kind: string,
  target: Target,
  nodePath: readonly Segment[],
  origin: Node | undefined,
  readYaml: (file: string) => YamlFile | undefined,
): SourceSpan[] {
  const contents = kustomization.docs[0]?.contents ?? null;
  const field = (name: string) => nodeAt(contents, [name]);
  const last = nodePath[nodePath.length - 1];
  const at = (located: Located | undefined) => (located ? [spanOfLocated(kustomization, located)] : []);
  switch (kind) {
    case 'PatchTransformer':
    case 'PatchStrategicMergeTransformer':
    case 'PatchJson6902Transformer':
      return patchesOf(kustomization, kind, readYaml).flatMap((patch) => patchSetters(patch, target, nodePath, origin));
    case 'NamespaceTransformer':
      return last === 'namespace' ? at(field('namespace')) : [];
    case 'PrefixTransformer':
    case 'SuffixTransformer':
    case 'PrefixSuffixTransformer':
      if (!isNamePath(nodePath)) return [];
      return [...at(field('namePrefix')), ...at(field('nameSuffix'))];
    case 'LabelTransformer':
    case 'AnnotationsTransformer': {
      const holder = nodePath[nodePath.length - 2];
      if (typeof last !== 'string' || !['labels', 'matchLabels', 'selector', 'annotations'].includes(String(holder))) return [];
      if (kind === 'AnnotationsTransformer') return at(nodeAt(contents, ['commonAnnotations', last]));
      const spans = at(nodeAt(contents, ['commonLabels', last]));
      const labels = field('labels')?.node;
      if (labels && isSeq(labels)) labels.items.forEach((_, i) => spans.push(...at(nodeAt(labels, [i, 'pairs', last]))));
      return spans;
    }
    case 'ImageTagTransformer':
      return last === 'image' ? imageSetters(kustomization, target, nodePath) : [];
    case 'ReplicaCountTransformer': {
      if (nodePath.join('.') !== 'spec.replicas') return [];
      const replicas = field('replicas')?.node;
      if (!replicas || !isSeq(replicas)) return [];
      const index = replicas.items.findIndex((_, i) => target.names.has(String(valueOf(nodeAt(replicas, [i, 'name'])?.node))));
      return index === -1 ? [] : at(nodeAt(replicas, [index, 'count']) ?? nodeAt(replicas, [index]));
    }
    default:
      return [];
  }
}

function isNamePath(nodePath: readonly Segment[]): boolean {
  return nodePath.length === 2 && nodePath[0] === 'metadata' && nodePath[1] === 'name';
}

/** `images:` entries whose name is the rendered image's repository (before or after `newName`). */
function imageSetters(kustomization: YamlFile, target: Target, nodePath: readonly Segment[]): SourceSpan[] {
  const image = valueOf(nodeAt(target.obj, nodePath)?.node);
  const images = nodeAt(kustomization.docs[0]?.contents ?? null, ['images'])?.node;
  if (typeof image !== 'string' || !images || !isSeq(images)) return [];
  const repository = image.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
  const spans: SourceSpan[] = [];
  images.items.forEach((_, i) => {
    const entry = valueOf(nodeAt(images, [i])?.node) as Record<string, unknown> | undefined;
    if (!entry || (entry.name !== repository && entry.newName !== repository)) return;
    const field = ['digest', 'newTag', 'newName'].find((f) => entry[f] !== undefined);
    const located = (field && nodeAt(images, [i, field])) || nodeAt(images, [i]);
    if (located) spans.push(spanOfLocated(kustomization, located));
  });
  return spans;
}

/** Patches read once per kustomization file (as read by one map) and kind. */
const patchCache = new WeakMap<YamlFile, Map<string, PatchText[]>>();

/** The patches a kustomization declares for transformers of one kind, each with its text. */
function patchesOf(kustomization: YamlFile, kind: string, readYaml: (file: string) => YamlFile | undefined): PatchText[] {
  let byKind = patchCache.get(kustomization);
  if (!byKind) patchCache.set(kustomization, (byKind = new Map<string, PatchText[]>()));
  let patches = byKind.get(kind);
  if (!patches) byKind.set(kind, (patches = readPatches(kustomization, kind, readYaml)));
  return patches;
}

function readPatches(kustomization: YamlFile, kind: string, readYaml: (file: string) => YamlFile | undefined): PatchText[] {
  const contents = kustomization.docs[0]?.contents ?? null;
  const dir = path.dirname(kustomization.path);
  const fields = kind === 'PatchTransformer' ? ['patches'] : kind === 'PatchStrategicMergeTransformer' ? ['patchesStrategicMerge'] : ['patchesJson6902'];
  const patches: PatchText[] = [];
  for (const field of fields) {
    const list = nodeAt(contents, [field])?.node;
    if (!list || !isSeq(list)) continue;
    list.items.forEach((item, i) => {
      const entry = item as Node;
      // patchesStrategicMerge: a file name, or the patch itself as a string.
      if (isScalar(entry)) {
        const text = String(entry.value);
        const file = text.includes('\n') ? inlinePatch(kustomization, entry) : readYaml(path.resolve(dir, text));
        if (file) patches.push({ file });
        return;
      }
      const target = valueOf(nodeAt(list, [i, 'target'])?.node) as Record<string, unknown> | undefined;
      const file = nodeAt(list, [i, 'path'])?.node;
      const inline = nodeAt(list, [i, 'patch'])?.node;
      const text =
        file && isScalar(file) ? readYaml(path.resolve(dir, String(file.value))) : inline && isScalar(inline) ? inlinePatch(kustomization, inline) : undefined;
      if (text) patches.push({ file: text, ...(target ? { target } : {}) });
    });
  }
  return patches;
}

/**
 * A patch written inside kustomization.yaml (`patch: |-`): parsed on its own, with spans moved
 * to where its lines sit in the kustomization file.
 */
function inlinePatch(kustomization: YamlFile, scalar: Node): YamlFile | undefined {
  if (!isScalar(scalar) || typeof scalar.value !== 'string' || !scalar.range) return undefined;
  const start = kustomization.span(scalar);
  const header = kustomization.lines[start.line - 1] ?? '';
  // A block scalar's text starts on the line after its `|`; a quoted or plain one on its own line.
  const block = /[|>][-+0-9]*\s*$/.test(header.slice(0, Math.max(0, start.column)));
  const firstLine = block ? start.line + 1 : start.line;
  const firstText = kustomization.lines[firstLine - 1] ?? '';
  const indent = block ? firstText.length - firstText.trimStart().length : start.column - 1;
  const inner = yamlText(kustomization.path, scalar.value);
  const shift = (span: SourceSpan): SourceSpan => ({
    file: kustomization.path,
    line: span.line + firstLine - 1,
    column: span.column + indent,
    endLine: span.endLine + firstLine - 1,
    endColumn: span.endColumn + indent,
  });
  return {
    ...inner,
    path: kustomization.path,
    span: (n) => shift(inner.span(n)),
    lineSpan: (line) => shift(inner.lineSpan(line)),
  };
}

/** Where a patch sets the node: a strategic-merge patch by path, a JSON patch by its ops. */
function patchSetters(patch: PatchText, target: Target, nodePath: readonly Segment[], origin: Node | undefined): SourceSpan[] {
  const spans: SourceSpan[] = [];
  for (const doc of patch.file.docs) {
    const contents = doc.contents;
    if (!contents) continue;
    if (isSeq(contents)) {
      if (patch.target && targets(patch.target, target)) spans.push(...jsonPatchSetters(patch.file, contents, target, nodePath));
      continue;
    }
    const value = valueOf(contents) as Record<string, unknown> | null;
    if (!value || typeof value !== 'object') continue;
    const metadata = (value.metadata ?? {}) as Record<string, unknown>;
    const selects = patch.target
      ? targets(patch.target, target) && (value.kind === undefined || value.kind === target.kind)
      : value.kind === target.kind && target.names.has(String(metadata.name));
    if (!selects) continue;
    const located = strategicNodeAt(contents, target.obj, nodePath);
    if (located && setsNode(located, target, nodePath, origin)) spans.push(spanOfLocated(patch.file, located));
  }
  return spans;
}

/**
 * Whether a strategic-merge patch sets the node it holds, rather than only spelling out the way
 * to what it changes: `kind`, `metadata.name`, the maps on the way down and a list item's merge
 * key select; a value, or an item the base does not have, is set.
 */
function setsNode(located: Located, target: Target, nodePath: readonly Segment[], origin: Node | undefined): boolean {
  const top = nodePath.join('.');
  if (['apiVersion', 'kind', 'metadata', 'metadata.name', 'metadata.namespace'].includes(top)) return false;
  const itemAt = nodePath.findLastIndex((s) => typeof s === 'number');
  // Inside a list item: the item is new (its merge key is not in the base), or the field is not its merge key.
  if (itemAt !== -1) {
    const itemPath = nodePath.slice(0, itemAt + 1);
    const added = origin !== undefined && strategicNodeAt(origin, target.obj, itemPath) === undefined;
    if (added) return true;
    if (itemPath.length === nodePath.length) return false;
    const field = nodePath[itemAt + 1];
    const item = valueOf(nodeAt(target.obj, itemPath)?.node) as Record<string, unknown> | null;
    const mergeKey = item && typeof item === 'object' ? MERGE_KEYS.find((k) => item[k] !== undefined) : undefined;
    if (nodePath.length === itemAt + 2 && field === mergeKey) return false;
  }
  return isScalar(located.node) || located.node === located.key || (origin !== undefined && strategicNodeAt(origin, target.obj, nodePath) === undefined);
}

/** A patch's `target:` selector against the object (name and kind are anchored regular expressions in kustomize). */
function targets(selector: Record<string, unknown>, target: Target): boolean {
  const matches = (pattern: unknown, value: string) => {
    const text = scalarText(pattern);
    if (text === '') return true;
    try {
      return new RegExp(`^(?:${text})$`).test(value);
    } catch {
      return text === value;
    }
  };
  if (!matches(selector.kind, target.kind)) return false;
  if (selector.group !== undefined && scalarText(selector.group) !== target.group) return false;
  return selector.name === undefined || [...target.names].some((n) => matches(selector.name, n));
}

/**
 * The node at a rendered path in a strategic-merge patch. List items are paired by their merge
 * key (`name`, `mountPath`, …) as the rendered item has it, since the patch lists only the items
 * it changes; a list without merge keys is replaced whole, item by item.
 */
function strategicNodeAt(patch: Node, rendered: Node | null, nodePath: readonly Segment[]): Located | undefined {
  let current: Located | undefined = { node: patch };
  let renderedNode: Node | null | undefined = rendered;
  for (const segment of nodePath) {
    if (!current) return undefined;
    if (typeof segment === 'number' && isSeq(current.node)) {
      const item = valueOf(renderedNode && childOf(renderedNode, segment)?.node) as Record<string, unknown> | null;
      const key = item && typeof item === 'object' ? MERGE_KEYS.find((k) => item[k] !== undefined) : undefined;
      const list: Node = current.node;
      const index: number = key ? list.items.findIndex((_, i: number) => String(valueOf(nodeAt(list, [i, key])?.node)) === String(item![key])) : segment;
      current = index === -1 ? undefined : childOf(list, index);
    } else {
      current = childOf(current.node, segment);
    }
    renderedNode = renderedNode ? childOf(renderedNode, segment)?.node : undefined;
  }
  return current;
}

/** JSON6902 ops that set the node: its own path, or an ancestor whose value holds it. */
function jsonPatchSetters(file: YamlFile, ops: Node, target: Target, nodePath: readonly Segment[]): SourceSpan[] {
  if (!isSeq(ops)) return [];
  const spans: SourceSpan[] = [];
  const appends = new Map<string, number>();
  const parsed = ops.items.map((_, i) => {
    const op = scalarText(valueOf(nodeAt(ops, [i, 'op'])?.node));
    const pointer = scalarText(valueOf(nodeAt(ops, [i, 'path'])?.node));
    const segments = pointerSegments(pointer);
    if (segments[segments.length - 1] === '-') {
      const list = segments.slice(0, -1).join('/');
      appends.set(list, (appends.get(list) ?? 0) + 1);
    }
    return { i, op, segments };
  });
  const seenAppends = new Map<string, number>();
  for (const { i, op, segments } of parsed) {
    if (!['add', 'replace', 'copy', 'move'].includes(op)) continue;
    let resolved: Segment[] = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    if (segments[segments.length - 1] === '-') {
      // `…/args/-` appends: the n-th of m appends is the list's (length − m + n)-th item now.
      const listKey = segments.slice(0, -1).join('/');
      const list = nodeAt(target.obj, resolved.slice(0, -1))?.node;
      const length = list && isSeq(list) ? list.items.length : 0;
      const n = seenAppends.get(listKey) ?? 0;
      seenAppends.set(listKey, n + 1);
      // Fewer items than appends: a later patch replaced the list, and these items are gone.
      if (length < appends.get(listKey)!) continue;
      resolved = [...resolved.slice(0, -1), length - appends.get(listKey)! + n];
    }
    if (resolved.length > nodePath.length || resolved.some((s, k) => String(s) !== String(nodePath[k]))) continue;
    const value = nodeAt(ops, [i, 'value']);
    const inside = value && nodeAt(value.node, nodePath.slice(resolved.length));
    const located = inside && resolved.length < nodePath.length ? inside : (value ?? nodeAt(ops, [i, 'path']) ?? nodeAt(ops, [i]));
    if (located) spans.push(spanOfLocated(file, located));
  }
  return spans;
}

function pointerSegments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface Origin {
  /** The object as written in its file of origin (undefined for a generated one). */
  object?: Node;
  span(nodePath: readonly Segment[], target: Target): { span: SourceSpan; exact: boolean };
}

/**
 * The object's file of origin: the node at the same path there (list items by merge key), else
 * its deepest ancestor there (where the field would be added), else the object's first line.
 */
function originOf(
  origin: Record<string, unknown> | undefined,
  target: Target,
  resolve: (p: string) => string | undefined,
  readYaml: (file: string) => YamlFile | undefined,
): Origin | undefined {
  if (!origin) return undefined;
  // A generated object (configMapGenerator …): its entry in the kustomization that generated it.
  if (typeof origin.configuredIn === 'string' && origin.path === undefined) {
    const file = resolve(origin.configuredIn);
    const kustomization = file ? readYaml(file) : undefined;
    if (!kustomization) return undefined;
    const span = generatorEntry(kustomization, target) ?? kustomization.lineSpan(firstContentLine(kustomization));
    return { span: () => ({ span, exact: false }) };
  }
  if (typeof origin.path !== 'string') return undefined;
  const file = resolve(origin.path);
  const source = file ? readYaml(file) : undefined;
  if (!source) return undefined;
  const doc =
    source.docs.find((d) => {
      const v = valueOf(d.contents) as Record<string, unknown> | null;
      return v?.kind === target.kind && target.names.has(String((v.metadata as Record<string, unknown> | undefined)?.name));
    }) ?? source.docs.find((d) => (valueOf(d.contents) as Record<string, unknown> | null)?.kind === target.kind);
  const object = doc?.contents ?? undefined;
  if (!object) return { span: () => ({ span: source.lineSpan(firstContentLine(source)), exact: false }) };
  const first = isMap(object) ? (object.items[0]?.key as Node | undefined) : undefined;
  const firstLine = first ? source.lineSpan(source.span(first).line) : source.span(object);
  return {
    object,
    span(nodePath, t) {
      const exact = strategicNodeAt(object, t.obj, nodePath);
      if (exact) return { span: spanOfLocated(source, exact), exact: true };
      // A field the file does not have: where it would be added, under its deepest ancestor there.
      for (let n = nodePath.length - 1; n > 0; n--) {
        const ancestor = strategicNodeAt(object, t.obj, nodePath.slice(0, n));
        if (ancestor) return { span: source.span(ancestor.key ?? ancestor.node), exact: false };
      }
      return { span: firstLine, exact: false };
    },
  };
}

function generatorEntry(kustomization: YamlFile, target: Target): SourceSpan | undefined {
  const contents = kustomization.docs[0]?.contents ?? null;
  for (const field of ['configMapGenerator', 'secretGenerator']) {
    const list: Node | undefined = nodeAt(contents, [field])?.node;
    if (!list || !isSeq(list)) continue;
    const index: number = list.items.findIndex((_, i) => target.names.has(String(valueOf(nodeAt(list, [i, 'name'])?.node))));
    const located = index === -1 ? undefined : nodeAt(list, [index, 'name']);
    if (located) return spanOfLocated(kustomization, located);
  }
  return undefined;
}

function firstContentLine(file: YamlFile): number {
  const index = file.lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#') && !l.startsWith('---'));
  return index === -1 ? 1 : index + 1;
}

/** The object's kind, group and names (rendered, and without the prefixes and suffixes applied to it). */
function targetOf(obj: Node, transformations: readonly Transformation[], readYaml: (file: string) => YamlFile | undefined): Target {
  const value = valueOf(obj) as Record<string, unknown>;
  const apiVersion = scalarText(value.apiVersion);
  const name = scalarText((value.metadata as Record<string, unknown> | undefined)?.name);
  const names = new Set([name]);
  // Undo the prefixes and suffixes outermost first: the kustomizations are listed innermost first.
  let bare = name;
  for (const t of [...transformations].reverse()) {
    if (!/Prefix|Suffix/.test(t.kind)) continue;
    const k = readYaml(t.file)?.docs[0]?.contents ?? null;
    const prefix = valueOf(nodeAt(k, ['namePrefix'])?.node);
    const suffix = valueOf(nodeAt(k, ['nameSuffix'])?.node);
    if (typeof prefix === 'string' && bare.startsWith(prefix)) bare = bare.slice(prefix.length);
    if (typeof suffix === 'string' && bare.endsWith(suffix)) bare = bare.slice(0, bare.length - suffix.length);
    names.add(bare);
  }
  return { kind: scalarText(value.kind), group: apiVersion.includes('/') ? apiVersion.split('/')[0]! : '', names, obj };
}

function readAnnotation(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function transformationsOf(text: unknown, resolve: (p: string) => string | undefined): Transformation[] {
  const list = readAnnotation(text);
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    const e = entry as { configuredIn?: unknown; configuredBy?: { kind?: unknown } } | null;
    const file = typeof e?.configuredIn === 'string' ? resolve(e.configuredIn) : undefined;
    const kind = typeof e?.configuredBy?.kind === 'string' ? e.configuredBy.kind : undefined;
    return file && kind ? [{ file, kind }] : [];
  });
}

/**
 * Paths in the annotations are relative to the kustomization kustomize was run on, which is a
 * wrapper in a temporary folder: `../../../work/repo/base/db.yaml`. The `..` steps climb to a
 * folder both share; the rest is found below the kustomization's own folder or one above it.
 */
function annotationPathResolver(root: string): (p: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (p) => {
    if (!cache.has(p)) {
      let found: string | undefined;
      if (path.isAbsolute(p)) found = existsSync(p) ? p : undefined;
      else if (existsSync(path.resolve(root, p))) found = path.resolve(root, p);
      else {
        const rest = p.split('/').filter((s) => s !== '..' && s !== '.' && s !== '');
        for (let dir = root; ; dir = path.dirname(dir)) {
          const candidate = path.join(dir, ...rest);
          if (existsSync(candidate)) {
            found = candidate;
            break;
          }
          if (path.dirname(dir) === dir) break;
        }
      }
      cache.set(p, found);
    }
    return cache.get(p);
  };
}

function sameSpan(a: SourceSpan, b: SourceSpan): boolean {
  return a.file === b.file && a.line === b.line && a.column === b.column;
}

function dedupe(spans: readonly SourceSpan[]): SourceSpan[] {
  return spans.filter((s, i) => spans.findIndex((o) => sameSpan(o, s)) === i);
}
