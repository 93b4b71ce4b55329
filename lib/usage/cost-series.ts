// The cost chart's data: per currency (never added across currencies), each bucket's amounts by
// product area, its total and the running total. The rows' amounts are the cost each day added to
// the period's invoice lines, so each area's sum over the buckets is its cost line, and the last
// running total is the cost card's figure in that currency.
import type { CalendarDate } from "@/lib/periods/calendar-date";
import { fromScaled, toScaled } from "./decimal";

/** A usage row with the money it adds (GET /api/billing/usage: null when nothing prices it). */
export interface CostRow {
  date?: string;
  productArea?: string;
  amount?: string | null;
  currency?: string | null;
}

export interface CostBucket {
  date: CalendarDate;
  /** Exact amount per product area key; areas without cost in the bucket are absent. */
  amounts: Record<string, string>;
  total: string;
  /** The running total through this bucket. */
  cumulative: string;
}

export interface CostSeries {
  currency: string;
  /** Product areas with an amount in this currency. */
  keys: string[];
  buckets: CostBucket[];
  /** Per product area, the sum over the buckets. */
  totals: Record<string, string>;
  /** The sum of everything: the last running total. */
  total: string;
}

/** `rows` summed per currency into `dates`: the chart's buckets, sorted, holding every row's date (seriesDates does). */
export function costSeries(rows: readonly CostRow[], dates: readonly CalendarDate[]): CostSeries[] {
  const byCurrency = new Map<string, Map<CalendarDate, Map<string, bigint>>>();
  for (const row of rows) {
    if (!row.currency || row.amount == null || !row.date || !row.productArea) continue;
    let days = byCurrency.get(row.currency);
    if (!days) byCurrency.set(row.currency, (days = new Map()));
    let areas = days.get(row.date);
    if (!areas) days.set(row.date, (areas = new Map()));
    areas.set(row.productArea, (areas.get(row.productArea) ?? 0n) + toScaled(row.amount));
  }
  return [...byCurrency]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, days]) => {
      const totals = new Map<string, bigint>();
      let running = 0n;
      const buckets = dates.map((date) => {
        const areas = days.get(date) ?? new Map<string, bigint>();
        let total = 0n;
        const amounts: Record<string, string> = {};
        for (const [key, amount] of areas) {
          total += amount;
          totals.set(key, (totals.get(key) ?? 0n) + amount);
          amounts[key] = fromScaled(amount);
        }
        running += total;
        return { date, amounts, total: fromScaled(total), cumulative: fromScaled(running) };
      });
      return {
        currency,
        keys: [...totals.keys()],
        buckets,
        totals: Object.fromEntries([...totals].map(([key, amount]) => [key, fromScaled(amount)])),
        total: fromScaled(running),
      };
    });
}
