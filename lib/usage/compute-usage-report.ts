// The usage figures for a checked set of workspaces: the one place behind the usage API, the
// dashboard and the CSV export, so all three show the same numbers to the last decimal.
import "server-only";
import type { WorkspaceAccess, WorkspaceScope } from "@/lib/access/workspace-access";
import { db, type Prisma } from "@/lib/db";
import type { Workspace } from "@/lib/db/generated/client";
import { costOfUsage } from "@/lib/pricing/cost-of-usage";
import { compareUsage, comparisonWindowsFor } from "./compare-usage";
import { trimDecimal } from "./decimal";
import { groupPeriodTotals, periodTotals } from "./period-totals";
import { rangeResolver } from "@/lib/periods/resolve-range";
import { PER_WORKSPACE_PARTS, type GroupByDimension, type PerWorkspacePart, type UsageQuery } from "./usage-query";
import type { PeriodInfo, UsageReport, UsageRow, UsageTotal } from "./usage-response";
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
  // Cost is per workspace (each has its own price book and tiers), for billing periods only.
  const priced = ranges.every((range) => range.wholePeriod);
  const byWorkspaceNeeded = priced || parts.includes("totalsByWorkspace") || shape === "productArea,workspace";
  // Whole periods without days come from the per-workspace period totals, read once and alongside
  // any query over daily rows.
  const { scope } = access;
  const periods = ranges.every((range) => range.wholePeriod) ? periodTotals(scope, ranges) : null;
  const group = async (by: GroupByDimension[]) =>
    periods && !by.includes("day")
      ? groupPeriodTotals(ranges, await periods, query.productAreas, by)
      : grouped(scope, ranges, query.productAreas, by);
  const [totals, byWorkspace, other, compared] = await Promise.all([
    group(["productArea"]),
    byWorkspaceNeeded ? group(["workspace", "productArea"]) : null,
    // Grouped exactly like one of the totals, the rows are those totals: computed once.
    shape === "productArea" || shape === "productArea,workspace" ? null : group(dimensions),
    query.compare ? comparison(scope, workspaces, now, query.productAreas) : null,
  ]);
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
    daily: other ?? (shape === "productArea" ? totals : byWorkspace!),
    totals: totals as UsageTotal[],
    ...(parts.includes("totalsByWorkspace") && { totalsByWorkspace: byWorkspace as (UsageTotal & { workspaceId: string })[] }),
    ...(compared && { comparison: compared }),
    cost: priced
      ? await costOfUsage(
          scope,
          ranges.map(({ workspaceId, start }) => ({ workspaceId, start })),
          byWorkspace as (UsageTotal & { workspaceId: string })[],
          { perWorkspace: parts.includes("totalsByWorkspace") },
        )
      : null,
  };
}

/** The report's totals beside the same days of the windows before them. */
function comparison(scope: WorkspaceScope, workspaces: ScopedRanges["workspaces"], now: Date, productAreas: string[] | null) {
  return compareUsage(comparisonWindowsFor(workspaces, now), (windows) =>
    windows.every((w) => w.wholePeriod)
      ? periodTotals(scope, windows).then((p) => groupPeriodTotals(windows, p, productAreas, ["productArea"]) as UsageTotal[])
      : grouped(scope, windows, productAreas, ["productArea"]).then((rows) => rows as UsageTotal[]),
  );
}
