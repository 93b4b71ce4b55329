// SQL over the usage read model for a set of (workspace, date range) pairs. Whole billing
// periods read the per-period rollup when days are not needed; anything else reads daily rows.
import "server-only";
import { scopedSql, type WorkspaceScope } from "@/lib/access/workspace-access";
import { Prisma } from "@/lib/db";
import type { GroupByDimension } from "./usage-query";

export interface WorkspaceRange {
  workspaceId: string;
  start: string;
  end: string;
  wholePeriod: boolean;
}

const COLUMN: Record<GroupByDimension, Prisma.Sql> = {
  workspace: Prisma.sql`u."workspaceId"`,
  day: Prisma.sql`u."usageDate"`,
  productArea: Prisma.sql`u."productArea"`,
};
const ALIAS: Record<GroupByDimension, string> = { workspace: "workspaceId", day: "date", productArea: "productArea" };
const ORDER: GroupByDimension[] = ["day", "workspace", "productArea"];

// The ranges are the scope's (scopedRanges); the filter on them keeps it so, at the cost of one
// comparison per range, not per row.
function source(
  scope: WorkspaceScope | undefined,
  ranges: WorkspaceRange[],
  productAreas: string[] | null,
  needsDays: boolean,
): Prisma.Sql {
  const inScope = scope ? Prisma.sql`WHERE ${scopedSql(scope, "r", "ws")}` : Prisma.empty;
  const areaFilter = productAreas ? Prisma.sql`AND u."productArea" = ANY(${productAreas}::text[])` : Prisma.empty;
  if (!needsDays && ranges.every((range) => range.wholePeriod)) {
    return Prisma.sql`
      FROM unnest(${ranges.map((r) => r.workspaceId)}::text[], ${ranges.map((r) => r.start)}::date[]) AS r(ws, s)
      JOIN "BillingUsagePeriod" u ON u."workspaceId" = r.ws AND u."periodStart" = r.s ${areaFilter}
     ${inScope}`;
  }
  return Prisma.sql`
    FROM unnest(${ranges.map((r) => r.workspaceId)}::text[], ${ranges.map((r) => r.start)}::date[],
                ${ranges.map((r) => r.end)}::date[]) AS r(ws, s, e)
    JOIN "BillingUsageDaily" u ON u."workspaceId" = r.ws AND u."usageDate" BETWEEN r.s AND r.e ${areaFilter}
   ${inScope}`;
}

/**
 * Rows grouped by `dimensions` (and always by unit: quantities of different units are never
 * added up). Columns: the dimensions' aliases, unit, quantity (numeric text), events (bigint).
 * Without a scope (benchmarks over raw SQL) the statement is not marked, and db() refuses it.
 */
export function groupedUsageSql(
  ranges: WorkspaceRange[],
  productAreas: string[] | null,
  dimensions: GroupByDimension[],
  scope?: WorkspaceScope,
): Prisma.Sql {
  const dims = ORDER.filter((d) => dimensions.includes(d));
  const selected = dims.map((d) => Prisma.sql`${COLUMN[d]} AS ${Prisma.raw(`"${ALIAS[d]}"`)}`);
  const keys = [...dims.map((d) => COLUMN[d]), Prisma.sql`u.unit`];
  return Prisma.sql`
    SELECT ${Prisma.join([...selected, Prisma.sql`u.unit AS unit`], ", ")},
           sum(u.quantity)::text AS quantity, sum(u."sourceEventCount")::bigint AS events
    ${source(scope, ranges, productAreas, dims.includes("day"))}
    GROUP BY ${Prisma.join(keys, ", ")}
    HAVING count(*) > 0
    ORDER BY ${Prisma.join(keys, ", ")}`;
}
