import { currentPeriod, periodForMonth, type BillingCycle } from "./period";

function label(start: string, end: string): string {
  const format = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
  return `${format(start)} – ${format(end)}`;
}

/**
 * Current, previous, and the ten periods before, labelled with their dates; and `selected`, when
 * it is an older month, so the selector always shows the period on screen.
 */
export function periodOptions(cycle: BillingCycle, now: Date, selected = "current"): { value: string; label: string }[] {
  const current = currentPeriod(cycle, now);
  const [year, month] = current.start.split("-").map(Number) as [number, number];
  const options = [{ value: "current", label: `Current period (${label(current.start, current.end)})` }];
  for (let back = 1; back <= 11; back++) {
    const d = new Date(Date.UTC(year, month - 1 - back, 1));
    const value = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
    const period = periodForMonth(value, cycle.billingAnchorDay);
    options.push({ value: back === 1 ? "previous" : value, label: `${back === 1 ? "Previous period" : "Period"} (${label(period.start, period.end)})` });
  }
  if (/^\d{4}-\d{2}$/.test(selected) && !options.some((option) => option.value === selected)) {
    const period = periodForMonth(selected, cycle.billingAnchorDay);
    options.push({ value: selected, label: `Period (${label(period.start, period.end)})` });
  }
  return options;
}
