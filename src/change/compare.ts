// Comparing two versions of a field the way the API server does (apiequality.Semantic.DeepEqual):
// unset, null, empty lists and empty maps are the same thing, quantities compare by value
// (`1Gi` = `1024Mi`), lists by position. A base exported from a cluster (`kubectl get -o yaml`)
// also carries everything the server filled in; against such a base only what the new manifest
// writes is compared, as `kubectl apply` leaves the other fields to the server.

import type { Path } from '../shared/finding.js';
import { parseQuantityExact } from '../api/quantity.js';
import { asRecord, isRecord, type JsonRecord } from '../shared/value.js';

/** `equal`: a manifest base, every field counts. `subset`: a live object, only the new manifest's fields count. */
export type CompareMode = 'equal' | 'subset';

/** Whether an object was read back from a cluster rather than written by someone. */
export function isLiveObject(obj: JsonRecord): boolean {
  const metadata = asRecord(obj.metadata);
  return obj.status !== undefined || metadata?.resourceVersion !== undefined || metadata?.uid !== undefined || metadata?.managedFields !== undefined;
}

const QUANTITY_MAPS = new Set(['requests', 'limits', 'capacity']);

/** The value as the API server compares it (see the top of this file); undefined when unset. */
export function canonical(value: unknown, parentKey?: string, grandKey?: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item));
    return items.length === 0 ? undefined : items;
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    const quantities = parentKey !== undefined && QUANTITY_MAPS.has(parentKey) && (grandKey === 'resources' || grandKey === 'status');
    for (const key of Object.keys(value).sort()) {
      const item = quantities ? canonicalQuantity(value[key]) : canonical(value[key], key, parentKey);
      if (item !== undefined) out[key] = item;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}

function canonicalQuantity(raw: unknown): unknown {
  const exact = parseQuantityExact(raw);
  if (!exact) return canonical(raw);
  const divisor = gcd(exact.numerator < 0n ? -exact.numerator : exact.numerator, exact.denominator);
  return `${exact.numerator / divisor}/${exact.denominator / divisor}`;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/**
 * The path (relative to the compared values, as found in `next`) of the first place where
 * `next` differs from `base`, or undefined when they are the same. Both are compared in their
 * canonical form; a field removed in `next` is reported at the map that held it.
 */
export function firstDifference(base: unknown, next: unknown, mode: CompareMode = 'equal'): Path | undefined {
  return differ(canonical(base), canonical(next), mode, []);
}

function differ(base: unknown, next: unknown, mode: CompareMode, at: (string | number)[]): Path | undefined {
  if (next === undefined) return base === undefined || mode === 'subset' ? undefined : at;
  if (Array.isArray(next)) {
    if (!Array.isArray(base)) return at;
    for (let i = 0; i < next.length; i++) {
      if (i >= base.length) return [...at, i];
      const inner = differ(base[i], next[i], mode, [...at, i]);
      if (inner) return inner;
    }
    return base.length > next.length ? at : undefined;
  }
  if (isRecord(next)) {
    if (!isRecord(base)) return at;
    for (const key of Object.keys(next)) {
      const inner = differ(base[key], next[key], mode, [...at, key]);
      if (inner) return inner;
    }
    if (mode === 'equal' && Object.keys(base).some((key) => !(key in next))) return at;
    return undefined;
  }
  return base === next ? undefined : at;
}

/** Whether two values are the same as the API server sees them. */
export function sameValue(base: unknown, next: unknown, mode: CompareMode = 'equal'): boolean {
  return firstDifference(base, next, mode) === undefined;
}

/** A value for a message: short flow-style YAML, `(not set)` when absent. */
export function showValue(value: unknown, max = 60): string {
  const text = flow(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function flow(value: unknown): string {
  if (value === undefined || value === null) return '(not set)';
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (isRecord(value))
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${flow(v)}`)
      .join(', ')}}`;
  if (typeof value === 'string') return value === '' ? '""' : value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}
