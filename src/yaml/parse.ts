// YAML and JSON files → Kubernetes manifests, keeping each manifest's YAML document so that
// positions can be found later. This module and locate.ts are the only users of `yaml`.

import { isMap, parseAllDocuments, visit, type Document } from 'yaml';
import type { Finding, Path } from '../shared/finding.js';
import { fastParse, type GiveUpHint } from './fast-parse.js';
import { findOpeningQuote, indentQuotedContinuations, type Repair } from './lenient.js';
import { splitDocuments } from './prescan.js';
import { createSourceFile, locationOf, type SourceFile } from './source.js';
import { locate } from './locate.js';
import type { Manifest } from './manifest.js';
import { asArray, isRecord, type JsonRecord } from '../shared/value.js';
import { isNotObjectDocument, isNotObjectFile } from '../api/not-objects.js';

export function createManifest(file: SourceFile, docIndex: number, basePath: Path, obj: JsonRecord): Manifest {
  return new ParsedManifest(file, docIndex, basePath, obj);
}

/**
 * A class, not an object literal with a getter: such a literal is a dictionary-mode object with
 * a closure of its own (about 0.5 KB per object, 8 MB over the 5,000-file reference corpus),
 * where an instance has fast properties and shares the getter.
 */
class ParsedManifest implements Manifest {
  constructor(
    readonly file: SourceFile,
    readonly docIndex: number,
    readonly basePath: Path,
    readonly obj: JsonRecord,
  ) {}

  get doc(): Document.Parsed {
    return documentsOf(this.file)[this.docIndex]!;
  }
}

/**
 * The YAML documents of a file, parsed again the first time a position is needed. A YAML
 * document tree is many times the size of the data it holds, so the trees are not kept for
 * the whole run: most files draw no finding and never need theirs again.
 */
export function documentsOf(file: SourceFile): Document.Parsed[] {
  file.documents ??= parseDocuments(file);
  return file.documents;
}

export interface ParseResult {
  manifests: Manifest[];
  findings: Finding[];
  /** Documents that are not Kubernetes objects (no apiVersion/kind), skipped quietly. */
  skippedDocuments: number;
}

export interface ParseOptions {
  /** Aliases allowed per document before we call it an alias bomb. */
  maxAliasCount?: number;
}

const TEMPLATE_OPEN = '{{';

export function parseSource(source: SourceFile, options: ParseOptions = {}): ParseResult {
  // Chart.yaml, kustomization.yaml and the like are never Kubernetes objects: not even parsed.
  if (isNotObjectFile(source.path)) return { manifests: [], findings: [], skippedDocuments: 1 };
  const result: ParseResult = { manifests: [], findings: [], skippedDocuments: 0 };
  const deferred: Deferred[] = [];
  let line = source.lineOffset + 1;
  let previousEnd = 0;
  for (const piece of splitDocuments(source.text)) {
    line += countLines(source.text, previousEnd, piece.start);
    previousEnd = piece.start;
    const file =
      piece.start === 0 && piece.end === source.text.length
        ? source
        : createSourceFile(source.path, source.text.slice(piece.start, piece.end), {
            lineOffset: line - 1,
            charOffset: (source.charOffset ?? 0) + piece.start,
          });
    const template = parsePiece(file, options, result, deferred);
    if (template) return { manifests: [], findings: [template], skippedDocuments: 0 };
  }
  if (result.manifests.length > 0) {
    for (const d of deferred) result.findings.push(manifestProblem(d.file, d.docOf(d.docIndex), d.basePath, d.message));
  } else {
    result.skippedDocuments += deferred.length;
  }
  return result;
}

