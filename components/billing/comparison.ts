// The comparison with the previous period, in words and percentages, for cards and tables alike.
import type { DateFormat } from "@/lib/format/dates";
import { percentChange } from "@/lib/format/decimal-format";
import { daysBetween } from "@/lib/periods/calendar-date";
import type { Comparison } from "@/lib/usage/usage-response";

export type Available = Extract<Comparison, { available: true }>;

type Window = Available["windows"][number]["current"];

const dayCount = (window: Window) => daysBetween(window.from, window.to) + 1;

/**
 * What the change compares, in words: the days on each side. Whole periods of different lengths
 * (November's 30 days against October's 31) are compared as totals, as the API does, and the
 * words say so.
 */
export function comparisonBasis(comparison: Available, dates: DateFormat): string {
  const [first] = comparison.windows;
  if (!first) return "";
  const [now, before] = [dayCount(first.current), dayCount(first.previous)];
  const lengths = now === before ? ["", ""] : [` (${now} days)`, ` (${before} days)`];
  const days = `${dates.dayRange(first.current.from, first.current.to)}${lengths[0]} against ${dates.dayRange(first.previous.from, first.previous.to)}${lengths[1]}`;
  const several = comparison.windows.length > 1 ? " (first workspace; each is compared on its own days)" : "";
  const totals = now === before ? "" : " The change compares the totals, not the pace per day.";
  return first.basis === "whole-periods"
    ? `The whole period against the whole period before: ${days}${several}.${totals}`
    : `Complete days so far against as many days of the previous period on the same weekdays: ${days}${several}.${totals}`;
}

export function changeOf(comparison: Available, productArea: string): number | null {
  const found = comparison.totals.find((t) => t.productArea === productArea);
  return found ? percentChange(found.current, found.previous) : null;
}

/** A cost compared like with like: over the current windows and over the previous ones. */
export type CostComparison = Available["costTotals"][number];

/** The view's cost over the compared days against the previous period's, per currency. */
export function costTotalChanges(comparison: Available): CostComparison[] {
  return comparison.costTotals;
}

/** One product area's cost over the compared days against the previous period's, per currency. */
export function costChangesOf(comparison: Available, productArea: string): CostComparison[] {
  return comparison.costs.filter((c) => c.productArea === productArea);
}
