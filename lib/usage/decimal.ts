/** PostgreSQL numeric text ("12.500000000000") in its shortest exact form ("12.5"). */
export function trimDecimal(value: string): string {
  if (!value.includes(".")) return value;
  const trimmed = value.replace(/0+$/, "");
  return trimmed.endsWith(".") ? trimmed.slice(0, -1) : trimmed;
}

/** Fraction digits of every stored quantity (numeric(38,12)): the scale of the fixed-point sums below. */
const SCALE = 12;
const SCALE_FACTOR = 10n ** BigInt(SCALE);

/** An exact decimal string as an integer count of 10⁻¹² units, so sums stay exact. */
export function toScaled(value: string): bigint {
  const negative = value.startsWith("-");
  const [integer = "0", fraction = ""] = (negative ? value.slice(1) : value).split(".");
  if (fraction.length > SCALE) throw new RangeError(`${value} has more than ${SCALE} fraction digits`);
  const scaled = BigInt(integer || "0") * SCALE_FACTOR + BigInt(fraction.padEnd(SCALE, "0"));
  return negative ? -scaled : scaled;
}

/** The inverse of `toScaled`, in the shortest exact form (as `trimDecimal` gives). */
export function fromScaled(scaled: bigint): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(SCALE + 1, "0");
  const text = `${digits.slice(0, -SCALE)}.${digits.slice(-SCALE)}`;
  return (negative ? "-" : "") + trimDecimal(text);
}
