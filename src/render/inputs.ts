// The render stage of a run: the input files split into charts, kustomizations and plain
// manifests; the units rendered; each rendered text turned into one more source (a FileOutcome
// whose findings are placed in the files people edit); render failures as findings.

import path from 'node:path';
import { isClusterScoped } from '../api/kinds.js';
import type { KubernetesVersion } from '../api/version.js';
import { processText, type FileChecks, type FileOutcome } from '../input/pipeline.js';
import type { FileCache } from '../input/cache.js';
import { contentHash } from '../input/content-hash.js';
import type { Finding } from '../shared/finding.js';
import { asRecord, asString } from '../shared/value.js';
import { relativePath } from '../shared/paths.js';
import { readFileSync } from 'node:fs';
import { carryFix } from './carry-fix.js';
import { discoverUnits, isInside } from './discover.js';
import type { UnitAtRevision } from './at-revision.js';
import { missingToolNotices, renderUnits, type RenderedSource, type RenderSettings } from './render.js';

export interface RenderInputsOptions {
  settings: RenderSettings;
  target: KubernetesVersion;
  namespace: string;
  cacheFile?: string;
  cwd: string;
  checks: FileChecks;
  /** `--cache`: the outcome of each rendered text is kept by the text's hash, as a file's is by its content. */
  fileCache?: FileCache;
  /** The files of `--context`: kustomizations there that include a named one render in its place (discover.ts). */
  around?: readonly string[];
}

export interface RenderedInputs {
  /** The input files that are plain manifests. */
  plainFiles: string[];
  /** One outcome per rendered text, and one per failure (a finding at the unit or the line the tool names). */
  outcomes: FileOutcome[];
  notices: string[];
  /** Seconds the tools ran (for `npm run bench`). */
  toolSeconds: number;
  /** The units rendered (the default render of each), with the name their text is linted under: for `--base`. */
  units: UnitAtRevision[];
  /** Writes the render cache (with `cacheFile`); call it once the findings of the outcomes are placed. */
  saveCache(): void;
}

export async function renderInputs(files: readonly string[], options: RenderInputsOptions): Promise<RenderedInputs> {
  const discovery = discoverUnits(files, options.around);
  if (discovery.units.length === 0 && discovery.problems.length === 0)
    return { plainFiles: discovery.plainFiles, outcomes: [], notices: [], toolSeconds: 0, units: [], saveCache: () => undefined };
  const rendered = await renderUnits({
    units: discovery.units,
    problems: discovery.problems,
    settings: options.settings,
    target: options.target,
    namespace: options.namespace,
    cwd: options.cwd,
    ...(options.cacheFile !== undefined ? { cacheFile: options.cacheFile } : {}),
  });
  const outcomes = rendered.sources.map((source) => renderedOutcome(source, options.checks, options.cwd, options.fileCache));
  for (const failure of rendered.failures) {
    const finding: Finding = {
      // Not `fatal` (ESLint's parse errors, which have no rule): a rule id of its own, configurable as rules are.
      ruleId: failure.ruleId,
      severity: 'error',
      message: failure.message,
      filePath: failure.file,
      renderedBy: failure.unit,
      loc: { line: failure.line, column: failure.column, endLine: failure.line, endColumn: failure.column },
    };
    outcomes.push({ path: failure.file, findings: [finding], manifests: [], skippedDocuments: 0 });
  }
  const notices = options.settings.requireTools ? [] : missingToolNotices(rendered.missing);
  const units = rendered.sources.filter((s) => s.variant === undefined).map((s) => ({ unit: s.unit, path: s.path }));
  return { plainFiles: discovery.plainFiles, outcomes, notices, toolSeconds: rendered.toolSeconds, units, saveCache: () => rendered.saveCache() };
}

