// The usage figures for a checked set of workspaces: the one place behind the usage API, the
// dashboard and the CSV export, so all three show the same numbers to the last decimal.
import "server-only";
import type { WorkspaceAccess, WorkspaceScope } from "@/lib/access/workspace-access";
import { db, type Prisma } from "@/lib/db";
import type { Workspace } from "@/lib/db/generated/client";
import { costOfUsage, type UsageCost } from "@/lib/pricing/cost-of-usage";
import { priceBooksInEffect, type StoredPriceBook } from "@/lib/pricing/price-books";
import { dailyAmounts, type DayQuantity } from "./daily-amounts";
import { bucketOf, inBuckets, weekStartOf } from "./granularity";
import { comparedCosts, costOfDays, lineAmounts, rowAmounts } from "./row-amounts";
import { compareUsage, comparisonWindowsFor } from "./compare-usage";
import { trimDecimal } from "./decimal";
import { groupPeriodTotals, periodTotals } from "./period-totals";
import { rangeResolver } from "@/lib/periods/resolve-range";
import { PER_WORKSPACE_PARTS, type GroupByDimension, type PerWorkspacePart, type UsageQuery } from "./usage-query";
import type { Comparison, DailyRow, PeriodInfo, UsageReport, UsageRow, UsageTotal } from "./usage-response";
import { groupedUsageSql, type WorkspaceRange } from "./usage-sql";
import { formatCalendarDate } from "@/lib/periods/calendar-date";

interface SqlRow {
  workspaceId?: string;
  date?: Date;
  productArea?: string;
  unit: string;
  quantity: string;
  events: bigint | number;
}

const ALL_DIMENSIONS: GroupByDimension[] = ["day", "workspace", "productArea"];

function toRow({ workspaceId, date, productArea, unit, quantity, events }: SqlRow): UsageRow {
  return {
    ...(workspaceId !== undefined && { workspaceId }),
    ...(date !== undefined && { date: formatCalendarDate(date) }),
    ...(productArea !== undefined && { productArea }),
    unit,
    quantity: trimDecimal(quantity),
    sourceEventCount: Number(events),
  };
}

export interface ScopedRanges {
  workspaces: { workspace: Workspace; period: PeriodInfo }[];
  ranges: WorkspaceRange[];
}

/** Each checked workspace's dates for the query (its own billing period, or the explicit dates). */
export function scopedRanges(access: WorkspaceAccess, query: UsageQuery, now: Date, graceHours: number): ScopedRanges {
  // Only workspaces the access check produced are ever queried.
  const checked = new Set(access.scope.workspaceIds);
  const resolve = rangeResolver(query.range, now, graceHours);
  const workspaces = access.grants
    .filter(({ workspace }) => checked.has(workspace.id))
    .map(({ workspace }) => {
      const { wholePeriod, ...period } = resolve(workspace);
      return { workspace, period, wholePeriod };
    });
  return {
    workspaces: workspaces.map(({ workspace, period }) => ({ workspace, period })),
    ranges: workspaces.map(({ workspace, period, wholePeriod }) => ({
      workspaceId: workspace.id,
      start: period.start,
      end: period.end,
      wholePeriod,
    })),
  };
}

type Reader = Pick<Prisma.TransactionClient, "$queryRaw">;

function grouped(
  scope: WorkspaceScope,
  ranges: WorkspaceRange[],
  productAreas: string[] | null,
  dimensions: GroupByDimension[],
  client: Reader = db(),
) {
  return client.$queryRaw<SqlRow[]>(groupedUsageSql(ranges, productAreas, dimensions, scope)).then((rows) => rows.map(toRow));
}

/**
 * Totals per product area, and per workspace and product area: what the dashboard and the CSV
 * show. The export passes its snapshot transaction, so its totals match its rows exactly.
 */
