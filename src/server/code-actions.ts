// Code actions for stslint's diagnostics:
//   - suppress the finding on its line, or in its document, with the comments of suppressions.ts;
//   - quick fixes where the change is exactly what the message asks for: `clusterIP: None` on a
//     StatefulSet's Service (service-not-headless), the apiVersion an object must move to
//     (api-removed), with the selector and update strategy the message names for StatefulSets,
//     and suppression comments that suppress nothing (unused-disable, suppression-fixes.ts).

import type { Diagnostic, TextEdit } from 'vscode-languageserver';
import type { Manifest } from '../yaml/manifest.js';
import { positionAt } from '../yaml/source.js';
import { parseSpec, UNUSED_DISABLE_ID } from '../engine/suppressions.js';
import { INTERNAL_ERROR_ID } from '../engine/run-rules.js';
import { suppressionFix } from './suppression-fixes.js';
import { asRecord, asStringMap, getIn } from '../shared/value.js';
import type { DiagnosticData } from './diagnostics.js';
import { insertIntoMap, lineEnding, mapAt, replaceScalar, scalarAt, yamlString, type NewEntry } from './edits.js';

export interface ActionTarget {
  /** The document's current text and its manifests, parsed from that text. */
  text: string;
  manifests: readonly Manifest[];
  /** JSON allows no comments: no suppression comments there. */
  json: boolean;
}

export interface PlannedAction {
  title: string;
  kind: 'quickfix';
  isPreferred?: boolean;
  diagnostic: Diagnostic;
  edits: TextEdit[];
}

/** The actions for one diagnostic of ours, quick fixes first. */
export function actionsFor(diagnostic: Diagnostic, target: ActionTarget): PlannedAction[] {
  const ruleId = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
  if (!ruleId) return [];
  const data = (diagnostic.data ?? {}) as DiagnosticData;
  const manifest = data.resource ? manifestOf(target.manifests, data.resource) : undefined;
  const actions: PlannedAction[] = [];
  const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
  const fix =
    ruleId === UNUSED_DISABLE_ID
      ? suppressionFix(data.messageId, message, diagnostic.range, target.text)
      : manifest
        ? quickFix(ruleId, message, data, manifest, target)
        : undefined;
  if (fix) actions.push({ ...fix, kind: 'quickfix', isPreferred: true, diagnostic });
  // A suppression comment cannot suppress the findings about suppression comments, and an
  // internal error is a bug of stslint's to report, not a finding to hide.
  if (!target.json && ruleId !== UNUSED_DISABLE_ID && ruleId !== INTERNAL_ERROR_ID) {
    const line = suppressOnLine(ruleId, diagnostic.range.start.line, target.text);
    if (line) actions.push({ title: `Suppress ${ruleId} on this line`, kind: 'quickfix', diagnostic, edits: [line] });
    const document = manifest ? suppressInDocument(ruleId, manifest, target.text) : undefined;
    if (document) actions.push({ title: `Suppress ${ruleId} in this document`, kind: 'quickfix', diagnostic, edits: [document] });
  }
  return actions;
}

function manifestOf(manifests: readonly Manifest[], ref: NonNullable<DiagnosticData['resource']>): Manifest | undefined {
  const candidates = manifests.filter((m) => m.obj.apiVersion === ref.apiVersion && m.obj.kind === ref.kind && asRecord(m.obj.metadata)?.name === ref.name);
  if (candidates.length <= 1) return candidates[0];
  return candidates.find((m) => asRecord(m.obj.metadata)?.namespace === ref.namespace) ?? candidates[0];
}

const NEXT_LINE = /^([ \t]*)#\s*stslint-disable-next-line(?=\s|$)(.*)$/;
const DISABLE = /^[ \t]*#\s*stslint-disable(?=\s|$)(.*)$/;

/** `# stslint-disable-next-line <rule>` above the line, or the rule added to the directive already there. */
function suppressOnLine(ruleId: string, line: number, text: string): TextEdit | undefined {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const current = lines[line];
  if (current === undefined) return undefined;
  const above = line > 0 ? NEXT_LINE.exec(lines[line - 1]!) : null;
  if (above) return extendDirective(line - 1, lines[line - 1]!, above[1]!, 'disable-next-line', above[2]!, ruleId);
  const indent = /^[ \t]*/.exec(current)![0];
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}# stslint-disable-next-line ${ruleId}${lineEnding(text)}` };
}

