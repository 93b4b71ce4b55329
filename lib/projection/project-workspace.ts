// One workspace's part of a projection: per product area, the forecast of its series (the cached
// history plus the day in progress), that forecast priced through the workspace's price book, and
// the replays of earlier periods the accuracy line sums.
import "server-only";
import type { Prisma } from "@/lib/db";
import { addDays, formatCalendarDate } from "@/lib/periods/calendar-date";
import { Exact } from "@/lib/pricing/money";
import type { StoredPriceBook } from "@/lib/pricing/price-books";
import { withDayInProgress } from "./period-total";
import { emptyHistory, type AreaHistory, type HistoryWindow, type PricedReplay } from "./projection-history";
import { nonNegativeDecimal, priceOf } from "./projection-money";
import type { ProjectionResponse } from "./projection-response";

export const DEFAULT_METHOD = "combined";

type Area = ProjectionResponse["areas"][number];
type ForecastDay = ProjectionResponse["forecast"][number];
type Range = { central: string; p10: string; p90: string };

export interface ProjectionWindow extends HistoryWindow {
  workspace: HistoryWindow["workspace"] & { timeZone: string; locale: string };
  today: string;
}

/** A row of the read model dated after the workspace's last complete day. */
export interface RecentRow {
  workspaceId: string;
  productArea: string;
  usageDate: Date;
  quantity: Prisma.Decimal;
  unit: string;
}

/** An earlier period's replays, summed over the workspace's areas. */
export interface PeriodReplays {
  workspaceId: string;
  start: string;
  actual: Exact[];
  central: Exact[];
  p10: Exact[];
  p90: Exact[];
  straightLine: Exact[];
}

export interface WorkspaceProjection {
  areas: Area[];
  forecast: ForecastDay[];
  replays: PeriodReplays[];
  /** The last method other than the default any area's forecast used. */
  method: string | null;
  /** Some area had too little history to measure its range. */
  defaultRange: boolean;
}

interface RecentUsage {
  toDate: Exact;
  partialToday: number;
}

export interface WorkspaceInput {
  window: ProjectionWindow;
  book: StoredPriceBook | null;
  histories: AreaHistory[];
  recentRows: readonly RecentRow[];
  wanted: (productArea: string) => boolean;
}

export function projectWorkspace({ window, book, histories, recentRows, wanted }: WorkspaceInput): WorkspaceProjection {
  const { workspace } = window;
  const series = new Map(histories.filter((h) => wanted(h.productArea)).map((h) => [h.productArea, h]));
  const own = recentRows.filter((row) => row.workspaceId === workspace.id && wanted(row.productArea));
  const firstSeenToday = new Set<string>();
  for (const row of own) {
    if (series.has(row.productArea)) continue;
    series.set(row.productArea, emptyHistory(row.productArea, row.unit, window));
    firstSeenToday.add(row.productArea);
  }
  const recent = recentUsage(own, window.today);
  const result: WorkspaceProjection = { areas: [], forecast: [], replays: [], method: null, defaultRange: false };
  for (const history of [...series.values()].sort((a, b) => a.productArea.localeCompare(b.productArea))) {
    const extra = recent.get(history.productArea) ?? { toDate: new Exact(0), partialToday: 0 };
    const toDate = new Exact(history.toDate).plus(extra.toDate);
    // An area first seen today with nothing in it yet is not shown, as it would not be from history.
    if (toDate.isZero() && firstSeenToday.has(history.productArea)) continue;
    const projected = forecastSeries(history, extra, toDate, window, result);
    result.areas.push(pricedArea(workspace.id, history, toDate.toFixed(), projected, book));
  }
  return result;
}

/** Per area: the usage after the last complete day, and how much of it is the day in progress. */
function recentUsage(rows: readonly RecentRow[], today: string): Map<string, RecentUsage> {
  const recent = new Map<string, RecentUsage>();
  for (const row of rows) {
    const entry = recent.get(row.productArea) ?? { toDate: new Exact(0), partialToday: 0 };
    const quantity = new Exact(row.quantity.toFixed());
    entry.toDate = entry.toDate.plus(quantity);
    if (formatCalendarDate(row.usageDate) === today) entry.partialToday = quantity.toNumber();
    recent.set(row.productArea, entry);
  }
  return recent;
}

/** The area's projected quantities; its daily forecast, method and replays go into `result`. */
function forecastSeries(
  history: AreaHistory,
  extra: RecentUsage,
  toDate: Exact,
  { workspace, lastComplete }: ProjectionWindow,
  result: WorkspaceProjection,
): Range {
  const quantityToDate = toDate.toFixed();
  if (!history.total) return { central: quantityToDate, p10: quantityToDate, p90: quantityToDate };
  const total = withDayInProgress(history.total, extra.partialToday);
  const seen = history.seen + extra.partialToday;
  const plus = (value: number) => toDate.plus(nonNegativeDecimal(value - seen)).toFixed();
  total.days.forEach((day, i) =>
    result.forecast.push({
      workspaceId: workspace.id,
      productArea: history.productArea,
      date: addDays(lastComplete, i + 1),
      quantity: nonNegativeDecimal(day),
      quantityP10: nonNegativeDecimal(day * total.lowFactor),
      quantityP90: nonNegativeDecimal(day * total.highFactor),
    }),
  );
  if (total.method !== DEFAULT_METHOD) result.method = total.method;
  if (total.defaultRange) result.defaultRange = true;
  addReplays(result.replays, workspace.id, history.replays);
  return { central: plus(total.central), p10: plus(total.p10), p90: plus(total.p90) };
}

function addReplays(replays: PeriodReplays[], workspaceId: string, priced: readonly PricedReplay[]): void {
  for (const replay of priced) {
    let entry = replays.find((e) => e.workspaceId === workspaceId && e.start === replay.start);
    if (!entry) replays.push((entry = { workspaceId, start: replay.start, actual: [], central: [], p10: [], p90: [], straightLine: [] }));
    entry.actual.push(new Exact(replay.actual));
    entry.central.push(new Exact(replay.central));
    entry.p10.push(new Exact(replay.p10));
    entry.p90.push(new Exact(replay.p90));
    entry.straightLine.push(new Exact(replay.straightLine));
  }
}

function pricedArea(
  workspaceId: string,
  history: AreaHistory,
  quantityToDate: string,
  projected: Range,
  book: StoredPriceBook | null,
): Area {
  const amount = (quantity: string) => priceOf(book, history.productArea, quantity);
  return {
    workspaceId,
    productArea: history.productArea,
    unit: history.unit,
    quantityToDate,
    projectedQuantity: projected.central,
    projectedQuantityP10: projected.p10,
    projectedQuantityP90: projected.p90,
    currency: book && amount(quantityToDate) !== null ? book.currency : null,
    amountToDate: amount(quantityToDate),
    projectedAmount: amount(projected.central),
    projectedAmountP10: amount(projected.p10),
    projectedAmountP90: amount(projected.p90),
  };
}
