// Suppressions: findings a user has looked at and accepted, kept in the report as suppressed
// (ESLint's `suppressedMessages`) instead of being dropped.
//
//   # stslint-disable-next-line rule-a, rule-b -- reason   the findings that start on the next line
//   key: value  # stslint-disable-line rule-a -- reason   the findings that start on this line
//   # stslint-disable rule-a -- reason                     a whole document; at its top, before the first key
//   metadata.annotations["stslint.io/ignore"]: "rule-a,rule-b -- reason"   (or "all") one resource
//
// `disable-line` ends the line at fault; the others stand alone on their line. No rule list (or `all`) means every rule.
// Rule ids that do not exist, and a `stslint-disable` below a document's first key, are always
// reported (they are mistakes that silently do nothing); suppressions that suppress nothing are
// reported with `reportUnused` (`--report-unused-disables`). All three under `unused-disable`.

import { allComments } from '../yaml/comments.js';
import type { Finding, FixEdit, Location, ResourceRef, Suppression } from '../shared/finding.js';
import { buildFix } from '../fix/fix.js';
import { describeResource, refOf, type Resource } from '../graph/graph.js';
import { locate } from '../yaml/locate.js';
import { listAnd, listOr, nearMisses } from '../shared/text.js';
import type { Manifest } from '../yaml/manifest.js';
import type { RulesMeta } from './report.js';
import { docsUrlFor } from './rule.js';
import { locationOf, positionAt, type SourceFile } from '../yaml/source.js';
import { asRecord, asString } from '../shared/value.js';

export const UNUSED_DISABLE_ID = 'unused-disable';
export const IGNORE_ANNOTATION = 'stslint.io/ignore';
const ALL = 'all';

export const SUPPRESSION_RULES_META: RulesMeta = {
  [UNUSED_DISABLE_ID]: {
    type: 'suggestion',
    docs: {
      description: 'A suppression comment or `stslint.io/ignore` annotation that suppresses nothing: unknown rule id, misplaced, or no longer needed.',
      url: docsUrlFor(UNUSED_DISABLE_ID),
    },
    defaultSeverity: 'warning',
    fixable: 'code',
    hasSuggestions: true,
  },
};

export interface SuppressionOptions {
  /** Every rule id a suppression may name. */
  knownRuleIds: ReadonlySet<string>;
  /** Rules that ran: a suppression for a rule that is off is not "unused". */
  enabledRuleIds: ReadonlySet<string>;
  reportUnused: boolean;
}

interface Entry {
  ruleId: string;
  used: boolean;
}

interface Source {
  suppression: Suppression;
  entries: Entry[];
  /** How the suppression reads in messages, e.g. `# stslint-disable-next-line a, b`. */
  label: string;
  /** Where it applies, for the "suppresses nothing" message. */
  scope: string;
  filePath: string;
  loc: Location;
  resource?: ResourceRef;
  path?: readonly string[];
  /** What a fix edits: the comment (offsets in its file piece, and a manifest of that piece) or the annotation's resource. */
  edit: { kind: 'comment'; manifest: Manifest; start: number; end: number; form: string } | { kind: 'annotation'; manifest: Manifest };
  justification: string;
}

interface Collected {
  sources: Source[];
  /** Next-line directives by `file\0line` of the line they cover. */
  nextLine: Map<string, Source[]>;
  /** Whole-document directives by documentKey. */
  byDocument: Map<string, Source[]>;
  byResource: Map<Resource, Source>;
  misplaced: Finding[];
}

const DIRECTIVE = /^#\s*stslint-(disable-next-line|disable-line|disable)(?=\s|$)(.*)$/;
const MARKER = '---';

