// Small string helpers for messages: near misses, lists in prose, a stable sort order.

/** Edit distance, bounded: returns `limit + 1` as soon as the distance exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Candidates that are probably what the user meant by `wanted`: a small edit distance, or one
 * name containing the other (`web` vs `web-headless`). Best first, at most `max`.
 */
export function nearMisses(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(1, Math.min(3, Math.floor(wanted.length / 3)));
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(candidates)) {
    if (name === wanted) continue;
    const distance = editDistance(wanted.toLowerCase(), name.toLowerCase(), limit);
    if (distance <= limit) scored.push({ name, score: distance });
    else if (wanted.length >= 3 && name.length >= 3 && (name.includes(wanted) || wanted.includes(name))) {
      scored.push({ name, score: limit + 1 });
    }
  }
  scored.sort((x, y) => x.score - y.score || compareCodePoints(x.name, y.name));
  return scored.slice(0, max).map((s) => s.name);
}

/** `a`, `a` or `b`, `a`, `b` or `c`: for messages. */
export function listOr(names: readonly string[], quote = true): string {
  const q = [...new Set(names)].map((n) => (quote ? `\`${n}\`` : n));
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

export function listAnd(names: readonly string[], quote = true): string {
  const q = [...new Set(names)].map((n) => (quote ? `\`${n}\`` : n));
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/**
 * A key of `record` that is evidently a misspelling of the absent key `wanted` (`servicename`,
 * `selecter`). A missing field is then not reported as missing: schema-invalid reports the typo.
 */
export function misspelledKey(record: Readonly<Record<string, unknown>> | undefined, wanted: string): string | undefined {
  if (!record || wanted in record) return undefined;
  return Object.keys(record).find((key) => key !== wanted && editDistance(key.toLowerCase(), wanted.toLowerCase(), 2) <= 2);
}

/** Locale-independent order, so output is the same on every machine. */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
