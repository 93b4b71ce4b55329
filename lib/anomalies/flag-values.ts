// Decimal strings for what a flag stores, and the comparison that keeps re-runs from writing.
import { Exact } from "@/lib/pricing/money";

/** A float from the detector as a decimal string, 12 places like the column. */
export const decimalOf = (value: number): string => new Exact(value.toFixed(12)).toFixed();

export function sameDecimal(a: { toString(): string } | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return new Exact(a.toString()).eq(b);
}

export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);
export const dateOf = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
