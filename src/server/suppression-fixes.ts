// Quick fixes for `unused-disable` findings on suppression comments, where the message says
// exactly what to change: remove a comment that suppresses nothing, remove the rule ids it
// names in vain, or correct a rule id that does not exist to the one rule it is a near miss of.
// (Annotations are left to the user; a suppression cannot suppress these findings itself.)

import type { TextEdit } from 'vscode-languageserver';
import { parseSpec } from '../engine/suppressions.js';

const DIRECTIVE = /^#\s*stslint-(disable-next-line|disable-line|disable)(?=\s|$)(.*)$/;

export function suppressionFix(
  messageId: string | undefined,
  message: string,
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
  text: string,
): { title: string; edits: TextEdit[] } | undefined {
  if (range.start.line !== range.end.line) return undefined;
  const lines = text.split('\n');
  const raw = lines[range.start.line];
  if (raw === undefined) return undefined;
  const line = raw.replace(/\r$/, '');
  const comment = line.slice(range.start.character, range.end.character);
  const directive = DIRECTIVE.exec(comment);
  if (!directive) return undefined;
  const form = directive[1]!;
  const { ruleIds, justification } = parseSpec(directive[2]!);
  const rewrite = (ids: readonly string[]): TextEdit => ({
    range,
    newText: `# stslint-${form} ${ids.join(', ')}${justification ? ` -- ${justification}` : ''}`,
  });

  if (messageId === 'unused') {
    if (message.endsWith(' Remove it.'))
      return {
        title: 'Remove the suppression comment, which suppresses nothing',
        edits: [removal(lines, range.start.line, line, range.start.character, range.end.character)],
      };
    const named = / Remove (.+) from it\.$/.exec(message)?.[1];
    if (!named) return undefined;
    const unused = [...named.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const kept = ruleIds.filter((id) => !unused.includes(id));
    // Removing every id would leave a bare directive, which suppresses every rule.
    if (unused.length === 0 || kept.length === 0 || kept.length === ruleIds.length) return undefined;
    return { title: `Remove ${unused.join(', ')} from the suppression comment`, edits: [rewrite(kept)] };
  }
  if (messageId === 'unknownRule') {
    const wrong = /names rule `([^`]+)`, which does not exist \(did you mean `([^`]+)`\?\)/.exec(message);
    if (!wrong || !ruleIds.includes(wrong[1]!)) return undefined;
    return { title: `Change ${wrong[1]!} to ${wrong[2]!}`, edits: [rewrite(ruleIds.map((id) => (id === wrong[1] ? wrong[2]! : id)))] };
  }
  return undefined;
}

/** Deletes a comment: its whole line when it stands alone, else the comment and the spaces before it. */
function removal(lines: readonly string[], line: number, text: string, start: number, end: number): TextEdit {
  if (text.slice(0, start).trim() === '' && text.slice(end).trim() === '') {
    return line + 1 < lines.length
      ? { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' }
      : { range: { start: { line, character: 0 }, end: { line, character: text.length } }, newText: '' };
  }
  const from = text.slice(0, start).trimEnd().length;
  return { range: { start: { line, character: from }, end: { line, character: end } }, newText: '' };
}
