// What several formatters need: a rule id for every message, one-line messages, messages
// in report order.

import type { LintMessage, LintResult, RuleMetaEntry } from '../engine/report.js';
import { docsBaseUrl } from '../shared/package-info.js';

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