/** Marks suppressed findings (`suppressions`) and adds `unused-disable` findings. */
export function applySuppressions(findings: readonly Finding[], resources: readonly Resource[], options: SuppressionOptions): Finding[] {
  const collected = collect(resources);
  if (collected.sources.length === 0 && collected.misplaced.length === 0) return [...findings];

  const owners = ownerIndex(resources);
  // A finding's line is read only in files with next-line directives: elsewhere it may not be
  // placed yet (run-rules.ts placeLater).
  const nextLineFiles = new Set([...collected.nextLine.keys()].map((key) => key.slice(0, key.lastIndexOf('\u0000'))));
  const out = findings.map((finding) => {
    if (finding.ruleId === null || finding.fatal) return finding;
    const owner = finding.resource ? owners.get(identity(finding.filePath, finding.resource)) : undefined;
    const candidates = [
      ...((nextLineFiles.has(finding.filePath) ? collected.nextLine.get(lineKey(finding.filePath, finding.loc.line)) : undefined) ?? []),
      ...(owner ? (collected.byDocument.get(documentKey(owner.manifest)) ?? []) : []),
      ...(owner && collected.byResource.has(owner) ? [collected.byResource.get(owner)!] : []),
    ];
    const suppressions: Suppression[] = [];
    for (const source of candidates) {
      const entry = source.entries.find((e) => e.ruleId === finding.ruleId || e.ruleId === ALL);
      if (!entry) continue;
      entry.used = true;
      suppressions.push({ ...source.suppression });
    }
    return suppressions.length > 0 ? { ...finding, suppressions } : finding;
  });
  out.push(...collected.misplaced);
  for (const source of collected.sources) out.push(...problemsOf(source, options));
  return out;
}

function collect(resources: readonly Resource[]): Collected {
  const collected: Collected = { sources: [], nextLine: new Map(), byDocument: new Map(), byResource: new Map(), misplaced: [] };
  const docsByFile = new Map<SourceFile, Resource[]>();
  for (const resource of resources) {
    const { file } = resource.manifest;
    const list = docsByFile.get(file);
    if (list) list.push(resource);
    else docsByFile.set(file, [resource]);
    const annotation = annotationSource(resource);
    if (annotation) {
      collected.sources.push(annotation);
      collected.byResource.set(resource, annotation);
    }
  }
  for (const [file, fileResources] of docsByFile) {
    // Most files have no directive: skip the lexer for them.
    if (file.text.includes('stslint-disable')) collectComments(file, fileResources, collected);
  }
  return collected;
}

function annotationSource(resource: Resource): Source | undefined {
  const annotations = asRecord(asRecord(resource.obj.metadata)?.annotations);
  const value = asString(annotations?.[IGNORE_ANNOTATION]);
  if (value === undefined) return undefined;
  const { ruleIds, justification } = parseSpec(value);
  const path = ['metadata', 'annotations', IGNORE_ANNOTATION];
  return {
    suppression: { kind: 'annotation', justification },
    entries: (ruleIds.length > 0 ? ruleIds : [ALL]).map((ruleId) => ({ ruleId, used: false })),
    label: `annotation \`${IGNORE_ANNOTATION}: "${value}"\``,
    scope: `on ${describeResource(resource)}`,
    filePath: resource.manifest.file.path,
    loc: locate(resource.manifest, path, 'value'),
    resource: refOf(resource),
    path,
    edit: { kind: 'annotation', manifest: resource.manifest },
    justification,
  };
}

interface DocumentSpan {
  key: string;
  /** Where a whole-document directive may sit: [headerStart, contentStart). */
  headerStart: number;
  contentStart: number;
  end: number;
  /** The document's resource when it holds exactly one (a List holds several). */
  only?: Resource;
}

