// Finds the label selectors that select a given label set without comparing every pair.
//
// Each selector is filed under one "anchor" requirement that any label set it selects must
// satisfy: an `In` requirement (filed under each of its key=value pairs) or an `Exists`
// requirement (filed under its key). A label set can only be selected by selectors filed under
// one of its own pairs or keys, so a lookup reads a handful of buckets. To keep buckets small
// when many selectors share a pair (`tier: db` on every workload of a namespace), each selector
// is filed under its rarest anchor, counted over the whole index. Selectors with neither kind
// of requirement (only NotIn / DoesNotExist) are rare and are checked on every lookup.

import { requirementMatches, type Labels, type ParsedSelector, type Requirement } from '../api/labels.js';

export interface IndexedSelector<T> {
  readonly item: T;
  readonly scope: string;
  readonly selector: ParsedSelector & { kind: 'ok' };
}

const EXISTS = '\u0001';

function bucketKey(scope: string, key: string, value: string): string {
  return `${scope}\u0000${key}\u0000${value}`;
}

function anchorKeys(scope: string, requirement: Requirement): string[] {
  if (requirement.operator === 'In') return requirement.values.map((v) => bucketKey(scope, requirement.key, v));
  if (requirement.operator === 'Exists') return [bucketKey(scope, requirement.key, EXISTS)];
  return [];
}

export class SelectorIndex<T> {
  private readonly buckets = new Map<string, IndexedSelector<T>[]>();
  private readonly unanchored = new Map<string, IndexedSelector<T>[]>();

  /** `scope` partitions the index (a namespace): lookups only see selectors of their scope. */
  constructor(entries: readonly IndexedSelector<T>[]) {
    const frequency = new Map<string, number>();
    for (const entry of entries) {
      for (const requirement of entry.selector.requirements) {
        for (const k of anchorKeys(entry.scope, requirement)) frequency.set(k, (frequency.get(k) ?? 0) + 1);
      }
    }
    for (const entry of entries) {
      let best: string[] | undefined;
      let bestCost = Number.POSITIVE_INFINITY;
      for (const requirement of entry.selector.requirements) {
        const keys = anchorKeys(entry.scope, requirement);
        if (keys.length === 0) continue;
        const cost = keys.reduce((sum, k) => sum + (frequency.get(k) ?? 0), 0);
        if (cost < bestCost) {
          best = keys;
          bestCost = cost;
        }
      }
      const map = best ? this.buckets : this.unanchored;
      for (const k of best ?? [entry.scope]) {
        const list = map.get(k);
        if (list) list.push(entry);
        else map.set(k, [entry]);
      }
    }
  }

  /** The selectors of `scope` that select `labels`, at most `limit` of them. */
  selecting(scope: string, labels: Labels, limit = Number.POSITIVE_INFINITY): IndexedSelector<T>[] {
    const found: IndexedSelector<T>[] = [];
    for (const key in labels) {
      if (!Object.prototype.hasOwnProperty.call(labels, key)) continue;
      if (!consider(this.buckets.get(bucketKey(scope, key, labels[key]!)), labels, found, limit)) return found;
      if (!consider(this.buckets.get(bucketKey(scope, key, EXISTS)), labels, found, limit)) return found;
    }
    consider(this.unanchored.get(scope), labels, found, limit);
    return found;
  }
}

/** Adds the candidates that select `labels` to `found`; false once `limit` are found. */
function consider<T>(candidates: readonly IndexedSelector<T>[] | undefined, labels: Labels, found: IndexedSelector<T>[], limit: number): boolean {
  if (!candidates) return true;
  for (const candidate of candidates) {
    if (selects(candidate.selector.requirements, labels)) found.push(candidate);
    if (found.length >= limit) return false;
  }
  return true;
}

function selects(requirements: readonly Requirement[], labels: Labels): boolean {
  for (const requirement of requirements) if (!requirementMatches(requirement, labels)) return false;
  return true;
}
