// Runs the enabled rules over the graph and turns what they report into positioned findings.

import type { Finding, Location, Severity } from '../shared/finding.js';
import { describeResource, refOf, type Resource, type ResourceGraph } from '../graph/graph.js';
import { holdsLines, locate, releaseLines } from '../yaml/locate.js';
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

/** A reported finding whose position (and fix) is made once every rule has run. */
interface Unplaced {
  finding: Finding;
  rule: Rule;
  report: Report<string>;
}

/**
 * `covered` learns which resource types each rule visits (for reports that list every check
 * made). With a `scope` (`--context`, src/input/relations.ts), rules visit only the resources
 * it names, and findings outside the reported files are dropped before their message and
 * position are made; findings in reported files that are not `named` (context files a
 * pre-commit hook compares, but shows only a few findings of) are placed when their `loc` is
 * first read (placeLater). With `releaseLines`, the lines read to place findings are let go file by
 * file (a one-off run; an editor keeps them for the next keystroke). Without `buildFixes`, no
 * finding gets a fix or suggestions (a run whose output reads none, src/cli/main.ts). Without
 * `positions`, the findings are the same but their `loc` is unset, and only the findings placed
 * get fixes (a caller that compares what they are about asks for neither).
 */
export function runRules(
  graph: ResourceGraph,
  enabled: readonly EnabledRule[],
  covered?: (rule: Rule, types: readonly VisitedType[]) => void,
  change?: ChangeSet,
  scope?: { reported: ReadonlySet<string>; visits(resource: Resource): boolean; named?: ReadonlySet<string> },
  releaseLinesAfter = false,
  buildFixes = true,
  positions = true,
): Finding[] {
  const findings: Finding[] = [];
  const unplaced: Unplaced[] = [];
  for (const { rule, severity, configured } of enabled) {
    const report = (r: Report<string>): void => {
      if (scope && !scope.reported.has(r.resource.manifest.file.path)) return;
      const finding = toFinding(rule, configured ? severity : (r.severity ?? severity), r, change);
      unplaced.push({ finding, rule, report: r });
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
  // Without `positions` only findings that the dedupe in place() could merge (same rule, file and
  // message) are placed: the others are kept whatever their position, which is left unset.
  let placed: readonly Unplaced[] = unplaced;
  if (!positions) placed = mergeable(unplaced);
  else if (scope?.named) placed = placedNow(unplaced, scope.named, buildFixes);
  const repeated = place(placed, releaseLinesAfter, buildFixes);
  return repeated.size === 0 ? findings : findings.filter((finding) => !repeated.has(finding));
}

/**
 * The findings placed with the run: those in `named` files and, elsewhere, those the dedupe in
 * place() could merge or that may get a fix (place() adds fixes); the others are placed when
 * their `loc` is first read, at the same place (locate() reads the file's text again).
 */
function placedNow(unplaced: readonly Unplaced[], named: ReadonlySet<string>, buildFixes: boolean): Unplaced[] {
  const elsewhere = unplaced.filter((u) => !named.has(u.finding.filePath));
  if (elsewhere.length === 0) return unplaced as Unplaced[];
  const now = new Set(mergeable(elsewhere));
  for (const u of elsewhere) {
    if (now.has(u)) continue;
    if (buildFixes && mayGetFix(u)) now.add(u);
    else placeLater(u);
  }
  return unplaced.filter((u) => named.has(u.finding.filePath) || now.has(u));
}

/** Whether addFixes could give the finding a fix or suggestions. */
function mayGetFix({ rule, report }: Unplaced): boolean {
  return offersFix(rule, report) || offersSuggestions(rule, report);
}

/** The report has a fix and its rule is fixable (addFixes builds it). */
function offersFix(rule: Rule, r: Report<string>): boolean {
  return Boolean(r.fix && rule.meta.fixable);
}

/** The report has suggestions and its rule says it has some (addFixes builds them). */
function offersSuggestions(rule: Rule, r: Report<string>): boolean {
  return Boolean(r.suggest && rule.meta.hasSuggestions);
}

/** Makes the finding's `loc` a property that locates it when first read, and then holds the location. */
function placeLater({ finding, report }: Unplaced): void {
  const hold = (loc: Location): Location => {
    Object.defineProperty(finding, 'loc', { value: loc, writable: true, enumerable: true, configurable: true });
    return loc;
  };
  Object.defineProperty(finding, 'loc', {
    get: () => hold(locate(report.resource.manifest, report.path, report.on)),
    set: hold,
    enumerable: true,
    configurable: true,
  });
}

/**
 * Finds the findings' positions file by file, after the rules: each file's lines are read once,
 * and with `release` let go before the next file's (unless something held them before), so a
 * large run never holds every file's line index at once. Two visits can reach the same fault (a
 * Service shared by two sets): it is reported once, where first reported; the findings that
 * repeat one are returned. Then, with `buildFixes`, the fixes of the findings kept, a file's
 * together (src/fix reads a file's documents and objects once for all of them).
 */
function place(unplaced: readonly Unplaced[], release: boolean, buildFixes: boolean): Set<Finding> {
  const byFile = new Map<SourceFile, Unplaced[]>();
  for (const u of unplaced) {
    const file = u.report.resource.manifest.file;
    const list = byFile.get(file);
    if (list) list.push(u);
    else byFile.set(file, [u]);
  }
  for (const [file, list] of byFile) {
    const held = holdsLines(file);
    for (const { finding, report } of list) finding.loc = locate(report.resource.manifest, report.path, report.on);
    if (release) releaseLines(file, held);
  }
  const repeated = new Set<Finding>();
  const seen = new Set<string>();
  for (const { finding } of unplaced) {
    const id = `${finding.ruleId ?? ''}\u0000${finding.filePath}\u0000${finding.loc.line}:${finding.loc.column}\u0000${finding.message}`;
    if (seen.has(id)) repeated.add(finding);
    else seen.add(id);
  }
  if (buildFixes)
    for (const list of byFile.values()) for (const u of list) if (!u.finding.inBase && !repeated.has(u.finding)) addFixes(u.finding, u.rule, u.report);
  return repeated;
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
    // A finding about an object that is gone is placed where it was in the base version (and has no fix).
    ...(change?.isBase(r.resource) ? { inBase: true as const } : {}),
  };
}

/**
 * The report's edits as the finding's text fixes; an edit that cannot be placed safely is left
 * out (src/fix/fix.ts), and so is one whose making fails: a fix is never worth the finding.
 */
function addFixes(finding: Finding, rule: Rule, r: Report<string>): void {
  try {
    addFixesOf(finding, rule, r);
  } catch {
    delete finding.fix;
    delete finding.suggestions;
  }
}

function addFixesOf(finding: Finding, rule: Rule, r: Report<string>): void {
  if (r.fix && offersFix(rule, r)) {
    const fix = buildFix(r.resource.manifest, r.fix);
    if (fix) finding.fix = fix;
  }
  if (r.suggest && offersSuggestions(rule, r)) {
    const suggestions = r.suggest.flatMap((s) => {
      const fix = buildFix(r.resource.manifest, s.edits);
      return fix ? [{ desc: s.desc, fix }] : [];
    });
    if (suggestions.length > 0) finding.suggestions = suggestions;
  }
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
