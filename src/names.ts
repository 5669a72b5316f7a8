// Kubernetes name rules (k8s.io/apimachinery/pkg/util/validation) and small string helpers.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;

/** Why `value` is not a DNS-1123 label, or undefined when it is one. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length === 0) return 'it is empty';
  if (value.length > DNS1123_LABEL_MAX) return `it is ${value.length} characters long, more than ${DNS1123_LABEL_MAX}`;
  if (!DNS1123_LABEL.test(value)) {
    return 'a DNS-1123 label may only hold lower-case letters, digits and `-`, and must start and end with a letter or digit';
  }
  return undefined;
}

export function isDns1123Label(value: string): boolean {
  return dns1123LabelProblem(value) === undefined;
}

export function isDns1035Label(value: string): boolean {
  return value.length <= DNS1123_LABEL_MAX && DNS1035_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= DNS1123_SUBDOMAIN_MAX && DNS1123_SUBDOMAIN.test(value);
}

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
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
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
