// Display formatting of exact decimal strings, done on the strings themselves: the figures a
// user reads are the API's figures, digit for digit (up to the fraction digits shown).

function groupThousands(integer: string): string {
  return integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Rounds half up to `maxFractionDigits`, trims trailing zeros, groups thousands. */
export function formatDecimal(value: string, maxFractionDigits = 3): string {
  const [integerPart = "0", fraction = ""] = value.split(".");
  if (fraction.length <= maxFractionDigits) {
    const trimmed = fraction.replace(/0+$/, "");
    return groupThousands(integerPart) + (trimmed ? `.${trimmed}` : "");
  }
  const scaled = BigInt(integerPart + fraction.slice(0, maxFractionDigits)) + (Number(fraction[maxFractionDigits]) >= 5 ? 1n : 0n);
  const digits = scaled.toString().padStart(maxFractionDigits + 1, "0");
  const integer = maxFractionDigits ? digits.slice(0, -maxFractionDigits) : digits;
  const kept = (maxFractionDigits ? digits.slice(-maxFractionDigits) : "").replace(/0+$/, "");
  return groupThousands(integer) + (kept ? `.${kept}` : "");
}

/** Every digit, thousands grouped: for tables finance reconciles against. */
export function formatExact(value: string): string {
  return formatDecimal(value, 12);
}

const SUFFIXES = [
  { minDigits: 13, shift: 12, suffix: "T" },
  { minDigits: 10, shift: 9, suffix: "B" },
  { minDigits: 7, shift: 6, suffix: "M" },
  { minDigits: 4, shift: 3, suffix: "k" },
];
const SIGNIFICANT = 3;

/**
 * Headline figures in three significant digits from a thousand up: 1,982,203,615 → "1.98B",
 * 2,925.8 → "2.93k", 58,123,456 → "58.1M" (the exact value goes in a title). Below a thousand,
 * up to two fraction digits.
 */
export function formatCompact(value: string): string {
  const integer = (value.split(".")[0] ?? "0").replace(/^0+(?=\d)/, "");
  for (const [index, { minDigits, shift, suffix }] of SUFFIXES.entries()) {
    if (integer.length < minDigits) continue;
    const whole = integer.slice(0, integer.length - shift);
    const shown = formatDecimal(`${whole}.${integer.slice(integer.length - shift)}`, Math.max(0, SIGNIFICANT - whole.length));
    // 999,960 rounds to "1,000k": that is 1M.
    return shown === "1,000" && index > 0 ? `1${SUFFIXES[index - 1]!.suffix}` : `${shown}${suffix}`;
  }
  return formatDecimal(value, 2);
}

/** Percentage change for display only; null when there is nothing to compare with. */
export function percentChange(current: string, previous: string): number | null {
  const before = Number(previous);
  if (!(before > 0)) return null;
  return ((Number(current) - before) / before) * 100;
}

/** Orders two non-negative decimal strings exactly (for sorting tables; no float rounding). */
export function compareDecimals(a: string, b: string): number {
  const [aInteger = "0", aFraction = ""] = a.split(".");
  const [bInteger = "0", bFraction = ""] = b.split(".");
  const x = aInteger.replace(/^0+(?=\d)/, "");
  const y = bInteger.replace(/^0+(?=\d)/, "");
  if (x.length !== y.length) return x.length - y.length;
  if (x !== y) return x < y ? -1 : 1;
  const width = Math.max(aFraction.length, bFraction.length);
  const f = aFraction.padEnd(width, "0");
  const g = bFraction.padEnd(width, "0");
  return f === g ? 0 : f < g ? -1 : 1;
}

/** Fraction digits a decimal string carries, trailing zeros aside ("12.500" → 1). */
export function fractionDigits(value: string): number {
  return (value.split(".")[1] ?? "").replace(/0+$/, "").length;
}

/**
 * An estimate shown no finer than the figure it extends: whole units beside a count, at most the
 * recorded quantity's own fraction digits (and two at most) otherwise. The exact value stays in
 * the API and the CSV.
 */
export function formatEstimate(estimate: string, recorded: string): string {
  return formatDecimal(estimate, Math.min(fractionDigits(recorded), 2));
}
