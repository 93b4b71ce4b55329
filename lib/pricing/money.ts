// Exact decimal arithmetic for money: decimal.js as Prisma ships it, with enough precision that
// a 26-digit quantity times a 12-digit unit price is never rounded before the one rounding rule.
import { Prisma } from "@/lib/db/generated/client";

export const Exact = Prisma.Decimal.clone({ precision: 80, rounding: Prisma.Decimal.ROUND_HALF_EVEN });
export type Exact = InstanceType<typeof Exact>;

const minorDigits = new Map<string, number>();

/** Digits after the decimal point in `currency`'s minor unit, from Intl: USD 2, JPY 0, BHD 3. */
export function minorUnitDigits(currency: string): number {
  let digits = minorDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigits.set(currency, digits);
  }
  return digits;
}

/** The rounding rule: to the currency's minor unit, half to even ("banker's rounding"). */
export function roundToMinorUnit(amount: Exact, currency: string): string {
  return amount.toDecimalPlaces(minorUnitDigits(currency), Exact.ROUND_HALF_EVEN).toFixed(minorUnitDigits(currency));
}

/**
 * A float (a forecast, a detector's estimate) as an exact decimal string: the float's own
 * `toFixed(places)`, so the digits are those of the nearest `places`-place decimal.
 */
export function decimalOfFloat(value: number, places: number): string {
  return new Exact(value.toFixed(places)).toFixed();
}

/** The shortest exact text of a decimal: "12.5", never "1.25e+1". */
export function exactText(value: Exact): string {
  return value.toFixed();
}