function collectComments(file: SourceFile, resources: readonly Resource[], collected: Collected): void {
  const spans = documentSpans(file, resources);
  for (const comment of allComments(file)) {
    const match = DIRECTIVE.exec(comment.text);
    if (!match) continue;
    const form = match[1] as 'disable-next-line' | 'disable-line' | 'disable';
    const { ruleIds, justification } = parseSpec(match[2] ?? '');
    const line = positionAt(file, comment.start).line;
    const header = spans.find((s) => comment.start >= s.headerStart && comment.start < s.contentStart);
    const inside = spans.find((s) => comment.start >= s.contentStart && comment.start < s.end);
    const owner = (header ?? inside)?.only;
    const source: Source = {
      suppression: { kind: 'directive', justification },
      entries: (ruleIds.length > 0 ? ruleIds : [ALL]).map((ruleId) => ({ ruleId, used: false })),
      label: `\`# stslint-${form}${ruleIds.length > 0 ? ` ${ruleIds.join(', ')}` : ''}\``,
      scope: form === 'disable' ? 'in this document' : `on line ${form === 'disable-line' ? line : line + 1}`,
      filePath: file.path,
      loc: locationOf(file, comment.start, comment.end),
      edit: { kind: 'comment', manifest: resources[0]!.manifest, start: comment.start, end: comment.end, form },
      justification,
    };
    if (owner) source.resource = refOf(owner);

    if (form === 'disable-line' && !comment.alone) {
      push(collected.nextLine, lineKey(file.path, line), source);
    } else if (form === 'disable-line' || !comment.alone) {
      // A directive in the wrong form for where it is would silently do nothing: say so.
      const fix =
        form === 'disable-line'
          ? 'Put it at the end of the line at fault, or use `# stslint-disable-next-line` here.'
          : 'Put it on a line of its own, or use `# stslint-disable-line` at the end of the line at fault.';
      collected.misplaced.push(
        problem(source, 'misplaced', `${source.label} ${form === 'disable-line' ? 'on a line of its own' : 'after a value'} suppresses nothing. ${fix}`),
      );
      continue;
    } else if (form === 'disable-next-line') {
      push(collected.nextLine, lineKey(file.path, line + 1), source);
    } else if (header) {
      push(collected.byDocument, header.key, source);
    } else if (inside) {
      // Below the first key it would silently do nothing: say so instead.
      collected.misplaced.push(
        problem(
          source,
          'misplaced',
          `${source.label} only works at the top of a document, before its first key; here it suppresses nothing. ` +
            'Move it above the first key (below the `---` line), or put `# stslint-disable-next-line` above the line at fault.',
        ),
      );
      continue;
    } else {
      continue; // in a document that holds no Kubernetes object: nothing to suppress, nothing to say.
    }
    collected.sources.push(source);
  }
}

function documentSpans(file: SourceFile, resources: readonly Resource[]): DocumentSpan[] {
  const spans: DocumentSpan[] = [];
  for (const resource of resources) {
    const { doc } = resource.manifest;
    const key = documentKey(resource.manifest);
    const last = spans[spans.length - 1];
    if (last?.key === key) {
      delete last.only;
      continue;
    }
    const [docStart, , end] = doc.range;
    const contentStart = doc.contents?.range?.[0] ?? docStart;
    const hasMarker = file.text.startsWith(MARKER, docStart);
    // Comments above the first `---` of a file belong to the first document.
    const headerStart = hasMarker && !onlyComments(file.text.slice(0, docStart)) ? docStart : (last?.end ?? 0);
    spans.push({ key, headerStart, contentStart, end, only: resource });
  }
  return spans;
}

/**
 * Identifies a manifest's YAML document without touching `manifest.doc`, which would parse the
 * file again: pieces of one file differ by their line offset (parse.ts splitDocuments).
 */
function documentKey(manifest: Manifest): string {
  return `${manifest.file.path}\u0000${manifest.file.lineOffset}\u0000${manifest.docIndex}`;
}

