// Code actions for stslint's diagnostics:
//   - the finding's fix (preferred) and suggestions, exactly as the rule made them: the same
//     text edits `--fix` applies (src/fix), carried in the diagnostic's data; nothing here knows
//     a rule or reads a message;
//   - suppress the finding on its line, or in its document, with the comments of suppressions.ts.

import type { Diagnostic, TextEdit } from 'vscode-languageserver';
import type { Manifest } from '../yaml/manifest.js';
import { positionAt } from '../yaml/source.js';
import { parseSpec, UNUSED_DISABLE_ID } from '../engine/suppressions.js';
import { INTERNAL_ERROR_ID } from '../engine/run-rules.js';
import { RENDER_FAILED_ID, RENDER_TOOL_MISSING_ID } from '../render/render.js';
import { asRecord } from '../shared/value.js';
import type { TextFix } from '../shared/finding.js';
import type { DiagnosticData } from './diagnostics.js';
import { lineEnding } from '../fix/text-edits.js';

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

const UNSUPPRESSIBLE: ReadonlySet<string> = new Set([UNUSED_DISABLE_ID, INTERNAL_ERROR_ID, RENDER_FAILED_ID, RENDER_TOOL_MISSING_ID]);

/** The actions for one diagnostic of ours, quick fixes first. */
export function actionsFor(diagnostic: Diagnostic, target: ActionTarget): PlannedAction[] {
  const ruleId = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
  if (!ruleId) return [];
  const data = (diagnostic.data ?? {}) as DiagnosticData;
  const manifest = data.resource ? manifestOf(target.manifests, data.resource) : undefined;
  const actions: PlannedAction[] = [];
  if (data.fix)
    actions.push({ title: `Fix this ${ruleId} problem`, kind: 'quickfix', isPreferred: true, diagnostic, edits: [textEditOf(target.text, data.fix)] });
  for (const suggestion of data.suggestions ?? []) {
    actions.push({ title: suggestion.desc, kind: 'quickfix', diagnostic, edits: [textEditOf(target.text, suggestion.fix)] });
  }
  // A suppression comment cannot suppress the findings about suppression comments; an internal
  // error is a bug of stslint's to report, not a finding to hide; and a render failure lands on a
  // chart's or kustomization's own files, which are not read as manifests, so a comment there
  // would do nothing (its docs point to `rules:` and `ignore:`).
  if (!target.json && !UNSUPPRESSIBLE.has(ruleId)) {
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

/** An ESLint-shaped fix (0-based offsets) as an LSP text edit on the same text. */
export function textEditOf(text: string, fix: TextFix): TextEdit {
  return { range: { start: lspPosition(text, fix.range[0]), end: lspPosition(text, fix.range[1]) }, newText: fix.text };
}

/** 0-based line and UTF-16 character of an offset (LSP's positions, like JavaScript strings). */
export function lspPosition(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, character: offset - start };
}