function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** Parses one piece into `result`; returns the file's only finding when it is an unrendered template. */
function parsePiece(source: SourceFile, options: ParseOptions, result: ParseResult, deferred: Deferred[]): Finding | undefined {
  // Most manifests are plain YAML that fast-parse.ts reads many times faster than `yaml`, with
  // the same values; templates, errors and anything unusual take the `yaml` path below.
  // STSLINT_YAML_READER=yaml turns the fast reader off (tests compare both; a way out for users).
  // Text with `{{` too: what the fast reader reads has no error for `yaml` and no flow map as a
  // key (it gives up on both), so findTemplateSyntax would find nothing there; template actions
  // (`{{ .Values.x }}` as a flow map, `{{- if }}` lines) make it give up, and `yaml` decides.
  const fastReader = process.env.STSLINT_YAML_READER !== 'yaml';
  const hint: GiveUpHint = {};
  if (fastReader && readFast(source, result, deferred, hint)) return undefined;
  if (hint.quoteCut !== undefined) {
    // A quoted scalar cut by an under-indented line: `yaml` reports its missing quote at
    // `quoteCut` (the first such error), and the loop below would repair from there. Repaired
    // and read fast, the piece needs no `yaml` parse; else the loop does as it always did.
    const repaired = indentQuotedContinuations(source.text, hint.quoteCut);
    if (repaired && readFast(repairedFile(source, repaired), result, deferred)) return undefined;
  }
  let file = source;
  let docs = parseDocuments(file);
  // Repair what go-yaml accepts and `yaml` does not (see lenient.ts), one quoted scalar at a time.
  for (let attempt = 0; attempt < 20; attempt++) {
    const quoteError = docs.flatMap((d) => d.errors).find((e) => e.code === 'MISSING_CHAR' && e.message.includes('quote'));
    const repaired = quoteError && indentQuotedContinuations(file.text, quoteError.pos[0]);
    if (!repaired) break;
    const candidate = repairedFile(file, repaired);
    // The repaired text is usually plain YAML again: the fast reader then reads it, with the values
    // `yaml` would give an error-free parse of it (the rest of this function with no error left).
    if (fastReader && readFast(candidate, result, deferred)) return undefined;
    const reparsed = parseDocuments(candidate);
    if (errorCount(reparsed) >= errorCount(docs)) break;
    file = candidate;
    docs = reparsed;
  }
  if (docs.length === 0) return undefined;

  const hasErrors = docs.some((doc) => doc.errors.length > 0);
  const template = file.text.includes(TEMPLATE_OPEN) ? findTemplateSyntax(file, docs, hasErrors) : undefined;
  if (template !== undefined) return templateFinding(file, template);

  for (const [docIndex, doc] of docs.entries()) {
    if (doc.errors.length > 0) {
      // The first error of a document is the cause; the ones after it are usually its echo.
      const error = doc.errors[0]!;
      if (!looksLikeManifestText(file, doc)) {
        result.skippedDocuments++;
        continue;
      }
      result.findings.push(parseErrorFinding(file, error.code, error.message, error.pos));
      continue;
    }
    if (doc.contents === null) continue; // an empty document, e.g. after a trailing `---`
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: options.maxAliasCount ?? 100 });
    } catch (error) {
      const [start, end] = doc.contents.range ?? [0, 0];
      result.findings.push(parseErrorFinding(file, 'ALIAS_LIMIT', aliasMessage(error), [start, Math.min(end, start + 1)]));
      continue;
    }
    collectManifests(file, () => doc, docIndex, value, [], result, deferred, 0);
  }
  return undefined;
}

/** `file` with a lenient.ts repair made: its text, and the columns it shifted (so positions map back). */
function repairedFile(file: SourceFile, repaired: Repair): SourceFile {
  const shifts = new Map(file.columnShifts);
  for (const [line, added] of repaired.shifts) shifts.set(file.lineOffset + line, (shifts.get(file.lineOffset + line) ?? 0) + added);
  return createSourceFile(file.path, repaired.text, {
    lineOffset: file.lineOffset,
    ...(file.charOffset ? { charOffset: file.charOffset } : {}),
    columnShifts: shifts,
  });
}

/** Reads `source` with the fast reader into `result`; false (nothing added) when the reader leaves it to `yaml`. */
function readFast(source: SourceFile, result: ParseResult, deferred: Deferred[], hint?: GiveUpHint): boolean {
  const values = fastParse(source.text, hint);
  if (!values) return false;
  const docOf = (docIndex: number): Document.Parsed => documentsOf(source)[docIndex]!;
  for (const [docIndex, value] of values.entries()) collectManifests(source, docOf, docIndex, value, [], result, deferred, 0);
  return true;
}

function parseDocuments(file: SourceFile): Document.Parsed[] {
  const docs = parseAllDocuments(file.text, {
    prettyErrors: false,
    // kubectl reads YAML 1.1 scalars (sigs.k8s.io/yaml → go-yaml v2): `0644` is 420, `yes` is true.
    version: '1.1',
    uniqueKeys: true,
    merge: true,
  });
  return 'empty' in docs ? [] : docs;
}

function errorCount(docs: readonly Document.Parsed[]): number {
  return docs.reduce((n, d) => n + d.errors.length, 0);
}

/** Built-in rule id for documents that are meant as Kubernetes objects but cannot be one. */
export const MANIFEST_INVALID_ID = 'manifest-invalid';

