// What several formatters need: a rule id for every message, one-line messages, messages
// in report order.

import { relatedRole, type LintMessage, type LintResult, type RuleMetaEntry } from '../engine/report.js';
import { docsBaseUrl } from '../shared/package-info.js';
import { relativePath } from '../shared/paths.js';

/** Fatal parse problems have no rule (ESLint's `ruleId: null`); formats that need an id use this one. */
export const PARSE_ERROR_ID = 'parse-error';

export const PARSE_ERROR_META: RuleMetaEntry = {
  type: 'problem',
  docs: {
    description: 'The file could not be read, or is not valid YAML or JSON; nothing in it was checked.',
    url: `${docsBaseUrl()}integrations.md#parse-error`,
  },
  defaultSeverity: 'error',
};

export function ruleIdOf(message: LintMessage): string {
  return message.ruleId ?? PARSE_ERROR_ID;
}

/** Line-oriented formats keep one finding on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

export interface Located {
  result: LintResult;
  message: LintMessage;
  suppressed: boolean;
}

/** Reported (and, when asked, suppressed) messages, file by file, in position order. */
export function eachMessage(results: readonly LintResult[], withSuppressed = false): Located[] {
  const out: Located[] = [];
  for (const result of results) {
    for (const message of result.messages) out.push({ result, message, suppressed: false });
    if (withSuppressed) for (const message of result.suppressedMessages) out.push({ result, message, suppressed: true });
  }
  return out;
}

const RELATED_LEAD = { template: 'written by', values: 'value from', kustomization: 'set by', other: 'also set in' } as const;

/**
 * The other places of a rendered finding (the template line beside a values line, earlier
 * patches), in the words every text format uses: `written by templates/sts.yaml:30`,
 * `value from values.yaml:12`; empty when the finding has none.
 */
export function relatedPlaces(message: LintMessage, cwd: string): string[] {
  return (message.relatedLocations ?? []).map((r) => `${RELATED_LEAD[relatedRole(r.filePath)]} ${relativePath(r.filePath, cwd)}:${r.line}`);
}

/** The related places as a suffix of a one-line message: ` (written by templates/sts.yaml:30)`. */
export function relatedSuffix(message: LintMessage, cwd: string): string {
  const places = relatedPlaces(message, cwd);
  return places.length > 0 ? ` (${places.join('; ')})` : '';
}
