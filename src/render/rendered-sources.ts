// `helm template … | stslint -`: Helm writes `# Source: <chart>/templates/<file>` at the top of
// every document it renders. Findings on standard input are moved back to the chart, through the
// same map as a chart stslint renders itself (helm-map.ts), so that a chart author reads
// `templates/statefulset.yaml:14` or `values.yaml:30`, not `<stdin>:212`:
//   - the chart: the Source path from the working directory; or the working directory itself
//     when it is the chart (it holds Chart.yaml); or a chart directory one or two levels down
//     whose Chart.yaml has that name. A chart that is not on disk (a chart from a repository)
//     keeps `<stdin>`, and the message says which template the document came from;
//   - the place: the template line that wrote the node's key, or the values.yaml line its value
//     came from (the template line then related). Piped text does not say which values files
//     helm was given, so the chart's own values.yaml is the one read. Where the map knows only
//     the object (a node the template does not spell out), the message gives the rendered line.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { STDIN_PATH, type Finding } from '../shared/finding.js';
import { helmSourceMap } from './helm-map.js';
import type { RenderedSourceMap, SourceSpan } from './source-map.js';
import { documentAt, pathAtLine, renderedDocuments } from './yaml-nodes.js';

/** The findings on standard input placed in the chart; undefined when the text is no helm output. */
export function mapRenderedFindings(findings: readonly Finding[], text: string, cwd: string): Finding[] | undefined {
  if (!text.includes('# Source:')) return undefined;
  const documents = renderedDocuments(text);
  if (!documents.some((d) => d.source)) return undefined;
  const lines = text.split(/\r?\n/);
  const chartRoot = chartRootResolver(cwd);
  const maps = new Map<string, RenderedSourceMap>();
  const mapOf = (root: string) => {
    let map = maps.get(root);
    if (!map) maps.set(root, (map = helmSourceMap(root, text, { valuesFiles: [] })));
    return map;
  };
  return findings.map((f) => {
    if (f.filePath !== STDIN_PATH) return f;
    const doc = documentAt(documents, f.loc.line, -1);
    if (!doc?.source) return f;
    const root = chartRoot(doc.source);
    const path = f.path ?? pathAtLine(doc, f.loc.line) ?? [];
    const mapped = root && mapOf(root).map({ doc: documents.indexOf(doc), path, renderedLine: f.loc.line, renderedColumn: f.loc.column });
    if (!mapped) return { ...f, message: `${f.message} (rendered from ${doc.source})` };
    const renderedLine = lines[f.loc.line - 1] ?? '';
    const rendered = renderedLine.trim();
    const loc = locOf(mapped.primary);
    // The node's own range, where its line reads the same in the template (moved by the indentation).
    const written = readLine(mapped.primary.file, loc.line);
    if (f.loc.endLine === f.loc.line && written?.trim() === rendered) {
      const shift = indentOf(written) - indentOf(renderedLine);
      loc.column = Math.max(1, f.loc.column + shift);
      loc.endColumn = Math.max(loc.column, f.loc.endColumn + shift);
    }
    const placed: Finding = {
      ...f,
      filePath: mapped.primary.file,
      loc,
      message: writesNode(mapped.primary, path) ? f.message : `${f.message} (Rendered line ${f.loc.line}: \`${rendered}\`.)`,
    };
    if (mapped.related.length > 0) placed.related = mapped.related.map((s) => ({ filePath: s.file, loc: locOf(s) }));
    return placed;
  });
}

function locOf(span: SourceSpan): Finding['loc'] {
  return { line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn };
}

/** Whether the mapped line holds the node's own key (else the map fell back to an ancestor or the object). */
function writesNode(span: SourceSpan, nodePath: readonly (string | number)[]): boolean {
  const key = [...nodePath].reverse().find((s): s is string => typeof s === 'string');
  if (key === undefined) return true;
  const line = readLine(span.file, span.line);
  return line !== undefined && (line.includes(`${key}:`) || /^\s*-/.test(line));
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

const fileLines = new Map<string, string[] | undefined>();

function readLine(file: string, line: number): string | undefined {
  if (!fileLines.has(file)) {
    try {
      fileLines.set(file, readFileSync(file, 'utf8').split(/\r?\n/));
    } catch {
      fileLines.set(file, undefined);
    }
  }
  return fileLines.get(file)?.[line - 1];
}

/** The chart directory a `# Source:` path names, or undefined when it is not on disk. */
function chartRootResolver(cwd: string): (source: string) => string | undefined {
  let charts: Map<string, string[]> | undefined;
  return (source) => {
    const [chart = '', ...rest] = source.split('/');
    const inChart = rest.join('/');
    const direct = path.resolve(cwd, chart);
    if (isFile(path.join(direct, inChart))) return direct;
    if (isFile(path.join(cwd, 'Chart.yaml')) && isFile(path.join(cwd, inChart))) return cwd;
    charts ??= chartDirectories(cwd);
    return (charts.get(chart) ?? []).find((dir) => isFile(path.join(dir, inChart)));
  };
}

/** Chart directories one or two levels below `cwd`, by the `name` in their Chart.yaml. */
function chartDirectories(cwd: string): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  const visit = (dir: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith('.') || entry === 'node_modules') continue;
      const sub = path.join(dir, entry);
      if (!isDirectory(sub)) continue;
      const chartFile = path.join(sub, 'Chart.yaml');
      if (existsSync(chartFile)) {
        const name = /^name:\s*["']?([^"'\s#]+)/m.exec(readFileSync(chartFile, 'utf8'))?.[1];
        if (name) byName.set(name, [...(byName.get(name) ?? []), sub]);
      }
      if (depth < 2) visit(sub, depth + 1);
    }
  };
  visit(cwd, 1);
  return byName;
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function isDirectory(dir: string): boolean {
  return statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