/** The YAML document of a document index, parsed by `yaml` when a problem needs its position. */
type DocumentOf = (docIndex: number) => Document.Parsed;

interface Deferred {
  file: SourceFile;
  docOf: DocumentOf;
  docIndex: number;
  basePath: Path;
  message: string;
}

/**
 * Sorts one document's value into manifests, and into problems: a document that names a
 * `kind` or `apiVersion` is meant as an object, so what it lacks is reported at once; a bare
 * scalar or list is only reported (deferred) when its file holds manifests too, because a
 * file of nothing but such documents is simply not a manifest file.
 */
function collectManifests(
  file: SourceFile,
  docOf: DocumentOf,
  docIndex: number,
  value: unknown,
  basePath: Path,
  result: ParseResult,
  deferred: Deferred[],
  depth: number,
): void {
  const inList = basePath.length > 0;
  if ((value === null || value === undefined) && !inList) return; // an empty document
  if (!isRecord(value)) {
    const what = value === null || value === undefined ? 'empty' : Array.isArray(value) ? 'a list' : 'a plain value';
    const message = inList
      ? `This List item is ${what}, not a Kubernetes object; every item needs \`apiVersion\`, \`kind\` and \`metadata\`.`
      : `This document is ${what}, not a Kubernetes object; remove it or give it \`apiVersion\`, \`kind\` and \`metadata\`.`;
    if (inList) result.findings.push(manifestProblem(file, docOf(docIndex), basePath, message));
    else deferred.push({ file, docOf, docIndex, basePath, message });
    return;
  }
  const kind = value.kind;
  const apiVersion = value.apiVersion;
  // Configuration files of other tools (kustomization.yaml, kind and kubeadm configs, kubeconfig)
  // carry apiVersion and kind but are not objects: skipped, like any other YAML.
  if ((kind === undefined && apiVersion === undefined && !inList) || (!inList && isNotObjectDocument(value))) {
    result.skippedDocuments++;
    return;
  }
  const problem = identityProblem(value);
  if (problem) {
    result.findings.push(manifestProblem(file, docOf(docIndex), [...basePath, ...problem.path], problem.message));
    return;
  }
  const kindText = kind as string;
  // `kind: List` and typed lists (`ServiceList`, …) as `kubectl get -o yaml` writes them.
  if (kindText.endsWith('List') && Array.isArray(value.items) && depth === 0) {
    const itemKind = kindText === 'List' ? undefined : kindText.slice(0, -'List'.length);
    for (const [index, item] of asArray(value.items).entries()) {
      const filled = isRecord(item) && itemKind !== undefined ? { apiVersion, kind: itemKind, ...item } : item;
      collectManifests(file, docOf, docIndex, filled, [...basePath, 'items', index], result, deferred, depth + 1);
    }
    return;
  }
  result.manifests.push(createManifest(file, docIndex, basePath, value));
}

function identityProblem(value: JsonRecord): { path: Path; message: string } | undefined {
  const { kind, apiVersion } = value;
  if (typeof kind !== 'string' || kind === '') {
    return kind === undefined
      ? { path: ['apiVersion'], message: 'This object has `apiVersion` but no `kind`; add the kind (e.g. `kind: StatefulSet`), or kubectl rejects it.' }
      : { path: ['kind'], message: '`kind` must be a non-empty string such as `StatefulSet`.' };
  }
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    return apiVersion === undefined
      ? { path: ['kind'], message: `This ${kind} has no \`apiVersion\`; add it (e.g. \`apiVersion: apps/v1\`), or kubectl rejects it.` }
      : { path: ['apiVersion'], message: '`apiVersion` must be a non-empty string such as `apps/v1`.' };
  }
  if (kind.endsWith('List') && Array.isArray(value.items)) return undefined;
  const metadata = value.metadata;
  if (!isRecord(metadata)) {
    return {
      path: metadata === undefined ? ['kind'] : ['metadata'],
      message: `This ${kind} has no \`metadata\` map with a \`name\`; add \`metadata: {name: …}\`.`,
    };
  }
  const name = metadata.name;
  if (typeof name === 'string' && name !== '') return undefined;
  if (name === undefined && typeof metadata.generateName === 'string' && metadata.generateName !== '') return undefined;
  return name === undefined
    ? { path: ['metadata'], message: `This ${kind} has no \`metadata.name\`; give it a name (kubectl apply needs one).` }
    : { path: ['metadata', 'name'], message: `\`metadata.name\` of this ${kind} must be a non-empty string.` };
}

