// Whole-period usage per workspace and product area, kept in the process per (workspace, period
// start) and labelled with the workspace's usage version. When a multi-workspace report has to be
// rebuilt because some workspaces got new usage, only those are read again; the others come from
// memory. Without this, every consumer batch made a report over 2,000 workspaces re-aggregate
// 60,000 rollup rows (docs/decisions/0026-per-workspace-period-totals.md).
import "server-only";
import { scopedSql, type WorkspaceScope } from "@/lib/access/workspace-access";
import { database, Prisma } from "@/lib/db";
import { fromScaled, toScaled } from "./decimal";
import type { GroupByDimension } from "./usage-query";
import type { UsageRow } from "./usage-response";
import type { WorkspaceRange } from "./usage-sql";

interface PeriodRow {
  productArea: string;
  unit: string;
  /** Its group when grouping by product area only, built once (thousands of rows per rebuild). */
  areaKey: string;
  /** In 10⁻¹² units (see toScaled): sums stay exact. */
  quantity: bigint;
  events: number;
}

export interface PeriodTotals {
  version: string;
  rows: PeriodRow[];
}

const MAX_ENTRIES = 10_000;
const globalForCache = globalThis as unknown as { periodTotals?: Map<string, PeriodTotals> };
const entries = (globalForCache.periodTotals ??= new Map<string, PeriodTotals>());

const entryKey = (range: Pick<WorkspaceRange, "workspaceId" | "start">) => `${range.workspaceId} ${range.start}`;

async function currentVersions(scope: WorkspaceScope): Promise<Map<string, string>> {
  const rows = await database().query<{ workspaceId: string; version: string }>(Prisma.sql`
    SELECT "workspaceId", version::text AS version FROM "UsageVersion" v WHERE ${scopedSql(scope, "v")}`);
  return new Map(rows.map((row) => [row.workspaceId, row.version]));
}

interface FreshRow {
  workspaceId: string;
  start: string;
  version: string;
  productArea: string | null;
  unit: string | null;
  quantity: string | null;
  events: string | null;
}

/**
 * Reads the ranges' rollup rows together with each workspace's version, in one statement and so
 * one snapshot: an entry's label never claims more than its rows contain.
 */
async function refresh(scope: WorkspaceScope, ranges: WorkspaceRange[]): Promise<Map<string, PeriodTotals>> {
  const rows = await database().query<FreshRow>(Prisma.sql`
    SELECT r.ws AS "workspaceId", r.s::text AS start, coalesce(v.version, 0)::text AS version,
           p."productArea", p.unit, p.quantity::text AS quantity, p."sourceEventCount"::text AS events
      FROM unnest(${ranges.map((r) => r.workspaceId)}::text[], ${ranges.map((r) => r.start)}::date[]) AS r(ws, s)
      LEFT JOIN "UsageVersion" v ON v."workspaceId" = r.ws
      -- OFFSET 0 keeps the lookup per workspace on the primary key; flattened, the planner
      -- hashes the whole rollup table instead.
      LEFT JOIN LATERAL (
        SELECT "productArea", unit, quantity, "sourceEventCount" FROM "BillingUsagePeriod" u
         WHERE u."workspaceId" = r.ws AND u."periodStart" = r.s OFFSET 0
      ) p ON true
     WHERE ${scopedSql(scope, "r", "ws")}`);
  const fresh = new Map<string, PeriodTotals>();
  for (const row of rows) {
    const key = entryKey({ workspaceId: row.workspaceId, start: row.start });
    let totals = fresh.get(key);
    if (!totals) fresh.set(key, (totals = { version: row.version, rows: [] }));
    if (row.productArea !== null) {
      totals.rows.push({
        productArea: row.productArea,
        unit: row.unit!,
        areaKey: `\u0000${row.productArea}\u0000${row.unit}`,
        quantity: toScaled(row.quantity!),
        events: Number(row.events),
      });
    }
  }
  for (const [key, totals] of fresh) {
    entries.delete(key);
    entries.set(key, totals);
  }
  for (const key of entries.keys()) {
    if (entries.size <= MAX_ENTRIES) break;
    entries.delete(key);
  }
  return fresh;
}

/**
 * Each range's whole-period totals (ranges must be whole billing periods of the scope's
 * workspaces), current as of now. Up to `readAllUpTo` workspaces, re-reading them all is cheaper
 * than first asking which changed.
 */
export async function periodTotals(scope: WorkspaceScope, ranges: WorkspaceRange[], { readAllUpTo = 20 } = {}): Promise<PeriodTotals[]> {
  const versions = ranges.length > readAllUpTo ? await currentVersions(scope) : null;
  const stale = versions
    ? ranges.filter((range) => entries.get(entryKey(range))?.version !== (versions.get(range.workspaceId) ?? "0"))
    : ranges;
  const fresh = stale.length > 0 ? await refresh(scope, stale) : new Map<string, PeriodTotals>();
  return ranges.map((range) => fresh.get(entryKey(range)) ?? entries.get(entryKey(range))!);
}

const compareText = (a: string | undefined, b: string | undefined) => (a === b ? 0 : (a ?? "") < (b ?? "") ? -1 : 1);

/**
 * The totals grouped by `dimensions` (without `day`) and unit, exactly as the SQL in usage-sql.ts
 * would return them: same columns, exact sums, ordered by workspace, product area, unit (the
 * database's C collation is code-point order).
 */
export function groupPeriodTotals(
  ranges: WorkspaceRange[],
  totals: PeriodTotals[],
  productAreas: string[] | null,
  dimensions: GroupByDimension[],
): UsageRow[] {
  const only = productAreas ? new Set(productAreas) : null;
  const byWorkspace = dimensions.includes("workspace");
  const byArea = dimensions.includes("productArea");
  const groups = new Map<string, { workspaceId?: string; productArea?: string; unit: string; quantity: bigint; events: number }>();
  ranges.forEach((range, index) => {
    for (const row of totals[index]!.rows) {
      if (only && !only.has(row.productArea)) continue;
      const workspaceId = byWorkspace ? range.workspaceId : undefined;
      const productArea = byArea ? row.productArea : undefined;
      const key = byWorkspace || !byArea ? `${workspaceId ?? ""}\u0000${productArea ?? ""}\u0000${row.unit}` : row.areaKey;
      const group = groups.get(key);
      if (group) {
        group.quantity += row.quantity;
        group.events += row.events;
      } else {
        groups.set(key, { workspaceId, productArea, unit: row.unit, quantity: row.quantity, events: row.events });
      }
    }
  });
  return [...groups.values()]
    .sort((a, b) => compareText(a.workspaceId, b.workspaceId) || compareText(a.productArea, b.productArea) || compareText(a.unit, b.unit))
    .map(({ workspaceId, productArea, unit, quantity, events }) => ({
      ...(workspaceId !== undefined && { workspaceId }),
      ...(productArea !== undefined && { productArea }),
      unit,
      quantity: fromScaled(quantity),
      sourceEventCount: events,
    }));
}
