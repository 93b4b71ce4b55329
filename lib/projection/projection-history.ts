// The costly half of a projection: per product area, the forecast from the workspace's complete
// days and the replays of its earlier periods. It depends on complete days alone, so it is cached
// per workspace, period and last complete day, stamped with the workspace's history version, which
// moves only when a day before its today changes (late events, imports, price books). While usage
// of the day in progress streams in, each read adds that day to this (project-usage.ts).
import "server-only";
import type { WorkspaceScope } from "@/lib/access/workspace-access";
import { scopedWhere } from "@/lib/access/workspace-access";
import { db, type Prisma } from "@/lib/db";
import { addDays, daysBetween, parseCalendarDate, formatCalendarDate } from "@/lib/periods/calendar-date";
import type { ResolvedRange } from "@/lib/periods/resolve-range";
import { Exact } from "@/lib/pricing/money";
import type { StoredPriceBook } from "@/lib/pricing/price-books";
import { cachedValue } from "@/lib/usage/value-cache";
import { completePeriods, replayPeriods } from "./backtest";
import { straightLinePace } from "./forecast";
import { projectCompleteDays, type PeriodTotal } from "./period-total";
import { nonNegativeDecimal, priceOf } from "./projection-money";

/** Days of history read before the period: enough for the forecast and six earlier periods. */
export const HISTORY_DAYS = 400;
/** Earlier periods replayed for the accuracy line. */
const ACCURACY_PERIODS = 6;

/** An earlier period projected from the same day as this one, priced with this period's book. */
export interface PricedReplay {
  start: string;
  actual: string;
  central: string;
  p10: string;
  p90: string;
  /** The same period at the straight-line pace of its days seen: the baseline the accuracy line compares with. */
  straightLine: string;
}

export interface AreaHistory {
  productArea: string;
  unit: string;
  /** The period's usage through its last complete day, exact. */
  toDate: string;
  /** The same as the forecast saw it (a plain number). */
  seen: number;
  /** The period's total from its complete days; null once the period is closed. */
  total: PeriodTotal | null;
  replays: PricedReplay[];
}

export interface HistoryWindow {
  workspace: { id: string; billingAnchorDay: number };
  resolved: Pick<ResolvedRange, "start" | "end" | "closed">;
  lastComplete: string;
}

type Client = Pick<Prisma.TransactionClient, "billingUsageDaily" | "usageVersion">;
type DailyRow = { productArea: string; usageDate: Date; quantity: Prisma.Decimal; unit: string };

/** The period's complete days, which the forecast and the replays see: while it runs, today's day of the period minus one. */
export function daysSeen({ resolved, lastComplete }: Pick<HistoryWindow, "resolved" | "lastComplete">): number {
  return Math.max(0, daysBetween(resolved.start, lastComplete) + 1);
}

/** Each workspace's history version: the stamp of its cached history. */
export async function historyVersions(scope: WorkspaceScope, client: Client = db()): Promise<Map<string, string>> {
  const rows = await client.usageVersion.findMany({ where: scopedWhere(scope), select: { workspaceId: true, historyVersion: true } });
  return new Map(rows.map((r) => [r.workspaceId, r.historyVersion.toString()]));
}

/** The workspace's areas as its complete days project them: from the cache while they have not changed. */
export async function projectionHistory(
  scope: WorkspaceScope,
  window: HistoryWindow,
  book: StoredPriceBook | null,
  historyVersion: string,
  client: Client = db(),
): Promise<AreaHistory[]> {
  const { workspace, resolved, lastComplete } = window;
  const key = JSON.stringify(["projection-history", workspace.id, resolved.start, resolved.end, resolved.closed, lastComplete]);
  const stamp = `${historyVersion}:${book?.id ?? "-"}`;
  const { value } = await cachedValue(key, stamp, async () => {
    const historyStart = addDays(resolved.start, -HISTORY_DAYS);
    const rows = await client.billingUsageDaily.findMany({
      where: {
        ...scopedWhere(scope),
        workspaceId: workspace.id,
        usageDate: { gte: parseCalendarDate(historyStart), lte: parseCalendarDate(lastComplete) },
      },
      select: { productArea: true, usageDate: true, quantity: true, unit: true },
    });
    return computeHistory(window, book, rows);
  });
  return value;
}

