// `--format plan`: what the change does to each StatefulSet, as Markdown for a pull-request
// comment or a GitHub job summary, followed by the change-time findings.

import path from 'node:path';
import type { LintMessage } from '../engine/report.js';
import type { Formatter } from './formatter.js';
import { changeSummary, claimLines, podLines } from './plan-text.js';

/** The rules whose findings are about the change (listed under the table). */
const CHANGE_RULES = new Set(['update-forbidden', 'storage-orphaned', 'storage-deleted', 'scale-down-keeps-claims', 'rollout-not-triggered']);

const LEVEL: Record<string, string> = { error: '🛑 error', warning: '⚠️ warning', info: 'ℹ️ info' };

const plan: Formatter = (results, context) => {
  const { plan: changePlan, cwd } = context;
  if (!changePlan) return 'stslint: no base version given (--base or --base-path), so there is no plan.\n';
  const out = [`### stslint: what this change does to StatefulSets (since \`${cell(changePlan.label)}\`)`, ''];
  if (changePlan.rows.length === 0) {
    out.push(`No StatefulSet is created, deleted, scaled or rolled out${changePlan.unchanged > 0 ? ` (${changePlan.unchanged} compared, unchanged)` : ''}.`);
  } else {
    out.push('| StatefulSet | Change | Pods | Claims |', '|---|---|---|---|');
    for (const row of changePlan.rows) {
      const where = `${path.relative(cwd, row.file) || row.file}:${row.line}${row.inBase ? ' (base)' : ''}${row.unit ? `, ${row.unit}` : ''}`;
      const set = `\`${cell(row.name)}\`${row.namespace ? ` in \`${cell(row.namespace)}\`` : ''}<br><sub>${cell(where)}</sub>`;
      const pods = podLines(row).map(cell).join('<br>') || '—';
      const claims =
        claimLines(row, (t) => `**${t}**`)
          .map(cell)
          .join('<br>') || '—';
      out.push(`| ${set} | ${cell(changeSummary(row))} | ${pods} | ${claims} |`);
    }
    if (changePlan.unchanged > 0) out.push('', `${changePlan.unchanged} more StatefulSet${changePlan.unchanged === 1 ? '' : 's'} compared: unchanged.`);
  }
  const findings: { file: string; message: LintMessage }[] = [];
  for (const result of results)
    for (const message of result.messages) if (message.ruleId && CHANGE_RULES.has(message.ruleId)) findings.push({ file: result.filePath, message });
  if (findings.length > 0) {
    out.push('', '#### Findings about the change', '');
    for (const { file, message } of findings) {
      const where = `${path.relative(cwd, file) || file}:${message.line}${message.inBase ? ' (base version)' : ''}`;
      out.push(`- ${LEVEL[message.level] ?? message.level} \`${message.ruleId ?? ''}\` ${where}: ${message.message.replace(/\s*\n\s*/g, ' ')}`);
    }
  }
  return `${out.join('\n')}\n`;
};

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export default plan;
