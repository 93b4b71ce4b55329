import { dateFormat } from "@/lib/format/dates";
import { currentPeriod, periodForMonth, type BillingCycle } from "./period";

/**
 * Current, previous, and the ten periods before, labelled with their dates in the workspace's
 * locale; and `selected`, when
 * it is an older month, so the selector always shows the period on screen. Periods that ended
 * before `firstUsageStart` (the first period with any usage; null: none yet) say they are empty.
 */
export function periodOptions(
  cycle: BillingCycle & { locale: string },
  now: Date,
  selected = "current",
  firstUsageStart: string | null = null,
): { value: string; label: string }[] {
  const dates = dateFormat(cycle.locale);
  const label = (name: string, start: string, end: string) =>
    `${name} (${dates.dayRange(start, end)})${firstUsageStart === null || end < firstUsageStart ? " · no usage" : ""}`;
  const current = currentPeriod(cycle, now);
  const [year, month] = current.start.split("-").map(Number) as [number, number];
  const options = [{ value: "current", label: label("Current period", current.start, current.end) }];
  for (let back = 1; back <= 11; back++) {
    const d = new Date(Date.UTC(year, month - 1 - back, 1));
    const value = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
    const period = periodForMonth(value, cycle.billingAnchorDay);
    options.push({
      value: back === 1 ? "previous" : value,
      label: label(back === 1 ? "Previous period" : "Period", period.start, period.end),
    });
  }
  if (/^\d{4}-\d{2}$/.test(selected) && !options.some((option) => option.value === selected)) {
    const period = periodForMonth(selected, cycle.billingAnchorDay);
    options.push({ value: selected, label: label("Period", period.start, period.end) });
  }
  return options;
}
