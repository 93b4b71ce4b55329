// The chart's data: one stacked series per unit, over every day any shown workspace counts. Each
// usage row lands on exactly one day of its unit's series, so the stacked sum over the days is the
// report's total for every product area, whatever the workspaces' periods and time zones.
import { calendarDateIn, type CalendarDate } from "@/lib/periods/calendar-date";
import { bucketDates, type Granularity } from "./chart-buckets";
import { fromScaled, toScaled } from "./decimal";
import type { PeriodInfo, UsageRow } from "./usage-response";

export interface SeriesDay {
  date: CalendarDate;
  /** Exact quantity per product area key; areas without usage that day are absent. */
  quantities: Record<string, string>;
  /** The day's stacked total, exact. */
  total: string;
}

export interface UnitSeries {
  unit: string;
  /** Product area keys measured in this unit. */
  keys: string[];
  days: SeriesDay[];
  /** Per product area, the sum over the days (equals the report's totals). */
  totals: Record<string, string>;
}

/**
 * The days the chart spans: from the earliest start among the workspaces' periods to the latest
 * day any of them has reached (its today in its own time zone, or its end once over), stretched to
 * any row outside that (rows are never dropped).
 */
export function seriesSpan(periods: PeriodInfo[], rows: UsageRow[], generatedAt: Date): { from: CalendarDate; to: CalendarDate } {
  let from = periods[0]?.start ?? rows[0]?.date ?? calendarDateIn(generatedAt, "UTC");
  let to = from;
  for (const period of periods) {
    const today = calendarDateIn(generatedAt, period.timeZone);
    const reached = today < period.end ? today : period.end;
    if (period.start < from) from = period.start;
    if (reached > to) to = reached;
  }
  for (const row of rows) {
    if (row.date! < from) from = row.date!;
    if (row.date! > to) to = row.date!;
  }
  return { from, to };
}

/** Every bucket the chart spans, by its first day (see seriesSpan and bucketDates). */
export function seriesDates(rows: UsageRow[], periods: PeriodInfo[], generatedAt: Date, granularity: Granularity = "day"): CalendarDate[] {
  const { from, to } = seriesSpan(periods, rows, generatedAt);
  return bucketDates(from, to, granularity, [...new Set(rows.map((row) => row.date!))]);
}

/**
 * Rows grouped by day (or the week or month starting on `date`) and product area (and unit), as
 * the dashboard's report has them.
 */
export function dailySeries(rows: UsageRow[], periods: PeriodInfo[], generatedAt: Date, granularity: Granularity = "day"): UnitSeries[] {
  const dates = seriesDates(rows, periods, generatedAt, granularity);
  const byUnit = new Map<string, Map<CalendarDate, Map<string, bigint>>>();
  for (const row of rows) {
    let days = byUnit.get(row.unit);
    if (!days) byUnit.set(row.unit, (days = new Map()));
    let areas = days.get(row.date!);
    if (!areas) days.set(row.date!, (areas = new Map()));
    // Rows from several workspaces can share a day and an area: added, never overwritten.
    areas.set(row.productArea!, (areas.get(row.productArea!) ?? 0n) + toScaled(row.quantity));
  }
  const series = [...byUnit].map(([unit, days]) => {
    const keys = new Set<string>();
    const totals = new Map<string, bigint>();
    const out: SeriesDay[] = [];
    for (const date of dates) {
      const areas = days.get(date) ?? new Map<string, bigint>();
      let total = 0n;
      const quantities: Record<string, string> = {};
      for (const [key, quantity] of areas) {
        keys.add(key);
        total += quantity;
        totals.set(key, (totals.get(key) ?? 0n) + quantity);
        quantities[key] = fromScaled(quantity);
      }
      out.push({ date, quantities, total: fromScaled(total) });
    }
    return {
      unit,
      keys: [...keys],
      days: out,
      totals: Object.fromEntries([...totals].map(([key, quantity]) => [key, fromScaled(quantity)])),
    };
  });
  // The unit with the most product areas first: the chart's default tab.
  return series.sort((a, b) => b.keys.length - a.keys.length || a.unit.localeCompare(b.unit));
}
