// The plan in words, shared by `--format plan` (Markdown) and the summary after `pretty` output.

import type { ChangePlan, PlanRow } from '../change/plan.js';
import { nameList } from '../change/set-change.js';

/** `a`, `b` or `a` … `z` (n) for runs of one prefix, as in messages (nothing for an empty list). */
export function names(list: readonly string[], max = 4): string {
  return list.length === 0 ? '' : nameList(list, max);
}

/** What happens to the set itself: `scaled 3 → 5, pod template changed`. */
export function changeSummary(row: PlanRow): string {
  const parts: string[] = [];
  const { from, to } = row.replicas;
  switch (row.kind) {
    case 'created':
      parts.push(`created with ${to ?? 1} ${to === 1 ? 'replica' : 'replicas'}`);
      break;
    case 'deleted':
      parts.push('deleted');
      break;
    case 'renamed':
      parts.push(`renamed from \`${row.previously ?? '?'}\``);
      break;
    case 'moved':
    case 'renamed-and-moved':
      parts.push(`moved from \`${row.previously ?? '?'}\``);
      break;
    case 'updated':
      if (from !== undefined && to !== undefined && from !== to) parts.push(`scaled ${from} → ${to}`);
      if (row.templateChanged) parts.push('pod template changed');
      if (row.claims.resized.length > 0) parts.push('claim templates grow');
      if (row.ordinals === 'reserved') parts.push('ordinals reserved');
      else if (row.podsDeleted.length > 0 && from === to) parts.push('ordinals shifted');
      break;
  }
  if (row.rejected.length > 0)
    parts.push(`update rejected (${row.rejected.map((f) => `\`${f}\``).join(', ')} cannot change): nothing changes until the set is re-created`);
  return parts.join(', ') || 'changed';
}

/**
 * Where the names of a list are, when the set moves to another namespace (`PlanRow.previousNamespace`):
 * ` in \`cache\`` for what stays behind or goes (`before`), ` in \`shop\`` for what the set makes.
 */
function namespaceOf(row: PlanRow, before: boolean): string {
  if (row.previousNamespace === undefined) return '';
  const namespace = before ? row.previousNamespace : row.namespace;
  return ` in ${namespace ? `\`${namespace}\`` : 'no namespace'}`;
}

/** The pods' part of the plan, one entry a line. */
export function podLines(row: PlanRow): string[] {
  const out: string[] = [];
  if (row.podsCreated.length > 0) out.push(`create ${names(row.podsCreated)}${namespaceOf(row, false)}${row.createOrder ? ` (${row.createOrder})` : ''}`);
  if (row.podsDeleted.length > 0) out.push(`delete ${names(row.podsDeleted)}${namespaceOf(row, true)}${row.deleteOrder ? ` (${row.deleteOrder})` : ''}`);
  if (row.podsUpdated.length > 0) out.push(`update ${names(row.podsUpdated)}${row.updateOrder ? ` (${row.updateOrder})` : ''}`);
  if (row.podsKeepingOldTemplate.length > 0) out.push(`keep the old template: ${names(row.podsKeepingOldTemplate)}`);
  return out;
}

/** The claims' part of the plan, one entry a line; data-losing entries first. */
export function claimLines(row: PlanRow, strong: (text: string) => string = (t) => t): string[] {
  const { claims } = row;
  const out: string[] = [];
  if (claims.deleted.length > 0)
    out.push(
      `${strong('delete')} ${names(claims.deleted)}${namespaceOf(row, true)}${row.namespaceDeleted ? ` (with Namespace \`${row.namespaceDeleted}\`, where the deploy prunes it)` : ''}`,
    );
  if (claims.orphaned.length > 0) out.push(`${strong('leave unused')} ${names(claims.orphaned)}${namespaceOf(row, true)} (the data stays in them)`);
  if (claims.retained.length > 0) out.push(`keep ${names(claims.retained)}${namespaceOf(row, true)} (re-attached by a later scale-up)`);
  if (claims.resized.length > 0) out.push(`resize ${names(claims.resized)} (each before its pod is updated; \`OnPodRollingUpdate\`)`);
  if (claims.created.length > 0) out.push(`create ${names(claims.created)}${namespaceOf(row, false)} (new, empty volumes)`);
  if (claims.kept.length > 0) out.push(`keep ${names(claims.kept)}${namespaceOf(row, false)} attached`);
  return out;
}

/** One line per set for the end of `pretty` output. */
export function planSummary(plan: ChangePlan): string {
  if (plan.rows.length === 0) return `plan (since ${plan.label}): no StatefulSet changes.`;
  const lines = [
    `plan (since ${plan.label}): ${plan.rows.length} StatefulSet${plan.rows.length === 1 ? '' : 's'} change; \`--format plan\` shows the details.`,
  ];
  for (const row of plan.rows) {
    const effects = [...podLines(row), ...claimLines(row).map((c) => `claims: ${c}`)];
    const about = [row.namespace, row.unit].filter(Boolean).join(', ');
    lines.push(`  ${row.name}${about ? ` (${about})` : ''}: ${changeSummary(row)}${effects.length > 0 ? `; ${effects.join('; ')}` : ''}`);
  }
  return lines.join('\n').replace(/`/g, '');
}
