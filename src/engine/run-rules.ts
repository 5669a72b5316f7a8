// Runs the enabled rules over the graph and turns what they report into positioned findings.

import type { Finding, Severity } from '../shared/finding.js';
import { describeResource, refOf, type Resource, type ResourceGraph } from '../graph/graph.js';
import { locate } from '../yaml/locate.js';
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

/**
 * `covered` learns which resource types each rule visits (for reports that list every check
 * made). With a `scope` (`--context`, src/input/relations.ts), rules visit only the resources
 * it names, and findings outside the reported files are dropped before their message and
 * position are made.
 */
export function runRules(
  graph: ResourceGraph,
  enabled: readonly EnabledRule[],
  covered?: (rule: Rule, types: readonly VisitedType[]) => void,
  change?: ChangeSet,
  scope?: { reported: ReadonlySet<string>; visits(resource: Resource): boolean },
): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const { rule, severity, configured } of enabled) {
    const report = (r: Report<string>): void => {
      if (scope && !scope.reported.has(r.resource.manifest.file.path)) return;
      const finding = toFinding(rule, configured ? severity : (r.severity ?? severity), r, change);
      // Two visits can reach the same fault (a Service shared by two sets): report it once.
      const id = `${rule.id}\u0000${finding.filePath}\u0000${finding.loc.line}:${finding.loc.column}\u0000${finding.message}`;
      if (seen.has(id)) return;
      seen.add(id);
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
  return findings;
}

function toFinding(rule: Rule, severity: Severity, r: Report<string>, change: ChangeSet | undefined): Finding {
  const template = rule.meta.messages[r.messageId];
  if (template === undefined) throw new Error(`unknown messageId \`${r.messageId}\``);
  return {
    ruleId: rule.id,
    severity,
    message: fillMessage(template, r.data),
    messageId: r.messageId,
    filePath: r.resource.manifest.file.path,
    loc: locate(r.resource.manifest, r.path, r.on),
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
