// The writes that add events to the read model, shared by the two ways of applying them: the
// ingest statement (store-events.ts) and the consumer's batch (apply-batch.ts). One text, so the
// two can never add up differently.
import "server-only";
import { Prisma } from "@/lib/db";

/**
 * Adds the rows of the CTE `source` (workspaceId, productArea, the day in `dayColumn`, quantity,
 * unit) to BillingUsageDaily, summed per day row and in key order, so concurrent writers take the
 * rows' locks in one order. Both names are the statement's own, never input.
 */
export function addToDailyRows(source: "accepted" | "claimed", dayColumn: '"usageDate"' | "usage_date"): Prisma.Sql {
  const day = Prisma.raw(dayColumn);
  return Prisma.sql`
      INSERT INTO "BillingUsageDaily" ("workspaceId", "productArea", "usageDate", quantity, unit, "sourceEventCount", "updatedAt")
      SELECT "workspaceId", "productArea", ${day}, sum(quantity), min(unit), count(*), now()
        FROM ${Prisma.raw(source)}
       GROUP BY "workspaceId", "productArea", ${day}
       ORDER BY "workspaceId", "productArea", ${day}
      ON CONFLICT ("workspaceId", "productArea", "usageDate") DO UPDATE
         SET quantity = "BillingUsageDaily".quantity + EXCLUDED.quantity,
             "sourceEventCount" = "BillingUsageDaily"."sourceEventCount" + EXCLUDED."sourceEventCount",
             "updatedAt" = now()
      RETURNING 1`;
}

/** How a workspace's usage version moves when its usage changes (the end of an upsert into UsageVersion). */
export const MOVE_USAGE_VERSION = Prisma.sql`
      ON CONFLICT ("workspaceId") DO UPDATE
         SET version = "UsageVersion".version + 1,
             "historyVersion" = "UsageVersion"."historyVersion" + EXCLUDED."historyVersion",
             "updatedAt" = now()
      RETURNING 1`;