function renderedOutcome(source: RenderedSource, checks: FileChecks, cwd: string, cache: FileCache | undefined): FileOutcome {
  const outcome = cachedProcessText(source, checks, cache);
  if (source.releaseNamespace) inReleaseNamespace(outcome, source.releaseNamespace);
  return {
    ...outcome,
    rendered: {
      reportAs: source.unit.file,
      unit: unitLabel(source, cwd),
      ...(source.variant ? { variant: path.relative(source.unit.root, source.variant) } : {}),
      place: (finding, textOf) => {
        // Suggestions edit rendered text; a fix is kept only where the source holds that text verbatim (carry-fix.ts).
        const { fix, suggestions: _suggestions, ...unfixed } = finding;
        const span = source.placement.place(unfixed);
        const { primary } = span;
        const placed: Finding = {
          ...unfixed,
          renderedBy: source.unit.file,
          filePath: primary.file,
          loc: { line: primary.line, column: primary.column, endLine: primary.endLine, endColumn: primary.endColumn },
        };
        if (fix && span.exact) {
          const disk = readOrUndefined(primary.file);
          const carried = carryFix({
            renderedText: source.text,
            fix,
            findingLine: finding.loc.line,
            target: { file: primary.file, line: primary.line },
            current: textOf?.(primary.file) ?? disk,
            disk,
          });
          if ('stale' in carried) return { finding: placed, stale: true };
          if ('fix' in carried) placed.fix = carried.fix;
        }
        if (span.related.length > 0)
          placed.related = span.related.map((s) => ({ filePath: s.file, loc: { line: s.line, column: s.column, endLine: s.endLine, endColumn: s.endColumn } }));
        if (source.variant) return { finding: placed, via: `with ${path.relative(source.unit.root, source.variant)}` };
        // A base shared by several overlays: say which overlay's build drew the finding.
        if (source.unit.kind === 'kustomize' && !isInside(primary.file, source.unit.root))
          return { finding: placed, via: `built by ${relativePath(source.unit.root, cwd)}` };
        return { finding: placed };
      },
    },
  };
}

/** Which installation a rendered text is: `release db of charts/db` (`with ci/x-values.yaml`), `built by overlays/prod`. */
function unitLabel(source: RenderedSource, cwd: string): string {
  const where = relativePath(source.unit.root, cwd) || '.';
  if (source.unit.kind === 'kustomize') return `built by ${where}`;
  const variant = source.variant ? ` with ${path.relative(source.unit.root, source.variant)}` : '';
  return `release ${source.release ?? path.basename(source.unit.root)} of ${where}${variant}`;
}

/** processText of a rendered text, from the cache when the same text was processed before (the cache's key covers the checks). */
function cachedProcessText(source: RenderedSource, checks: FileChecks, cache: FileCache | undefined): FileOutcome {
  if (!cache) return processText(source.path, source.text, checks);
  const hash = contentHash(Buffer.from(source.text));
  const kept = cache.getText(source.path, hash, RENDERED_VARIANT);
  if (kept) return kept;
  const outcome = processText(source.path, source.text, checks);
  cache.setText(source.path, outcome, hash, RENDERED_VARIANT);
  return outcome;
}

/** The cache entries of rendered texts, apart from files' (a rendered text's name is never a file's). */
const RENDERED_VARIANT = 'rendered';

/** The words appended to a finding drawn by these renders (`with a, b`, `built by x, y`). */
export function describeVias(vias: readonly string[]): string {
  const byLead = new Map<string, string[]>();
  for (const via of [...new Set(vias)].sort()) {
    const lead = via.startsWith('built by ') ? 'built by' : 'with';
    byLead.set(lead, [...(byLead.get(lead) ?? []), via.slice(lead.length + 1)]);
  }
  return [...byLead].map(([lead, items]) => `${lead} ${items.join(', ')}`).join('; ');
}

/**
 * Helm installs objects that set no namespace in the release namespace: lint them there, as if
 * written, so that `{{ .Release.Namespace }}` in a peer address reads as the object's own.
 */
function inReleaseNamespace(outcome: FileOutcome, namespace: string): void {
  for (const manifest of outcome.manifests) {
    const kind = asString(manifest.obj.kind) ?? '';
    if (isClusterScoped(kind)) continue;
    const metadata = asRecord(manifest.obj.metadata);
    // The parsed object belongs to this outcome alone (the text was rendered for this run).
    if (metadata && !asString(metadata.namespace)) (metadata as Record<string, unknown>).namespace = namespace;
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
