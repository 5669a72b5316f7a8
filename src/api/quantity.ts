// resource.Quantity as the API server parses it (k8s.io/apimachinery/pkg/api/resource).
//   <quantity> ::= <signedNumber><suffix>
//   <suffix>   ::= Ki | Mi | Gi | Ti | Pi | Ei | n | u | m | "" | k | M | G | T | P | E | e<signedNumber> | E<signedNumber>

import { shownValue } from '../shared/value.js';

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

const MULTIPLIER: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
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
  return `the ${typeof value} ${shownValue(value)}`;
}

/** A quantity as an exact fraction (numerator / denominator), for checks that floats get wrong. */
export interface ExactQuantity {
  numerator: bigint;
  denominator: bigint;
}

/**
 * Quantities already parsed, by text: manifests repeat the same few (`500m`, `1Gi`) thousands of
 * times, and the exact parse works with BigInts. Bounded, for a long editor session.
 */
const exactByText = new Map<string, ExactQuantity | undefined>();
const EXACT_CACHE_SIZE = 4096;

/** Parses like parseQuantity, exactly; undefined when the text is not a quantity. */
export function parseQuantityExact(raw: unknown): Readonly<ExactQuantity> | undefined {
  const text = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
  if (typeof text !== 'string') return undefined;
  let quantity = exactByText.get(text);
  if (quantity === undefined && !exactByText.has(text)) {
    if (exactByText.size >= EXACT_CACHE_SIZE) exactByText.clear();
    // Frozen: one object is handed to every caller that parses the same text.
    quantity = exactOf(text);
    exactByText.set(text, quantity && Object.freeze(quantity));
  }
  return quantity;
}

function exactOf(text: string): ExactQuantity | undefined {
  const match = QUANTITY.exec(text.trim() === text ? text : '\u0000');
  if (!match) return undefined;
  // A number's String() may use an exponent (1e+21): fold it into the decimal shift.
  const [mantissa, exponentPart] = match[1]!.replace(/^\+/, '').split(/[eE]/) as [string, string | undefined];
  const negative = mantissa.startsWith('-');
  const [whole, fraction = ''] = mantissa.replace(/^-/, '').split('.') as [string, string | undefined];
  let shift = -fraction.length + (exponentPart === undefined ? 0 : Number(exponentPart));
  let twos = 0;
  const suffix = match[2] ?? '';
  const binary: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
  const decimal: Record<string, number> = { '': 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
  if (suffix in binary) twos = binary[suffix]!;
  else if (suffix in decimal) shift += decimal[suffix]!;
  else shift += Number(suffix.slice(1));
  // Hostile exponents (1e999999) would make huge BigInts; beyond ±100 the value's size no longer matters.
  shift = Math.max(-100, Math.min(100, shift));
  let numerator = BigInt(`${whole || '0'}${fraction}`) * 2n ** BigInt(twos);
  let denominator = 1n;
  if (shift >= 0) numerator *= 10n ** BigInt(shift);
  else denominator = 10n ** BigInt(-shift);
  if (negative) numerator = -numerator;
  return { numerator, denominator };
}

/** Whether a quantity is a whole number (of bytes, devices, …). */
export function isWholeQuantity(quantity: ExactQuantity): boolean {
  return quantity.numerator % quantity.denominator === 0n;
}

/** Negative, zero or positive as a is less than, equal to or greater than b. */
export function compareQuantities(a: ExactQuantity, b: ExactQuantity): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}