function computeHistory(window: HistoryWindow, book: StoredPriceBook | null, rows: DailyRow[]): AreaHistory[] {
  const { workspace, resolved, lastComplete } = window;
  const historyStart = addDays(resolved.start, -HISTORY_DAYS);
  const length = Math.max(0, daysBetween(historyStart, lastComplete) + 1);
  const observedDays = daysSeen(window);
  const periodDays = daysBetween(resolved.start, resolved.end) + 1;
  const pastPeriods = completePeriods(historyStart, length, workspace.billingAnchorDay);
  // Accuracy is replayed only on periods the workspace was metered (or imported) from their first
  // day: one it joined halfway through would score the forecast against days it never had.
  const firstDay = rows.reduce((first, row) => Math.min(first, daysBetween(historyStart, formatCalendarDate(row.usageDate))), length);
  const replayable = pastPeriods.filter((p) => p.startIndex >= firstDay);
  const replayed = replayable.filter((p) => observedDays < p.days).slice(-ACCURACY_PERIODS);

  const byArea = new Map<string, DailyRow[]>();
  for (const row of rows) {
    const list = byArea.get(row.productArea);
    if (list) list.push(row);
    else byArea.set(row.productArea, [row]);
  }
  const areas: AreaHistory[] = [];
  for (const [productArea, areaRows] of [...byArea].sort(([a], [b]) => a.localeCompare(b))) {
    const history = new Array<number>(length).fill(0);
    let toDate = new Exact(0);
    for (const row of areaRows) {
      const day = formatCalendarDate(row.usageDate);
      const quantity = new Exact(row.quantity.toFixed());
      if (day >= resolved.start) toDate = toDate.plus(quantity);
      history[daysBetween(historyStart, day)] = quantity.toNumber();
    }
    if (toDate.isZero() && history.every((v) => v === 0)) continue;
    let total: PeriodTotal | null = null;
    let replays: PricedReplay[] = [];
    if (!resolved.closed) {
      total = projectCompleteDays({ history, observedDays, periodDays, pastPeriods });
      // Priced with this period's book: the line measures the forecast, not price changes.
      const at = (value: number) => priceOf(book, productArea, nonNegativeDecimal(value)) ?? "0";
      replays = replayPeriods(history, replayable, observedDays)
        .slice(-ACCURACY_PERIODS)
        .map((r, i) => {
          const { startIndex, days } = replayed[i]!;
          return {
            start: addDays(historyStart, startIndex),
            actual: at(r.actual),
            central: at(r.method),
            p10: at(r.p10),
            p90: at(r.p90),
            straightLine: at(straightLinePace(history.slice(startIndex, startIndex + observedDays), days)),
          };
        });
    }
    const seen = history.slice(length - observedDays).reduce((a, b) => a + b, 0);
    areas.push({ productArea, unit: areaRows[0]!.unit, toDate: toDate.toFixed(), seen, total, replays });
  }
  return areas;
}

/** The history of an area first seen in the day in progress: nothing before it. */
export function emptyHistory(productArea: string, unit: string, window: HistoryWindow): AreaHistory {
  const { resolved } = window;
  const observedDays = daysSeen(window);
  const periodDays = daysBetween(resolved.start, resolved.end) + 1;
  const total = resolved.closed
    ? null
    : projectCompleteDays({ history: new Array<number>(observedDays).fill(0), observedDays, periodDays });
  return { productArea, unit, toDate: "0", seen: 0, total, replays: [] };
}
