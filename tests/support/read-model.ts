import { systemDb } from "@/lib/db";

/** numeric(38,12): quantities as exact integer counts of 10^-12 units. */
export const SCALE = 10n ** 12n;

export interface Cell {
  quantity: bigint;
  events: number;
}

/** A decimal string as an exact integer count of 10^-12 units. */
export function scaled(decimal: string): bigint {
  const [whole = "0", fraction = ""] = decimal.split(".");
  return BigInt(whole) * SCALE + BigInt(fraction.padEnd(12, "0").slice(0, 12));
}

/** Back to the shortest exact decimal string. */
export function plain(value: bigint): string {
  const sign = value < 0n ? "-" : "";
  const magnitude = value < 0n ? -value : value;
  const fraction = (magnitude % SCALE).toString().padStart(12, "0").replace(/0+$/, "");
  return `${sign}${magnitude / SCALE}${fraction ? `.${fraction}` : ""}`;
}

/** BillingUsageDaily as workspace|area|date → exact quantity and event count. */
export async function usageTable(): Promise<Map<string, Cell>> {
  const rows = await systemDb().$queryRaw<{ k: string; quantity: string; events: number }[]>`
    SELECT "workspaceId" || '|' || "productArea" || '|' || "usageDate"::text AS k,
           quantity::text AS quantity, "sourceEventCount" AS events
      FROM "BillingUsageDaily"`;
  return new Map(rows.map((row) => [row.k, { quantity: scaled(row.quantity), events: Number(row.events) }]));
}

/**
 * The per-period rollup (kept by a trigger on BillingUsageDaily) disagreeing with the daily rows
 * it sums; empty when the two read models agree.
 */
export async function periodRollupMismatches(): Promise<Record<string, unknown>[]> {
  return systemDb().$queryRaw<Record<string, unknown>[]>`
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

/** The ids of events still queued for the consumer (in MeteringInbox), in arrival order. */
/** The events the workspace's daily read model counts. */
export async function appliedEventCount(workspaceId: string): Promise<number> {
  const { _sum } = await systemDb().billingUsageDaily.aggregate({ where: { workspaceId }, _sum: { sourceEventCount: true } });
  return Number(_sum.sourceEventCount ?? 0);
}

export async function queuedEventIds(): Promise<string[]> {
  const rows = await systemDb().$queryRaw<{ eventId: string }[]>`
    SELECT e."eventId" FROM "MeteringInbox" i JOIN "MeteringEvent" e ON e.seq = i.seq ORDER BY i.seq`;
  return rows.map((row) => row.eventId);
}
