// Where a finding on rendered text goes: through the unit's line map (src/render/source-map.ts)
// to the template, values, base or patch line a user edits; where the map knows no place, to the
// first line of the object in its template (helm's `# Source:`) or its file of origin
// (kustomize's origin annotation); failing that, to the chart's or kustomization's own file.

import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { MappedSpan, RenderedSourceMap, SourceSpan } from './source-map.js';
import { chartFile } from './helm.js';
import { ORIGIN_ANNOTATION } from './kustomize.js';

/** What placement needs of a finding. */
export interface PlacedFinding {
  loc: { line: number; column: number; endLine: number; endColumn: number };
  path?: readonly (string | number)[];
}

export interface RenderedPlacementInput {
  kind: 'helm' | 'kustomize';
  /** The chart or kustomization folder, and its Chart.yaml / kustomization file. */
  root: string;
  unitFile: string;
  /** The chart's name (helm). */
  chartName?: string;
  /** The text the tool printed (the map's text), and the text linted. */
  mapText: string;
  lintedText: string;
  /** 0-based line of the linted text → 0-based line of mapText (identity when absent). */
  lineOf?: readonly number[];
  map?: RenderedSourceMap;
  /** Placements made before for the same render (the `--cache`): used, and filled with new ones. */
  memo?: PlacementMemo;
}

/** A finding's place: its span, related spans, and whether the map knew the node. */
export type Placed = MappedSpan & { exact: boolean };

/** Placements by the finding's line, column and path in the linted text. */
export type PlacementMemo = Map<string, Placed>;

/** Places findings of one rendered text. */
export class RenderedPlacement {
  private docStarts: number[] | undefined;
  private fallbacks: (SourceSpan | undefined)[] | undefined;
  private readonly fileLines = new Map<string, string[] | undefined>();

  constructor(private readonly input: RenderedPlacementInput) {}

  /** The span a finding at `loc` (in the linted text) with `path` belongs at, and related spans. */
  place(finding: PlacedFinding): Placed {
    const memo = this.input.memo;
    if (!memo) return this.placeNow(finding);
    const key = `${finding.loc.line}:${finding.loc.column}:${JSON.stringify(finding.path ?? null)}`;
    let placed = memo.get(key);
    if (!placed) {
      placed = this.placeNow(finding);
      memo.set(key, placed);
    }
    return placed;
  }

  private placeNow(finding: PlacedFinding): Placed {
    const mapLine = (this.input.lineOf?.[finding.loc.line - 1] ?? finding.loc.line - 1) + 1;
    const doc = this.documentAt(mapLine);
    if (this.input.map && finding.path) {
      const mapped = safeMap(this.input.map, { doc, path: finding.path, renderedLine: mapLine, renderedColumn: finding.loc.column });
      if (mapped) return { ...mapped, exact: true };
    }
    return { primary: this.fallback(doc) ?? this.unitSpan(), related: [], exact: false };
  }

  private unitSpan(): SourceSpan {
    return { file: this.input.unitFile, line: 1, column: 1, endLine: 1, endColumn: 1 };
  }

  /** Index of the document (as parseAllDocuments counts them) holding a 1-based line of mapText. */
  private documentAt(line: number): number {
    this.docStarts ??= documentStartLines(this.input.mapText);
    let doc = 0;
    for (let i = 0; i < this.docStarts.length; i++) if (this.docStarts[i]! <= line) doc = i;
    return doc;
  }

  private fallback(doc: number): SourceSpan | undefined {
    this.fallbacks ??= this.objectOrigins();
    return this.fallbacks[doc];
  }

  /** For each document: the first line of its object in the template or file of origin. */
  private objectOrigins(): (SourceSpan | undefined)[] {
    const out: (SourceSpan | undefined)[] = [];
    const seen = new Map<string, number>();
    const docs = parseAllDocuments(this.input.mapText, { version: '1.1' });
    for (const doc of Array.isArray(docs) ? docs : []) {
      const start = doc.range[0];
      const data = safeJs(doc);
      let file: string | undefined;
      let kind = typeof data?.kind === 'string' ? data.kind : undefined;
      if (this.input.kind === 'helm') {
        const source = /^# Source: (\S.*?)\s*$/m.exec(this.input.mapText.slice(start, start + 600))?.[1];
        file = source && this.input.chartName ? chartFile(this.input.root, this.input.chartName, source) : undefined;
      } else {
        const origin = annotation(data, ORIGIN_ANNOTATION);
        file = origin ? /^path: (.+)$/m.exec(origin)?.[1]?.trim() : undefined;
      }
      if (!file) {
        out.push(undefined);
        continue;
      }
      // The n-th object from one template or file is its n-th `kind:` line.
      const key = `${file}\u0000${this.input.kind === 'kustomize' ? kind : ''}`;
      const nth = seen.get(key) ?? 0;
      seen.set(key, nth + 1);
      if (this.input.kind === 'helm') kind = undefined;
      out.push(this.objectLine(file, nth, kind));
    }
    return out;
  }

  private objectLine(file: string, nth: number, kind: string | undefined): SourceSpan {
    let lines = this.fileLines.get(file);
    if (!this.fileLines.has(file)) {
      try {
        lines = readFileSync(file, 'utf8').split(/\r?\n/);
      } catch {
        lines = undefined;
      }
      this.fileLines.set(file, lines);
    }
    const pattern = kind ? new RegExp(`^kind:\\s*["']?${kind}["']?\\s*$`) : /^kind:/;
    const matches: number[] = [];
    (lines ?? []).forEach((l, i) => {
      if (pattern.test(l)) matches.push(i);
    });
    const index = matches[nth] ?? matches[0];
    if (index === undefined) return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
    return { file, line: index + 1, column: 1, endLine: index + 1, endColumn: lines![index]!.length + 1 };
  }
}

function safeMap(map: RenderedSourceMap, node: Parameters<RenderedSourceMap['map']>[0]): MappedSpan | undefined {
  try {
    return map.map(node);
  } catch {
    return undefined; // a mapper that fails leaves the finding at its fallback place
  }
}

function safeJs(doc: { toJS: () => unknown }): Record<string, unknown> | undefined {
  try {
    const value = doc.toJS();
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function annotation(data: Record<string, unknown> | undefined, name: string): string | undefined {
  const metadata = data?.metadata as { annotations?: Record<string, unknown> } | undefined;
  const value = metadata?.annotations?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** 1-based first line of each document of a YAML stream, as parseAllDocuments splits it. */
export function documentStartLines(text: string): number[] {
  const starts: number[] = [];
  const docs = parseAllDocuments(text, { version: '1.1' }) as unknown as { range?: [number, number, number] }[];
  let line = 1;
  let offset = 0;
  for (const doc of docs) {
    const start = doc.range?.[0] ?? offset;
    for (; offset < start; offset++) if (text.charCodeAt(offset) === 10) line++;
    starts.push(line);
  }
  return starts;
}
