// `helm template … | stslint -`: Helm writes `# Source: <chart>/templates/<file>` at the top of
// every document it renders. Findings on standard input are moved back to that chart file, so
// that a chart author reads `templates/statefulset.yaml:14`, not `<stdin>:212`:
//   - the file: the Source path from the working directory; or, when the working directory is
//     the chart (it holds Chart.yaml), without the chart's name; or in a chart directory one or
//     two levels down whose Chart.yaml has that name. A chart that is not on disk (a chart from a
//     repository) keeps `<stdin>`, and the message says which template the document came from;
//   - the line: the template line that reads like the rendered line (same text after
//     indentation; the n-th such line for the n-th occurrence in the document). A line that
//     templating changed has no such twin: the finding goes to the template's first line and its
//     message gives the rendered line.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { toLintResults } from '../engine/report.js';
import type { LintRun } from '../engine/lint.js';
import { STDIN_PATH, type Finding } from '../shared/finding.js';

const SOURCE_COMMENT = /^#\s*Source:\s*(\S.*?)\s*$/;

interface RenderedDocument {
  /** 1-based lines of standard input, inclusive. */
  firstLine: number;
  lastLine: number;
  source?: string;
}

/** Whether standard input is rendered Helm output: its findings belong to templates, and no fix lands on it. */
export function isRenderedText(text: string): boolean {
  return text.includes('# Source:') && renderedDocuments(text.split(/\r?\n/)).some((d) => d.source);
}

export function mapRenderedSources(run: LintRun, text: string, cwd: string): LintRun {
  if (!text.includes('# Source:')) return run;
  const lines = text.split(/\r?\n/);
  const documents = renderedDocuments(lines);
  if (!documents.some((d) => d.source)) return run;
  const resolve = chartFileResolver(cwd);
  const templates = new Map<string, string[]>();
  const templateLines = (file: string): string[] => {
    let cached = templates.get(file);
    if (!cached) templates.set(file, (cached = readFileSync(file, 'utf8').split(/\r?\n/)));
    return cached;
  };
  const findings = run.findings.map((withFixes) => {
    if (withFixes.filePath !== STDIN_PATH) return withFixes;
    const doc = documents.find((d) => withFixes.loc.line >= d.firstLine && withFixes.loc.line <= d.lastLine);
    if (!doc?.source) return withFixes;
    // Rendered text: its offsets are not the template's, so its fixes and suggestions go (src/fix/fix.ts isFixableSource).
    const { fix: _fix, suggestions: _suggestions, ...f } = withFixes;
    const file = resolve(doc.source);
    if (!file) return { ...f, message: `${f.message} (rendered from ${doc.source})` };
    return toTemplate(f, file, templateLines(file), lines, doc);
  });
  const paths = [...new Set([...run.results.map((r) => r.filePath), ...findings.map((f) => f.filePath)])].filter(
    (p) => p !== STDIN_PATH || findings.some((f) => f.filePath === STDIN_PATH),
  );
  return { ...run, findings, results: toLintResults(paths, findings) };
}

function renderedDocuments(lines: readonly string[]): RenderedDocument[] {
  const documents: RenderedDocument[] = [];
  let current: RenderedDocument = { firstLine: 1, lastLine: lines.length };
  lines.forEach((line, i) => {
    if (/^---(\s|$)/.test(line) && i > 0) {
      current.lastLine = i;
      documents.push(current);
      current = { firstLine: i + 1, lastLine: lines.length };
    }
    const source = SOURCE_COMMENT.exec(line);
    if (source && current.source === undefined) current.source = source[1]!;
  });
  documents.push(current);
  return documents;
}

function toTemplate(f: Finding, file: string, template: readonly string[], rendered: readonly string[], doc: RenderedDocument): Finding {
  const line = rendered[f.loc.line - 1] ?? '';
  const wanted = line.trim();
  // Which occurrence of this text within its document the finding is on.
  let occurrence = 0;
  for (let i = doc.firstLine; i < f.loc.line; i++) if (rendered[i - 1]?.trim() === wanted) occurrence++;
  const matches = wanted === '' ? [] : template.flatMap((t, i) => (t.trim() === wanted ? [i] : []));
  const index = matches[occurrence] ?? (matches.length === 1 ? matches[0] : undefined);
  if (index === undefined) {
    return {
      ...f,
      filePath: file,
      loc: { line: 1, column: 1, endLine: 1, endColumn: 1 },
      message: `${f.message} (Rendered line ${f.loc.line}: \`${wanted}\`.)`,
    };
  }
  const shift = indentOf(template[index]!) - indentOf(line);
  const newLine = index + 1;
  const column = Math.max(1, f.loc.column + shift);
  const sameLine = f.loc.endLine === f.loc.line;
  return {
    ...f,
    filePath: file,
    loc: {
      line: newLine,
      column,
      endLine: newLine,
      endColumn: sameLine ? Math.max(column, f.loc.endColumn + shift) : template[index]!.length + 1,
    },
  };
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The chart file a `# Source:` path names, or undefined when it is not on disk. */
function chartFileResolver(cwd: string): (source: string) => string | undefined {
  let charts: Map<string, string[]> | undefined;
  return (source) => {
    const direct = path.resolve(cwd, source);
    if (isFile(direct)) return direct;
    const [chart = '', ...rest] = source.split('/');
    const inChart = rest.join('/');
    if (isFile(path.join(cwd, 'Chart.yaml'))) {
      const here = path.join(cwd, inChart);
      if (isFile(here)) return here;
    }
    charts ??= chartDirectories(cwd);
    for (const dir of charts.get(chart) ?? []) {
      const candidate = path.join(dir, inChart);
      if (isFile(candidate)) return candidate;
    }
    return undefined;
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
