// intstr.IntOrString as controllers read it (k8s.io/apimachinery/pkg/util/intstr): a whole
// number, or a string "<n>%" scaled against a total (GetScaledValueFromIntOrPercent).

export type IntOrPercent = { readonly percent: false; readonly value: number } | { readonly percent: true; readonly value: number };

// getIntOrPercentValueSafely: a string must end in `%` and the rest must parse with strconv.Atoi.
const PERCENT = /^([+-]?\d+)%$/;

/** The value of an IntOrString field, or undefined when it is neither an integer nor a percentage. */
export function parseIntOrPercent(raw: unknown): IntOrPercent | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) ? { percent: false, value: raw } : undefined;
  if (typeof raw !== 'string') return undefined;
  const match = PERCENT.exec(raw);
  return match ? { percent: true, value: Number(match[1]) } : undefined;
}

/** The absolute number for `total` items; percentages round up or down as the caller's controller does. */
export function scaleIntOrPercent(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (!value.percent) return value.value;
  const exact = (value.value * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export function formatIntOrPercent(value: IntOrPercent): string {
  return value.percent ? `"${value.value}%"` : String(value.value);
}
