// The day the projection's pace reaches an amount ("at this pace, 100 % on Dec 23"): the period's
// invoice at the end of each remaining day, from the projection's own daily forecast.
import { Exact } from "@/lib/pricing/money";
import type { StoredPriceBook } from "@/lib/pricing/price-books";
import { priceOf } from "@/lib/projection/projection-money";
import type { ProjectionResponse } from "@/lib/projection/projection-response";

export interface PaceDay {
  date: string;
  /** The invoice in the book's currency if the period stopped at the end of this day. */
  amount: Exact;
}

/**
 * Each remaining day's running invoice: every priced area's projected quantity less the forecast
 * of the days after that one, priced through the book. Tiers and included quantities apply to the
 * running quantity, as on the invoice, so days are never priced alone. Counting back from the
 * projected quantity (rather than forward from the cost so far) keeps the day in progress from
 * counting twice and makes the last day's amount the projected invoice itself.
 */
export function projectedPace(projection: ProjectionResponse, book: StoredPriceBook | null): PaceDay[] {
  if (!book) return [];
  const dates = [...new Set(projection.forecast.map((day) => day.date))].sort();
  const areas = projection.areas
    .filter((area) => area.currency === book.currency)
    .map((area) => ({
      area,
      days: projection.forecast.filter((day) => day.workspaceId === area.workspaceId && day.productArea === area.productArea),
    }));
  return dates.map((date) => {
    const amount = areas.reduce((sum, { area, days }) => {
      const later = days.filter((day) => day.date > date).reduce((total, day) => total.plus(day.quantity), new Exact(0));
      const quantity = Exact.max(new Exact(area.projectedQuantity).minus(later), 0).toFixed();
      return sum.plus(priceOf(book, area.productArea, quantity) ?? "0");
    }, new Exact(0));
    return { date, amount };
  });
}

/** The first day the pace reaches `limit`; null when it does not within the period. */
export const reachesOn = (pace: readonly PaceDay[], limit: Exact): string | null => pace.find((day) => day.amount.gte(limit))?.date ?? null;
