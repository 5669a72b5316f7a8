// resource.Quantity as the API server parses it (k8s.io/apimachinery/pkg/api/resource).
//   <quantity> ::= <signedNumber><suffix>
//   <suffix>   ::= Ki | Mi | Gi | Ti | Pi | Ei | n | u | m | "" | k | M | G | T | P | E | e<signedNumber> | E<signedNumber>

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const MULTIPLIER: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export type ParsedQuantity = { ok: true; value: number } | { ok: false; reason: string };

/** Parses a quantity given as YAML: a string or a number. The value is approximate (float). */
export function parseQuantity(raw: unknown): ParsedQuantity {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? { ok: true, value: raw } : { ok: false, reason: 'it is not a finite number' };
  }
  if (typeof raw !== 'string') return { ok: false, reason: `it is ${describeType(raw)}, not a quantity such as \`10Gi\`` };
  const match = QUANTITY.exec(raw.trim() === raw ? raw : '\u0000');
  if (!match) return { ok: false, reason: `\`${raw}\` is not a valid quantity (use a number with an optional suffix such as \`Gi\`, \`Mi\` or \`G\`)` };
  const number = Number(match[1]);
  const suffix = match[2] ?? '';
  const multiplier = MULTIPLIER[suffix] ?? 10 ** Number(suffix.slice(1));
  return { ok: true, value: number * multiplier };
}

export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string "${value}"`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  return `the ${typeof value} ${String(value)}`;
}