function onlyComments(text: string): boolean {
  return text.split('\n').every((line) => /^\s*(#.*)?$/.test(line));
}

/** `rule-a, rule-b -- reason` → ids and justification. */
export function parseSpec(spec: string): { ruleIds: string[]; justification: string } {
  const separator = /(?:^|\s)--(?:\s|$)/.exec(spec);
  const list = separator ? spec.slice(0, separator.index) : spec;
  const justification = separator ? spec.slice(separator.index + separator[0].length).trim() : '';
  const ruleIds = list.split(/[\s,]+/).filter((id) => id !== '');
  return { ruleIds, justification };
}

function problemsOf(source: Source, options: SuppressionOptions): Finding[] {
  const problems: Finding[] = [];
  const unknown = source.entries.filter((e) => e.ruleId !== ALL && !options.knownRuleIds.has(e.ruleId));
  for (const { ruleId } of unknown) {
    const near = nearMisses(ruleId, options.knownRuleIds, 2);
    const hint = near.length > 0 ? ` (did you mean ${listOr(near)}?)` : '';
    const finding = problem(
      source,
      'unknownRule',
      `${source.label} names rule \`${ruleId}\`, which does not exist${hint}, so it suppresses nothing. ` +
        'Correct the rule id; `stslint --list-rules` lists them.',
    );
    // The one near miss is a suggestion: suppressing that rule is a choice the user makes.
    const ids = source.entries.map((e) => e.ruleId);
    const corrected =
      near.length === 1
        ? buildFix(
            source.edit.manifest,
            rewriteEdits(
              source,
              ids.map((id) => (id === ruleId ? near[0]! : id)),
            ),
          )
        : undefined;
    if (corrected) finding.suggestions = [{ desc: `Change ${ruleId} to ${near[0]!}`, fix: corrected }];
    problems.push(finding);
  }
  if (!options.reportUnused) return problems;
  const unused = source.entries
    .filter((e) => !e.used && !unknown.includes(e) && (e.ruleId === ALL || options.enabledRuleIds.has(e.ruleId)))
    .map((e) => e.ruleId);
  if (unused.length > 0) {
    const what = unused.includes(ALL) ? 'no finding' : `no ${listAnd(unused)} finding`;
    const finding = problem(
      source,
      'unused',
      `${source.label} suppresses nothing: there is ${what} ${source.scope}. ` +
        `Remove ${unused.length === source.entries.length ? 'it' : `${listAnd(unused)} from it`}.`,
    );
    const kept = source.entries.map((e) => e.ruleId).filter((id) => !unused.includes(id));
    // The message's edit: the whole suppression, or the ids it names in vain (never all of them,
    // which would leave a bare directive that suppresses every rule).
    const fix = buildFix(source.edit.manifest, kept.length === 0 ? removalEdits(source) : rewriteEdits(source, kept));
    if (fix) finding.fix = fix;
    problems.push(finding);
  }
  return problems;
}

function problem(source: Source, messageId: string, message: string): Finding {
  const finding: Finding = { ruleId: UNUSED_DISABLE_ID, severity: 'warning', message, messageId, filePath: source.filePath, loc: source.loc };
  if (source.resource) finding.resource = source.resource;
  if (source.path) finding.path = source.path;
  return finding;
}

function ownerIndex(resources: readonly Resource[]): Map<string, Resource> {
  const index = new Map<string, Resource>();
  for (const resource of resources) {
    const key = identity(resource.manifest.file.path, refOf(resource));
    // Two objects with one identity in one file: the first wins, as in the graph.
    if (!index.has(key)) index.set(key, resource);
  }
  return index;
}

function identity(filePath: string, ref: ResourceRef): string {
  return [filePath, ref.apiVersion, ref.kind, ref.namespace, ref.name].join('\u0000');
}

function lineKey(filePath: string, line: number): string {
  return `${filePath}\u0000${line}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The suppression rewritten to name `ids`, with its justification. */
function rewriteEdits(source: Source, ids: readonly string[]): FixEdit[] {
  const reason = source.justification ? ` -- ${source.justification}` : '';
  if (source.edit.kind === 'annotation') {
    return [{ op: 'set', path: ['metadata', 'annotations', IGNORE_ANNOTATION], value: `${ids.join(',')}${reason}` }];
  }
  return [{ op: 'replaceText', start: source.edit.start, end: source.edit.end, text: `# stslint-${source.edit.form} ${ids.join(', ')}${reason}` }];
}

/** The suppression removed: the annotation, or the comment (with its line when it stands alone). */
function removalEdits(source: Source): FixEdit[] {
  if (source.edit.kind === 'annotation') return [{ op: 'remove', path: ['metadata', 'annotations', IGNORE_ANNOTATION] }];
  const { text } = source.edit.manifest.file;
  const { start, end } = source.edit;
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const newline = text.indexOf('\n', end);
  const to = newline === -1 ? text.length : newline;
  if (text.slice(from, start).trim() === '' && text.slice(end, to).trim() === '') {
    return [{ op: 'replaceText', start: from, end: newline === -1 ? to : newline + 1, text: '' }];
  }
  return [{ op: 'replaceText', start: from + text.slice(from, start).trimEnd().length, end, text: '' }];
}