export async function computeUsageTotals(
  scope: WorkspaceScope,
  ranges: WorkspaceRange[],
  productAreas: string[] | null,
  client: Reader = db(),
) {
  // One after the other: a transaction client runs one query at a time.
  const totals = await grouped(scope, ranges, productAreas, ["productArea"], client);
  const totalsByWorkspace = await grouped(scope, ranges, productAreas, ["workspace", "productArea"], client);
  return {
    totals: totals as UsageTotal[],
    totalsByWorkspace: totalsByWorkspace as (UsageTotal & { workspaceId: string })[],
  };
}

/**
 * The per-workspace parts a report carries: whatever `include` names, else both for listed
 * workspaces and neither for `workspaceId=all`, whose size would grow with every workspace.
 */
export function includedParts(access: WorkspaceAccess, query: UsageQuery): PerWorkspacePart[] {
  return query.include ?? (access.allVisible ? [] : [...PER_WORKSPACE_PARTS]);
}

export async function computeUsageReport({
  access,
  query,
  now,
  graceHours,
}: {
  access: WorkspaceAccess;
  query: UsageQuery;
  now: Date;
  graceHours: number;
}): Promise<UsageReport> {
  const { workspaces, ranges } = scopedRanges(access, query, now, graceHours);
  const parts = includedParts(access, query);
  const dimensions = query.groupBy ?? ALL_DIMENSIONS;
  const shape = dimensions.join(",");
  // Invoice lines are per workspace (each has its own price book and tiers) and billing period.
  const priced = ranges.every((range) => range.wholePeriod);
  // Rows with days, or any rows of a custom range, get their amounts from the days' own amounts,
  // worked out on rows by day, workspace and area: the rows themselves when so grouped.
  const needsDays = (dimensions.includes("day") || !priced) && dimensions.length < ALL_DIMENSIONS.length;
  const byWorkspaceNeeded = priced || parts.includes("totalsByWorkspace") || shape === "productArea,workspace";
  // Whole periods without days come from the per-workspace period totals, read once and alongside
  // any query over daily rows.
  const { scope } = access;
  const periods = priced ? periodTotals(scope, ranges) : null;
  const group = async (by: GroupByDimension[]) =>
    periods && !by.includes("day")
      ? groupPeriodTotals(ranges, await periods, query.productAreas, by)
      : grouped(scope, ranges, query.productAreas, by);
  const [totals, byWorkspace, other, dayRows, books, compared] = await Promise.all([
    group(["productArea"]),
    byWorkspaceNeeded ? group(["workspace", "productArea"]) : null,
    // Grouped exactly like one of the totals, the rows are those totals: computed once.
    shape === "productArea" || shape === "productArea,workspace" ? null : group(dimensions),
    needsDays ? grouped(scope, ranges, query.productAreas, ALL_DIMENSIONS) : null,
    priced ? priceBooksInEffect(scope, new Map(ranges.map((r) => [r.workspaceId, r.start]))) : null,
    query.compare ? comparison(scope, workspaces, now, query.productAreas) : null,
  ]);
  const rows = other ?? (shape === "productArea" ? totals : byWorkspace!);
  const { daily, cost } = await withMoney({ scope, workspaces, ranges, query, rows, dayRows, byWorkspace, books });
  const { byWorkspace: costByWorkspace, ...costShown } = cost;
  return {
    period: workspaces[0]!.period,
    ...(parts.includes("workspaces") && {
      workspaces: workspaces.map(({ workspace, period }) => ({
        workspaceId: workspace.id,
        slug: workspace.slug,
        name: workspace.name,
        currency: workspace.currency,
        period,
      })),
    }),
    granularity: query.granularity,
    daily,
    totals: totals as UsageTotal[],
    ...(parts.includes("totalsByWorkspace") && { totalsByWorkspace: byWorkspace as (UsageTotal & { workspaceId: string })[] }),
    ...(compared && { comparison: compared }),
    cost: { ...costShown, ...(priced && parts.includes("totalsByWorkspace") && { byWorkspace: costByWorkspace }) },
  };
}

