// Runs the enabled rules over the graph and turns what they report into positioned findings.

import type { Finding, Severity } from '../shared/finding.js';
import { describeResource, refOf, type Resource, type ResourceGraph } from '../graph/graph.js';
import { holdsLines, locate, releaseLines, type Anchor } from '../yaml/locate.js';
import type { Manifest } from '../yaml/manifest.js';
import type { SourceFile } from '../yaml/source.js';
import { isAdvancedStatefulSet } from '../api/kinds.js';
import type { ChangeSet } from '../change/change-set.js';
import { fillMessage, type Report, type Rule, type VisitedType } from './rule.js';
import { buildFix } from '../fix/fix.js';

export const INTERNAL_ERROR_ID = 'internal-error';

export interface EnabledRule {
  rule: Rule;
  severity: Severity;
  /** Whether the user set the severity; then a rule cannot change it per finding. */
  configured?: boolean;
}

/** A reported finding whose position is found once every rule has run. */
interface Unplaced {
  finding: Finding;
  manifest: Manifest;
  path: Report<string>['path'];
  on: Anchor | undefined;
}

/**
 * `covered` learns which resource types each rule visits (for reports that list every check
 * made). With a `scope` (`--context`, src/input/relations.ts), rules visit only the resources
 * it names, and findings outside the reported files are dropped before their message and
 * position are made. With `releaseLines`, the lines read to place findings are let go file by
 * file (a one-off run; an editor keeps them for the next keystroke). Without `positions`, the
 * findings are the same but their `loc` is unset (a caller that compares what they are about).
 */
export function runRules(
  graph: ResourceGraph,
  enabled: readonly EnabledRule[],
  covered?: (rule: Rule, types: readonly VisitedType[]) => void,
  change?: ChangeSet,
  scope?: { reported: ReadonlySet<string>; visits(resource: Resource): boolean },
  releaseLinesAfter = false,
  positions = true,
): Finding[] {
  const findings: Finding[] = [];
  const unplaced: Unplaced[] = [];
  for (const { rule, severity, configured } of enabled) {
    const report = (r: Report<string>): void => {
      if (scope && !scope.reported.has(r.resource.manifest.file.path)) return;
      const finding = toFinding(rule, configured ? severity : (r.severity ?? severity), r, change);
      unplaced.push({ finding, manifest: r.resource.manifest, path: r.path, on: r.on });
      findings.push(finding);
    };
    let visitors;
    try {
      visitors = rule.create({ graph, change, report });
    } catch (error) {
      const first = graph.resources[0];
      if (first) findings.push(internalError(rule, first, error));
      continue;
    }
    covered?.(rule, Object.keys(visitors) as VisitedType[]);
    for (const [type, visit] of Object.entries(visitors) as [VisitedType, (r: Resource) => void][]) {
      for (const resource of type === '*' ? graph.resources : graph.ofType(type)) {
        if (scope && !scope.visits(resource)) continue;
        if (type === 'StatefulSet' && rule.meta.skipsAdvancedStatefulSets && isAdvancedStatefulSet(resource)) continue;
        try {
          visit(resource);
        } catch (error) {
          // A rule that breaks must not take the run down with it, nor hide its failure.
          findings.push(internalError(rule, resource, error));
        }
      }
    }
  }
  // Without `positions` only findings that the dedupe below could merge (same rule, file and
  // message) are placed: the others are kept whatever their position, which is left unset.
  place(positions ? unplaced : mergeable(unplaced), releaseLinesAfter);
  // Two visits can reach the same fault (a Service shared by two sets): it is reported once, where first reported.
  const reported = new Set(unplaced.map((u) => u.finding));
  const seen = new Set<string>();
  return findings.filter((finding) => {
    if (!reported.has(finding)) return true;
    const id = `${finding.ruleId ?? ''}\u0000${finding.filePath}\u0000${finding.loc.line}:${finding.loc.column}\u0000${finding.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Finds the findings' positions file by file, after the rules: each file's lines are read once,
 * and with `release` let go before the next file's (unless something held them before), so a
 * large run never holds every file's line index at once.
 */
function place(unplaced: readonly Unplaced[], release: boolean): void {
  const byFile = new Map<SourceFile, Unplaced[]>();
  for (const u of unplaced) {
    const list = byFile.get(u.manifest.file);
    if (list) list.push(u);
    else byFile.set(u.manifest.file, [u]);
  }
  for (const [file, list] of byFile) {
    const held = holdsLines(file);
    for (const u of list) u.finding.loc = locate(u.manifest, u.path, u.on);
    if (release) releaseLines(file, held);
  }
}

/** The findings that share their rule, file and message with another. */
function mergeable(unplaced: readonly Unplaced[]): Unplaced[] {
  const groups = new Map<string, Unplaced[]>();
  for (const u of unplaced) {
    const key = `${u.finding.ruleId ?? ''}\u0000${u.finding.filePath}\u0000${u.finding.message}`;
    const group = groups.get(key);
    if (group) group.push(u);
    else groups.set(key, [u]);
  }
  return [...groups.values()].filter((group) => group.length > 1).flat();
}

/** Replaced by place() before runRules returns (unless it is asked for no positions). */
const UNPLACED = { line: 0, column: 0, endLine: 0, endColumn: 0 };

function toFinding(rule: Rule, severity: Severity, r: Report<string>, change: ChangeSet | undefined): Finding {
  const template = rule.meta.messages[r.messageId];
  if (template === undefined) throw new Error(`unknown messageId \`${r.messageId}\``);
  return {
    ruleId: rule.id,
    severity,
    message: fillMessage(template, r.data),
    messageId: r.messageId,
    filePath: r.resource.manifest.file.path,
    loc: UNPLACED,
    resource: refOf(r.resource),
    path: r.path,
    // A finding about an object that is gone is placed where it was in the base version.
    ...(change?.isBase(r.resource) ? { inBase: true as const } : {}),
    ...(change?.isBase(r.resource) ? {} : fixesOf(rule, r)),
  };
}

/** The report's edits as text fixes; an edit that cannot be placed safely is left out (src/fix/fix.ts). */
function fixesOf(rule: Rule, r: Report<string>): Pick<Finding, 'fix' | 'suggestions'> {
  const out: { fix?: Finding['fix']; suggestions?: Finding['suggestions'] } = {};
  if (r.fix && rule.meta.fixable) {
    const fix = buildFix(r.resource.manifest, r.fix);
    if (fix) out.fix = fix;
  }
  if (r.suggest && rule.meta.hasSuggestions) {
    const suggestions = r.suggest.flatMap((s) => {
      const fix = buildFix(r.resource.manifest, s.edits);
      return fix ? [{ desc: s.desc, fix }] : [];
    });
    if (suggestions.length > 0) out.suggestions = suggestions;
  }
  return out;
}

function internalError(rule: Rule, resource: Resource, error: unknown): Finding {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    ruleId: INTERNAL_ERROR_ID,
    severity: 'error',
    message:
      `Rule \`${rule.id}\` failed on ${describeResource(resource)}: ${detail}. ` +
      'Its findings for this resource may be incomplete; please report this bug with the manifest.',
    filePath: resource.manifest.file.path,
    loc: locate(resource.manifest, ['metadata', 'name']),
    resource: refOf(resource),
  };
}
