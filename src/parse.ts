// YAML and JSON files → Kubernetes manifests, keeping each manifest's YAML document so that
// positions can be found later. This module and locate.ts are the only users of `yaml`.

import { isMap, parseAllDocuments, visit, type Document } from 'yaml';
import type { Finding, Path } from './finding.js';
import { indentQuotedContinuations } from './lenient.js';
import { createSourceFile, locationOf, type SourceFile } from './source.js';
import { asArray, asString, isRecord, type JsonRecord } from './value.js';

/** One Kubernetes object as written: its data, and where it sits in its document. */
export interface Manifest {
  readonly file: SourceFile;
  readonly doc: Document.Parsed;
  /** Path of the object inside its document: [] or ['items', i] for List members. */
  readonly basePath: Path;
  readonly obj: JsonRecord;
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
  const result: ParseResult = { manifests: [], findings: [], skippedDocuments: 0 };
  let file = source;
  let docs = parseDocuments(file);
  // Repair what go-yaml accepts and `yaml` does not (see lenient.ts), one quoted scalar at a time.
  for (let attempt = 0; attempt < 20; attempt++) {
    const quoteError = docs.flatMap((d) => d.errors).find((e) => e.code === 'MISSING_CHAR' && /quote/.test(e.message));
    const repaired = quoteError && indentQuotedContinuations(file.text, quoteError.pos[0]);
    if (!repaired) break;
    const candidate = createSourceFile(file.path, repaired);
    const reparsed = parseDocuments(candidate);
    if (errorCount(reparsed) >= errorCount(docs)) break;
    file = candidate;
    docs = reparsed;
  }
  if (docs.length === 0) return result;

  const hasErrors = docs.some((doc) => doc.errors.length > 0);
  const template = file.text.includes(TEMPLATE_OPEN) ? findTemplateSyntax(file, docs, hasErrors) : undefined;
  if (template !== undefined) {
    result.findings.push(templateFinding(file, template));
    return result;
  }

  for (const doc of docs) {
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
    collectManifests(file, doc, value, [], result, 0);
  }
  return result;
}

function parseDocuments(file: SourceFile): Document.Parsed[] {
  const docs = parseAllDocuments(file.text, {
    lineCounter: file.lines,
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

function collectManifests(file: SourceFile, doc: Document.Parsed, value: unknown, basePath: Path, result: ParseResult, depth: number): void {
  if (!isRecord(value)) {
    result.skippedDocuments++;
    return;
  }
  const kind = asString(value.kind);
  const apiVersion = asString(value.apiVersion);
  if (kind === undefined || apiVersion === undefined) {
    result.skippedDocuments++;
    return;
  }
  // `kind: List` and typed lists (`ServiceList`, …) as `kubectl get -o yaml` writes them.
  if (kind.endsWith('List') && Array.isArray(value.items) && depth === 0) {
    const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    for (const [index, item] of asArray(value.items).entries()) {
      const filled = isRecord(item) && itemKind !== undefined
        ? { apiVersion, kind: itemKind, ...item }
        : item;
      collectManifests(file, doc, filled, [...basePath, 'items', index], result, depth + 1);
    }
    return;
  }
  result.manifests.push({ file, doc, basePath, obj: value });
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
  const [start, rawEnd] = pos;
  let end = rawEnd > start ? rawEnd : start + 1;
  if (code === 'DUPLICATE_KEY') end = Math.max(end, start + (/^[^:\n]*/.exec(file.text.slice(start))?.[0].trimEnd().length ?? 1));
  const detail = code === 'DUPLICATE_KEY' ? duplicateKeyMessage(file, start) : message;
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

