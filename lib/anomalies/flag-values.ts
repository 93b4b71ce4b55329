// The comparison of a flag's stored decimals that keeps re-runs from writing.
import { Exact } from "@/lib/pricing/money";

export function sameDecimal(a: { toString(): string } | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return new Exact(a.toString()).eq(b);
}
