// The usage figures for a checked set of workspaces: the one function behind the usage API, the
// dashboard and the CSV export, so all three show the same numbers to the last decimal.
import type { WorkspaceAccess } from "@/lib/access/workspace-access";
import { db } from "@/lib/db";
import { trimDecimal } from "./decimal";
import { resolveRange } from "./resolve-range";
import type { GroupByDimension, UsageQuery } from "./usage-query";
import type { UsageReport, UsageRow, UsageTotal } from "./usage-response";
import { groupedUsageSql, type WorkspaceRange } from "./usage-sql";

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
    ...(date !== undefined && { date: date.toISOString().slice(0, 10) }),
    ...(productArea !== undefined && { productArea }),
    unit,
    quantity: trimDecimal(quantity),
    sourceEventCount: Number(events),
  };
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
  const workspaces = access.grants.map(({ workspace }) => {
    const { wholePeriod, ...period } = resolveRange(workspace, query.range, now, graceHours);
    return { workspace, period, wholePeriod };
  });
  const ranges: WorkspaceRange[] = workspaces.map(({ workspace, period, wholePeriod }) => ({
    workspaceId: workspace.id,
    start: period.start,
    end: period.end,
    wholePeriod,
  }));
  // Only workspaces the access check produced are ever queried.
  const checked = new Set(access.scope.workspaceIds);
  if (!ranges.every((range) => checked.has(range.workspaceId))) throw new Error("workspace outside the checked scope");

  const run = (dimensions: GroupByDimension[]) =>
    db().$queryRaw<SqlRow[]>(groupedUsageSql(ranges, query.productAreas, dimensions));
  const [rows, totals, byWorkspace] = await Promise.all([
    run(query.groupBy ?? ALL_DIMENSIONS),
    run(["productArea"]),
    run(["workspace", "productArea"]),
  ]);

  return {
    period: workspaces[0]!.period,
    workspaces: workspaces.map(({ workspace, period }) => ({
      workspaceId: workspace.id,
      slug: workspace.slug,
      name: workspace.name,
      currency: workspace.currency,
      period,
    })),
    daily: rows.map(toRow),
    totals: totals.map((row) => toRow(row) as UsageTotal),
    totalsByWorkspace: byWorkspace.map((row) => toRow(row) as UsageTotal & { workspaceId: string }),
  };
}