/**
 * The money of a report: each row's amount (from the days' amounts, or for whole periods without
 * days from the invoice lines they telescope to), and the cost: a period's invoice lines, a custom
 * range's days summed.
 */
async function withMoney({
  scope,
  workspaces,
  ranges,
  query,
  rows,
  dayRows,
  byWorkspace,
  books,
}: ScopedRanges & {
  scope: WorkspaceScope;
  query: UsageQuery;
  /** The rows as grouped; `dayRows`, the same by day, workspace and area when they are not. */
  rows: UsageRow[];
  dayRows: UsageRow[] | null;
  byWorkspace: UsageRow[] | null;
  /** Each workspace's book, for whole periods only. */
  books: Map<string, StoredPriceBook | null> | null;
}): Promise<{ daily: DailyRow[]; cost: UsageCost }> {
  const dimensions = query.groupBy ?? ALL_DIMENSIONS;
  const priced = books !== null;
  const anchorDays = new Map(workspaces.map(({ workspace }) => [workspace.id, workspace.billingAnchorDay]));
  const fineRows = (dayRows ?? rows) as DayQuantity[];
  const days =
    dimensions.includes("day") || !priced
      ? await dailyAmounts({
          scope,
          anchorDays,
          ranges,
          productAreas: query.productAreas,
          rows: fineRows,
          booksInEffect: books ?? undefined,
        })
      : null;
  const cost = priced
    ? await costOfUsage(
        scope,
        ranges.map(({ workspaceId, start }) => ({ workspaceId, start })),
        byWorkspace as (UsageTotal & { workspaceId: string })[],
        { perWorkspace: true, books },
      )
    : costOfDays(fineRows, days!);
  // Days into weeks or months: quantities summed here, amounts from the days' own.
  const bucket =
    dimensions.includes("day") && query.granularity !== "day"
      ? bucketOf(query.granularity, weekStartOf(workspaces[0]!.workspace.locale))
      : null;
  const shown = bucket ? inBuckets(rows, bucket) : rows;
  const amounts = days ? rowAmounts(shown, dimensions, fineRows, days.amounts, bucket) : lineAmounts(shown, dimensions, cost.byWorkspace!);
  return { daily: shown.map((row, i) => ({ ...row, amount: amounts[i]?.amount ?? null, currency: amounts[i]?.currency ?? null })), cost };
}

/** The report's totals beside the same days of the windows before them, in quantity and in money. */
async function comparison(
  scope: WorkspaceScope,
  workspaces: ScopedRanges["workspaces"],
  now: Date,
  productAreas: string[] | null,
): Promise<Comparison> {
  const compared = await compareUsage(comparisonWindowsFor(workspaces, now), (windows) =>
    windows.every((w) => w.wholePeriod)
      ? periodTotals(scope, windows).then((p) => groupPeriodTotals(windows, p, productAreas, ["productArea"]) as UsageTotal[])
      : grouped(scope, windows, productAreas, ["productArea"]).then((rows) => rows as UsageTotal[]),
  );
  if (!compared.available) return compared;
  const anchorDays = new Map(workspaces.map(({ workspace }) => [workspace.id, workspace.billingAnchorDay]));
  // The same windows' days priced, each in its own period (a window can start before or after its period).
  const costOver = async (side: "current" | "previous") => {
    const ranges = compared.windows.map((w) => ({
      workspaceId: w.workspaceId,
      start: w[side].from,
      end: w[side].to,
      wholePeriod: w.basis === "whole-periods",
    }));
    const rows = (await grouped(scope, ranges, productAreas, ALL_DIMENSIONS)) as DayQuantity[];
    return costOfDays(rows, await dailyAmounts({ scope, anchorDays, ranges, productAreas, rows }));
  };
  const current = await costOver("current");
  const previous = await costOver("previous");
  return { ...compared, ...comparedCosts(current, previous) };
}
