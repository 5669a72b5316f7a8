// Label selector matching with the semantics of k8s.io/apimachinery LabelSelectorAsSelector.

import { asArray, asRecord, asString, asStringMap } from '../shared/value.js';
import { rememberedPer } from '../shared/memo.js';

export type Labels = Readonly<Record<string, string>>;

export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: readonly string[];
  /** Where the requirement came from inside the selector, for positions. */
  path: readonly (string | number)[];
}

export type ParsedSelector =
  { kind: 'ok'; requirements: readonly Requirement[] } | { kind: 'empty' } | { kind: 'invalid'; reason: string; path: readonly (string | number)[] };

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/** By selector object: several rules parse the same selector per set. */
const parsedSelector = rememberedPer<object, ParsedSelector>(readLabelSelector);

/** Parses a metav1.LabelSelector (matchLabels + matchExpressions). The result is shared: never change it. */
export function parseLabelSelector(raw: unknown): ParsedSelector {
  return typeof raw === 'object' && raw !== null ? parsedSelector(raw) : readLabelSelector(raw);
}

/** `parseLabelSelector` without the memo (test/rule-memos.test.ts compares the two). */
export function readLabelSelector(raw: unknown): ParsedSelector {
  if (raw === undefined || raw === null) return { kind: 'empty' };
  const selector = asRecord(raw);
  if (!selector) return { kind: 'invalid', reason: 'a selector must be a map with `matchLabels` and/or `matchExpressions`', path: [] };
  if (selector.matchLabels !== undefined && selector.matchLabels !== null && !asRecord(selector.matchLabels)) {
    return { kind: 'invalid', reason: '`matchLabels` must be a map of label keys to values', path: ['matchLabels'] };
  }
  if (selector.matchExpressions !== undefined && selector.matchExpressions !== null && !Array.isArray(selector.matchExpressions)) {
    return { kind: 'invalid', reason: '`matchExpressions` must be a list', path: ['matchExpressions'] };
  }
  const requirements: Requirement[] = [];
  const matchLabels = asStringMap(selector.matchLabels) ?? {};
  for (const [key, value] of Object.entries(matchLabels)) {
    requirements.push({ key, operator: 'In', values: [value], path: ['matchLabels', key] });
  }
  const expressions = asArray(selector.matchExpressions);
  for (const [index, rawExpression] of expressions.entries()) {
    const path = ['matchExpressions', index];
    const expression = asRecord(rawExpression);
    const key = asString(expression?.key);
    const operator = asString(expression?.operator);
    if (!expression || !key) return { kind: 'invalid', reason: 'a match expression has no `key`', path };
    if (!operator || !OPERATORS.has(operator)) {
      return { kind: 'invalid', reason: `operator \`${operator ?? ''}\` is not one of In, NotIn, Exists, DoesNotExist`, path: [...path, 'operator'] };
    }
    const values = asArray(expression.values).map((v) => String(v));
    if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
      return { kind: 'invalid', reason: `operator ${operator} needs at least one value`, path };
    }
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      return { kind: 'invalid', reason: `operator ${operator} takes no values`, path: [...path, 'values'] };
    }
    requirements.push({ key, operator: operator as Requirement['operator'], values, path });
  }
  return requirements.length === 0 ? { kind: 'empty' } : { kind: 'ok', requirements };
}

export function requirementMatches(requirement: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case 'In':
      return has && requirement.values.includes(value!);
    case 'NotIn':
      return !has || !requirement.values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}

/** The requirements of a parsed selector that `labels` fail; empty when the selector selects them. */
export function failedRequirements(selector: ParsedSelector, labels: Labels): Requirement[] {
  if (selector.kind !== 'ok') return [];
  return selector.requirements.filter((r) => !requirementMatches(r, labels));
}

/** A LabelSelector matches labels; an empty selector matches everything, an invalid one nothing. */
export function labelSelectorMatches(raw: unknown, labels: Labels): boolean {
  const parsed = parseLabelSelector(raw);
  if (parsed.kind === 'empty') return true;
  if (parsed.kind === 'invalid') return false;
  return failedRequirements(parsed, labels).length === 0;
}

/** A Service-style selector (a plain map): every pair must be present. */
export function mapSelectorMatches(selector: Labels, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector)) {
    if (labels[key] !== value) return false;
  }
  return true;
}

export function formatLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  return pairs.length === 0 ? '(none)' : pairs.join(', ');
}

export function formatRequirement(r: Requirement): string {
  switch (r.operator) {
    case 'In':
      return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(', ')})`;
    case 'NotIn':
      return `${r.key} notin (${r.values.join(', ')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
  }
}
