import { db } from "@/lib/db";

/**
 * The per-period rollup (kept by a trigger on BillingUsageDaily) disagreeing with the daily rows
 * it sums; empty when the two read models agree.
 */
export async function periodRollupMismatches(): Promise<Record<string, unknown>[]> {
  return db().$queryRaw<Record<string, unknown>[]>`
    WITH expected AS (
      SELECT d."workspaceId", d."productArea", billing_period_start(d."usageDate", w."billingAnchorDay") AS "periodStart",
             sum(d.quantity) AS quantity, sum(d."sourceEventCount") AS events
        FROM "BillingUsageDaily" d JOIN "Workspace" w ON w.id = d."workspaceId"
       GROUP BY 1, 2, 3)
    SELECT coalesce(e."workspaceId", p."workspaceId") AS "workspaceId",
           coalesce(e."productArea", p."productArea") AS "productArea",
           coalesce(e."periodStart", p."periodStart")::text AS "periodStart",
           e.quantity::text AS "dailySum", p.quantity::text AS "periodQuantity",
           e.events::text AS "dailyEvents", p."sourceEventCount"::text AS "periodEvents"
      FROM expected e
      FULL JOIN "BillingUsagePeriod" p
        ON p."workspaceId" = e."workspaceId" AND p."productArea" = e."productArea" AND p."periodStart" = e."periodStart"
     WHERE (e.quantity IS DISTINCT FROM p.quantity OR e.events IS DISTINCT FROM p."sourceEventCount")
       AND NOT (e."workspaceId" IS NULL AND p.quantity = 0 AND p."sourceEventCount" = 0)`;
}
