// The comparison with the previous period, in words and percentages, for cards and tables alike.
import type { DateFormat } from "@/lib/format/dates";
import { percentChange } from "@/lib/format/decimal-format";
import type { Comparison } from "@/lib/usage/usage-response";

export type Available = Extract<Comparison, { available: true }>;

/** What the change compares, in words: the days on each side. */
export function comparisonBasis(comparison: Available, dates: DateFormat): string {
  const [first] = comparison.windows;
  if (!first) return "";
  const days = `${dates.dayRange(first.current.from, first.current.to)} against ${dates.dayRange(first.previous.from, first.previous.to)}`;
  const several = comparison.windows.length > 1 ? " (first workspace; each is compared on its own days)" : "";
  return first.basis === "whole-periods"
    ? `The whole period against the whole period before: ${days}${several}.`
    : `Complete days so far against as many days of the previous period on the same weekdays: ${days}${several}.`;
}

export function changeOf(comparison: Available, productArea: string): number | null {
  const found = comparison.totals.find((t) => t.productArea === productArea);
  return found ? percentChange(found.current, found.previous) : null;
}
