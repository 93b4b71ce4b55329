// Money per day (docs/pricing.md, "Daily cost"): a day's amount is what it added to its period's
// invoice line, the rounded line of the area's quantity through that day minus the rounded line
// through the day before. Tiers and included quantities fall on the day they apply, and an area's
// days add up exactly to its line (the differences telescope). Computed in one pass over rows in
// date order, from running sums per workspace, area and billing period: one line priced per row,
// none while the running sum is within the included quantity.
import "server-only";
import type { WorkspaceScope } from "@/lib/access/workspace-access";
import { db, type Prisma } from "@/lib/db";
import { addDays } from "@/lib/periods/calendar-date";
import { periodContaining } from "@/lib/periods/period";
import { lineAmount } from "@/lib/pricing/invoice-lines";
import { Exact, minorUnitDigits } from "@/lib/pricing/money";
import type { PriceItem } from "@/lib/pricing/price-book";
import { periodBookKey, priceBooksForPeriods, type StoredPriceBook } from "@/lib/pricing/price-books";
import { trimDecimal } from "./decimal";
import { groupedUsageSql, type WorkspaceRange } from "./usage-sql";

export interface DayQuantity {
  workspaceId: string;
  date: string;
  productArea: string;
  unit: string;
  quantity: string;
}

export interface Money {
  currency: string;
  /** In the currency's minor unit, e.g. "12.30". */
  amount: string;
}

export interface DailyAmounts {
  /** Per row, in the rows' order: what it added to its period's invoice line; null when no book prices it. */
  amounts: (Money | null)[];
  /** Areas with usage that no price book prices, per workspace. */
  unpriced: { workspaceId: string; productArea: string }[];
}

/** Where each (workspace, area, unit) stood at the start of the range, in the range's first period. */
export type Openings = ReadonlyMap<string, string>;

const stateKey = (workspaceId: string, productArea: string, unit: string, periodStart: string) =>
  `${workspaceId}\u0000${productArea}\u0000${unit}\u0000${periodStart}`;

/**
 * The pure part: rows sorted by date (within a workspace, area and unit), each row's period start,
 * the book per period and the quantities before the range. Exact.
 */
export function amountsFromRunningSums(
  rows: readonly DayQuantity[],
  periodStart: (workspaceId: string, date: string) => string,
  bookFor: (workspaceId: string, periodStart: string) => StoredPriceBook | null,
  openings: Openings = new Map(),
): DailyAmounts {
  const running = new Map<string, { item: PriceItem | null; currency: string; total: Exact; line: Exact }>();
  const items = new Map<StoredPriceBook, Map<string, PriceItem>>();
  const unpriced = new Map<string, { workspaceId: string; productArea: string }>();
  const amounts = rows.map(({ workspaceId, date, productArea, unit, quantity }): Money | null => {
    const start = periodStart(workspaceId, date);
    const key = stateKey(workspaceId, productArea, unit, start);
    let state = running.get(key);
    if (!state) {
      const book = bookFor(workspaceId, start);
      let byArea = book ? items.get(book) : undefined;
      if (book && !byArea) items.set(book, (byArea = new Map(book.items.map((item) => [item.productArea, item]))));
      const item = byArea?.get(productArea) ?? null;
      const total = new Exact(openings.get(key) ?? "0");
      const currency = book?.currency ?? "";
      state = { item, currency, total, line: item ? lineAmount(item, total, currency) : new Exact(0) };
      running.set(key, state);
    }
    if (!state.item) {
      if (!new Exact(quantity).isZero()) unpriced.set(`${workspaceId}\u0000${productArea}`, { workspaceId, productArea });
      return null;
    }
    state.total = state.total.plus(quantity);
    const line = lineAmount(state.item, state.total, state.currency);
    const amount = line.minus(state.line);
    state.line = line;
    return { currency: state.currency, amount: amount.toFixed(minorUnitDigits(state.currency)) };
  });
  return { amounts, unpriced: [...unpriced.values()] };
}

type Reader = Pick<Prisma.TransactionClient, "$queryRaw" | "priceBook">;

/**
 * Each row's amount, for rows of `ranges` (one per workspace; any dates: a custom range can start
 * mid-period and span periods, each day priced in its own period by that period's book).
 */
export async function dailyAmounts({
  scope,
  anchorDays,
  ranges,
  productAreas,
  rows,
  booksInEffect,
  client = db(),
}: {
  scope: WorkspaceScope;
  /** Each workspace's billing anchor day. */
  anchorDays: ReadonlyMap<string, number>;
  ranges: readonly WorkspaceRange[];
  productAreas: string[] | null;
  rows: readonly DayQuantity[];
  /** Whole periods only: the books already read for them (priceBooksInEffect), so none is read again. */
  booksInEffect?: ReadonlyMap<string, StoredPriceBook | null>;
  client?: Reader;
}): Promise<DailyAmounts> {
  const byWorkspace = new Map(ranges.map((range) => [range.workspaceId, range]));
  const starts = new Map<string, string>();
  const periodStart = (workspaceId: string, date: string) => {
    const range = byWorkspace.get(workspaceId);
    if (range?.wholePeriod) return range.start;
    const anchor = anchorDays.get(workspaceId)!;
    const key = `${anchor} ${date}`;
    let start = starts.get(key);
    if (start === undefined) starts.set(key, (start = periodContaining(date, anchor).start));
    return start;
  };
  const periods = new Map<string, { workspaceId: string; start: string }>();
  for (const row of rows) {
    const start = periodStart(row.workspaceId, row.date);
    periods.set(periodBookKey(row.workspaceId, start), { workspaceId: row.workspaceId, start });
  }
  // A range that starts mid-period: its first period's days before it count towards the tiers.
  const before = ranges.flatMap((range) => {
    const start = periodStart(range.workspaceId, range.start);
    return start < range.start ? [{ workspaceId: range.workspaceId, start, end: addDays(range.start, -1), wholePeriod: false }] : [];
  });
  const openings = new Map<string, string>();
  if (before.length > 0) {
    const sums = await client.$queryRaw<{ workspaceId: string; productArea: string; unit: string; quantity: string }[]>(
      groupedUsageSql(before, productAreas, ["workspace", "productArea"], scope),
    );
    const startOf = new Map(before.map((b) => [b.workspaceId, b.start]));
    for (const s of sums)
      openings.set(stateKey(s.workspaceId, s.productArea, s.unit, startOf.get(s.workspaceId)!), trimDecimal(s.quantity));
  }
  if (booksInEffect && ranges.every((range) => range.wholePeriod))
    return amountsFromRunningSums(rows, periodStart, (workspaceId) => booksInEffect.get(workspaceId) ?? null, openings);
  const books = await priceBooksForPeriods(scope, [...periods.values()], client);
  return amountsFromRunningSums(rows, periodStart, (workspaceId, start) => books.get(periodBookKey(workspaceId, start)) ?? null, openings);
}

/** Amounts summed per currency: one Money when they share one, null with none or several. */
export class MoneySum {
  private currency: string | null = null;
  private amount = new Exact(0);
  private mixed = false;

  add(money: Money | null): void {
    if (!money || this.mixed) return;
    if (this.currency === null) this.currency = money.currency;
    else if (this.currency !== money.currency) {
      this.mixed = true;
      return;
    }
    this.amount = this.amount.plus(money.amount);
  }

  get value(): Money | null {
    if (this.mixed || this.currency === null) return null;
    return { currency: this.currency, amount: this.amount.toFixed(minorUnitDigits(this.currency)) };
  }
}