/** `# stslint-disable <rule>` at the head of the finding's document (below `---`, above the first key). */
function suppressInDocument(ruleId: string, manifest: Manifest, text: string): TextEdit | undefined {
  const { file, doc } = manifest;
  const contentStart = doc.contents?.range?.[0];
  if (contentStart === undefined) return undefined;
  const docStart = doc.range[0];
  const contentLine = positionAt(file, contentStart).line - 1;
  if (file.text.startsWith('---', docStart) && positionAt(file, docStart).line - 1 === contentLine) return undefined; // `--- {…}`
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  // A directive already at the head of this document: add the rule to it.
  for (let i = contentLine - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.startsWith('---') || !/^\s*(#.*)?$/.test(line)) break;
    const match = DISABLE.exec(line);
    if (match) return extendDirective(i, line, /^[ \t]*/.exec(line)![0], 'disable', match[1]!, ruleId);
  }
  const at = { line: contentLine, character: 0 };
  return { range: { start: at, end: at }, newText: `# stslint-disable ${ruleId}${lineEnding(text)}` };
}

function extendDirective(line: number, text: string, indent: string, form: string, spec: string, ruleId: string): TextEdit | undefined {
  const { ruleIds, justification } = parseSpec(spec);
  if (ruleIds.length === 0 || ruleIds.includes(ruleId) || ruleIds.includes('all')) return undefined;
  const newText = `${indent}# stslint-${form} ${[...ruleIds, ruleId].join(', ')}${justification ? ` -- ${justification}` : ''}`;
  return { range: { start: { line, character: 0 }, end: { line, character: text.length } }, newText };
}

function quickFix(
  ruleId: string,
  message: string,
  data: DiagnosticData,
  manifest: Manifest,
  target: ActionTarget,
): { title: string; edits: TextEdit[] } | undefined {
  if (ruleId === 'service-not-headless' && (data.messageId === 'clusterIp' || data.messageId === 'noClusterIp')) return headless(manifest, target);
  if (ruleId === 'api-removed') return migration(message, manifest, target);
  return undefined;
}

/** service-not-headless: `clusterIP: None`. Not offered with `clusterIPs` set: which IPs to keep is the user's call. */
function headless(manifest: Manifest, target: ActionTarget): { title: string; edits: TextEdit[] } | undefined {
  const spec = mapAt(manifest, ['spec']);
  if (!spec || spec.has('clusterIPs')) return undefined;
  const title = 'Make the Service headless (clusterIP: None)';
  const current = scalarAt(spec, 'clusterIP');
  if (spec.has('clusterIP')) {
    const edit = current && replaceScalar(manifest.file, current, 'None', target.json);
    return edit ? { title, edits: [edit] } : undefined;
  }
  const edit = insertIntoMap(manifest.file, spec, [{ key: 'clusterIP', yaml: 'None', json: '"None"' }], target.json, lineEnding(target.text));
  return edit ? { title, edits: [edit] } : undefined;
}

/**
 * api-removed: the move its message asks for, and only when it asks for nothing a program cannot
 * decide. The message says `Use \`apiVersion: X\`` (PetSet: `Migrate to \`apiVersion: X\` and
 * \`kind: StatefulSet\``), possibly followed by the selector apps/v1 requires (offered when the
 * message names the pod template's labels: what apps/v1beta1 defaulted the selector to) and, for
 * apps/v1beta1, `updateStrategy: {type: OnDelete}` (its default there, pkg/apis/apps/v1beta1/defaults.go;
 * apps/v1 defaults to RollingUpdate). Any other advice in the message (a selector whose meaning
 * changes, metric targets that change shape) leaves the change to the user.
 */
function migration(message: string, manifest: Manifest, target: ActionTarget): { title: string; edits: TextEdit[] } | undefined {
  const use = /(?:Use|Migrate to) `apiVersion: ([^`]+)`(.*)$/s.exec(message);
  if (!use) return undefined;
  const replacement = use[1]!;
  let rest = use[2]!;
  const take = (pattern: RegExp): boolean => {
    const found = pattern.test(rest);
    rest = rest.replace(pattern, '');
    return found;
  };
  const renameKind = take(/^ and `kind: StatefulSet`/);
  const addSelector = take(/ and add the `spec\.selector` that apps\/v1 requires: `selector: \{matchLabels: \{[^`]*\}\}` \(the pod template labels [^)]*\)/);
  const keepOnDelete = take(
    /; note that apps\/v1 defaults `updateStrategy` to RollingUpdate where apps\/v1beta1 defaulted to OnDelete: set `updateStrategy: \{type: OnDelete\}` to keep the old behaviour/,
  );
  take(/, which Kubernetes [\d.]+ serves for \w+/);
  if (rest !== '.') return undefined;

  const root = mapAt(manifest, []);
  const apiVersion = root && scalarAt(root, 'apiVersion');
  if (!root || !apiVersion) return undefined;
  const edits: TextEdit[] = [];
  const version = replaceScalar(manifest.file, apiVersion, replacement, target.json);
  if (!version) return undefined;
  edits.push(version);
  const done: string[] = [];
  if (renameKind) {
    const kind = scalarAt(root, 'kind');
    const edit = kind && replaceScalar(manifest.file, kind, 'StatefulSet', target.json);
    if (!edit) return undefined;
    edits.push(edit);
    done.push('kind StatefulSet');
  }
  const entries: NewEntry[] = [];
  if (addSelector) {
    const labels = Object.entries(asStringMap(getIn(manifest.obj, ['spec', 'template', 'metadata', 'labels'])) ?? {});
    if (labels.length === 0 || getIn(manifest.obj, ['spec', 'selector']) !== undefined) return undefined;
    entries.push({
      key: 'selector',
      yaml: `{matchLabels: {${labels.map(([k, v]) => `${yamlString(k)}: ${yamlString(v)}`).join(', ')}}}`,
      json: `{"matchLabels": {${labels.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}}`,
    });
    done.push('add the selector');
  }
  if (keepOnDelete) {
    if (getIn(manifest.obj, ['spec', 'updateStrategy']) !== undefined) return undefined;
    entries.push({ key: 'updateStrategy', yaml: '{type: OnDelete}', json: '{"type": "OnDelete"}' });
    done.push("keep apps/v1beta1's OnDelete update strategy");
  }
  if (entries.length > 0) {
    const spec = mapAt(manifest, ['spec']);
    const insert = spec && insertIntoMap(manifest.file, spec, entries, target.json, lineEnding(target.text));
    if (!insert) return undefined;
    edits.push(insert);
  }
  return { title: `Migrate to ${replacement}${done.length > 0 ? `: ${done.join(', ')}` : ''}`, edits };
}