function manifestProblem(file: SourceFile, doc: Document.Parsed, path: Path, message: string): Finding {
  return {
    ruleId: MANIFEST_INVALID_ID,
    severity: 'error',
    message,
    filePath: file.path,
    loc: locate({ file, doc, basePath: [] }, path, 'key'),
  };
}

/**
 * Helm and other Go templates must be rendered before they can be linted. Returns the offset
 * of the first template action, or undefined when the file is plain YAML.
 *
 * Rendered manifests often carry `{{ … }}` legitimately (Prometheus rules, Alertmanager
 * templates in ConfigMaps), so plain text is not enough: a template action either breaks the
 * YAML, or parses as a flow map whose key is another flow map (`{{ .Values.x }}`), which no
 * rendered manifest contains.
 */
function findTemplateSyntax(file: SourceFile, docs: Document.Parsed[], hasErrors: boolean): number | undefined {
  if (hasErrors) {
    const match = /^(?![ \t]*#).*?(\{\{)/m.exec(file.text);
    if (match) return match.index + match[0].length - 2;
    return undefined;
  }
  let found: number | undefined;
  for (const doc of docs) {
    visit(doc, {
      Pair(_, pair) {
        if (isMap(pair.key) && pair.key.flow) {
          found = pair.key.range?.[0];
          return visit.BREAK;
        }
        return undefined;
      },
    });
    if (found !== undefined) return Math.max(0, found - 1);
  }
  return undefined;
}

function templateFinding(file: SourceFile, offset: number): Finding {
  return {
    ruleId: null,
    fatal: true,
    severity: 'error',
    message:
      'Parsing error: this file still contains template syntax (`{{ … }}`), so it is not a Kubernetes manifest yet. ' +
      'Render it first and lint the output, e.g. `helm template my-release ./chart | stslint -`.',
    filePath: file.path,
    loc: locationOf(file, offset, offset + 2),
  };
}

function parseErrorFinding(file: SourceFile, code: string, message: string, pos: readonly [number, number]): Finding {
  if (code === 'MISSING_CHAR' && message.includes('quote')) {
    // The parser notices an unclosed quote where the file ends; the fix is where it opens.
    const open = findOpeningQuote(file.text, pos[0]);
    if (open)
      return parseErrorFinding(file, 'UNCLOSED_QUOTE', `${message.replace(/^Missing/, 'missing')}: this quoted value is never closed`, [
        open.offset,
        open.offset + 1,
      ]);
  }
  const [start, rawEnd] = pos;
  let end = rawEnd > start ? rawEnd : start + 1;
  if (code === 'DUPLICATE_KEY') end = Math.max(end, start + (/^[^:\n]*/.exec(file.text.slice(start))?.[0].trimEnd().length ?? 1));
  const detail =
    code === 'DUPLICATE_KEY'
      ? duplicateKeyMessage(file, start)
      : /call stack/i.test(message)
        ? 'the document is nested too deeply to read; flatten it (no Kubernetes object needs thousands of levels).'
        : message;
  return {
    ruleId: null,
    fatal: true,
    severity: 'error',
    message: `Parsing error: ${detail}`,
    filePath: file.path,
    loc: locationOf(file, start, Math.min(end, lineEnd(file.text, start))),
  };
}

function duplicateKeyMessage(file: SourceFile, start: number): string {
  const line = file.text.slice(start, lineEnd(file.text, start));
  const key = /^("[^"]*"|'[^']*'|[^:{}[\],]+?)\s*:/.exec(line)?.[1]?.trim();
  return key
    ? `map key \`${key}\` appears more than once; keep one (kubectl rejects duplicate keys).`
    : 'map keys must be unique (kubectl rejects duplicate keys).';
}

function aliasMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return /alias/i.test(text)
    ? 'this document expands too many YAML aliases (possible "billion laughs" alias bomb); it was not read.'
    : `this document could not be read: ${text}`;
}

function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/**
 * A document that fails to parse is still reported when it looks like a manifest; random YAML
 * or JSON that is clearly not one (tsconfig.json with comments, a chart's values.yaml) is not
 * our business.
 */
function looksLikeManifestText(file: SourceFile, doc: Document.Parsed): boolean {
  const [start, , end] = doc.range;
  const text = file.text.slice(start, end);
  return /(^|[\s{,"'])apiVersion["']?\s*:/.test(text) || /(^|[\s{,"'])kind["']?\s*:/.test(text);
}
