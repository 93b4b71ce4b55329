import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { backend } from "../support/test-database";
import { seedDemoData } from "../support/demo";

beforeAll(() => seedDemoData());

/** Both tables as comparable rows: period rollup vs. an on-the-fly aggregate of daily rows. */
async function compare() {
  const fromRollup = await db().$queryRaw<{ k: string }[]>`
    SELECT concat_ws('|', "workspaceId", "productArea", "periodStart", unit, quantity::text, "sourceEventCount") AS k
      FROM "BillingUsagePeriod" WHERE quantity <> 0 OR "sourceEventCount" <> 0 ORDER BY 1`;
  const fromDaily = await db().$queryRaw<{ k: string }[]>`
    SELECT concat_ws('|', d."workspaceId", d."productArea", billing_period_start(d."usageDate", w."billingAnchorDay"),
                     min(d.unit), sum(d.quantity)::text, sum(d."sourceEventCount")) AS k
      FROM "BillingUsageDaily" d JOIN "Workspace" w ON w.id = d."workspaceId"
     GROUP BY d."workspaceId", d."productArea", billing_period_start(d."usageDate", w."billingAnchorDay") ORDER BY 1`;
  return { rollup: fromRollup.map((r) => r.k), daily: fromDaily.map((r) => r.k) };
}

describe(`period rollup on ${backend}`, () => {
  it("equals the daily rows summed per billing period after the seed", async () => {
    const { rollup, daily } = await compare();
    expect(rollup.length).toBeGreaterThan(20);
    expect(rollup).toEqual(daily);
  });

  it("follows consumer upserts, direct updates and deletes exactly", async () => {
    const now = new Date();
    await ingestEvents(
      Array.from({ length: 40 }, (_, i) => ({
        value: {
          id: `r-${i}`,
          workspaceId: i % 2 ? "ws_globex" : "ws_acme",
          productArea: "compute",
          quantity: `${i}.000000000001`,
          occurredAt: new Date(now.getTime() - (i % 5) * 86_400_000).toISOString(),
        },
      })),
      { source: "api", now },
    );
    await drainQueue({ batchSize: 9, graceHours: 48 });
    await db().$executeRaw`UPDATE "BillingUsageDaily" SET quantity = quantity * 2 WHERE "workspaceId" = 'ws_initech'`;
    await db().$executeRaw`UPDATE "BillingUsageDaily" SET "usageDate" = "usageDate" - 400 WHERE "workspaceId" = 'ws_initech' AND "productArea" = 'storage'`;
    await db().$executeRaw`DELETE FROM "BillingUsageDaily" WHERE "workspaceId" = 'ws_globex' AND "productArea" = 'logs'`;
    const { rollup, daily } = await compare();
    expect(rollup).toEqual(daily);
  });
});
