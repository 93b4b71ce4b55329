// GET /api/billing/rate-card: the price book that prices a workspace's period, and where the
// period's usage stands on it: the day the included quantity was used up, the day each tier was
// entered, the tier usage is in now. Walked from the period's daily rows, in date order.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { oneWorkspace } from "@/lib/access/one-workspace";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors/api-error";
import { listProductAreas } from "@/lib/metering/product-areas";
import { formatCalendarDate } from "@/lib/periods/calendar-date";
import { resolveRange } from "@/lib/periods/resolve-range";
import { periodRange } from "@/lib/usage/usage-query";
import { groupedUsageSql } from "@/lib/usage/usage-sql";
import { Exact, exactText } from "./money";
import type { PriceItem } from "./price-book";
import { priceBooksInEffect } from "./price-books";
import type { RateCardResponse } from "./rate-card-response";

export interface DayUsage {
  date: string;
  quantity: string;
}

/** Where one area's usage, day by day in date order, stands on its price item. */
export function standing(item: PriceItem, days: readonly DayUsage[]): Omit<RateCardResponse["items"][number], "unit"> {
  const included = new Exact(item.includedQuantity);
  // Each tier starts above the billable units of the tiers before it.
  const floors = item.tiers.map((_, i) => new Exact(i === 0 ? 0 : item.tiers[i - 1]!.upTo!));
  const reachedOn: (string | null)[] = item.tiers.map(() => null);
  let usedUpOn: string | null = null;
  let total = new Exact(0);
  for (const { date, quantity } of days) {
    total = total.plus(quantity);
    if (usedUpOn === null && !included.isZero() && total.greaterThanOrEqualTo(included)) usedUpOn = date;
    const billable = total.minus(included);
    floors.forEach((floor, i) => {
      if (reachedOn[i] === null && billable.greaterThan(floor)) reachedOn[i] = date;
    });
  }
  const current = reachedOn.findLastIndex((on) => on !== null);
  return {
    productArea: item.productArea,
    includedQuantity: item.includedQuantity,
    quantityToDate: exactText(total),
    includedUsedUpOn: usedUpOn,
    tiers: item.tiers.map((tier, i) => ({ upTo: tier.upTo, unitAmount: tier.unitAmount, reachedOn: reachedOn[i]! })),
    currentTier: current < 0 ? null : current,
  };
}

export async function getRateCard({
  ctx: { access, request },
  input: { period, now = new Date() },
}: DomainCall<WorkspaceContext, { period?: string; now?: Date }>): Promise<RateCardResponse> {
  const workspace = oneWorkspace(access);
  const range = resolveRange(workspace, periodRange(period), now, env().METERING_GRACE_HOURS);
  const book = (await priceBooksInEffect(access.scope, new Map([[workspace.id, range.start]]))).get(workspace.id);
  if (!book) throw new ApiError("not_found", `No price book is in effect for the period that started ${range.start}.`);
  const rows = await db().$queryRaw<{ date: Date; productArea: string; unit: string; quantity: string }[]>(
    groupedUsageSql(
      [{ workspaceId: workspace.id, start: range.start, end: range.end, wholePeriod: false }],
      null,
      ["day", "productArea"],
      access.scope,
    ),
  );
  const byArea = new Map<string, DayUsage[]>();
  for (const row of rows) {
    const days = byArea.get(row.productArea) ?? [];
    days.push({ date: formatCalendarDate(row.date), quantity: row.quantity });
    byArea.set(row.productArea, days);
  }
  const units = new Map((await listProductAreas()).map((area) => [area.key, area.unit]));
  const priced = new Set(book.items.map((item) => item.productArea));
  await auditRequest(
    access,
    "billing.rate_card.viewed",
    { period: { start: range.start, end: range.end }, effectiveFrom: book.effectiveFrom, query: { period: period ?? "current" } },
    request,
  );
  return {
    workspaceId: workspace.id,
    currency: book.currency,
    effectiveFrom: book.effectiveFrom,
    period: { start: range.start, end: range.end },
    items: book.items.map((item) => ({
      ...standing(item, byArea.get(item.productArea) ?? []),
      unit: units.get(item.productArea) ?? null,
    })),
    unpriced: [...byArea]
      .filter(([area, days]) => !priced.has(area) && days.some((d) => !new Exact(d.quantity).isZero()))
      .map(([area]) => area)
      .sort(),
  };
}
