import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { backend } from "../support/test-database";
import { seedDemoData } from "../support/demo";
import { periodRollupMismatches } from "../support/read-model";

beforeAll(() => seedDemoData());

describe(`period rollup on ${backend}`, () => {
  it("equals the daily rows summed per billing period after the seed", async () => {
    expect(await systemDb().billingUsagePeriod.count()).toBeGreaterThan(20);
    expect(await periodRollupMismatches()).toEqual([]);
  });

  it("follows upserts at ingest and by the consumer, direct updates and deletes exactly", async () => {
    const now = new Date();
    for (const applyAt of ["ingest", "consumer"] as const)
      await ingestEvents(
        Array.from({ length: 40 }, (_, i) => ({
          value: {
            id: `r-${applyAt}-${i}`,
            workspaceId: i % 2 ? "ws_globex" : "ws_acme",
            productArea: "compute",
            quantity: `${i}.000000000001`,
            occurredAt: new Date(now.getTime() - (i % 5) * 86_400_000).toISOString(),
          },
        })),
        { source: "api", now, applyAt },
      );
    await drainQueue({ batchSize: 9, graceHours: 48 });
    await systemDb().$executeRaw`UPDATE "BillingUsageDaily" SET quantity = quantity * 2 WHERE "workspaceId" = 'ws_initech'`;
    await systemDb()
      .$executeRaw`UPDATE "BillingUsageDaily" SET "usageDate" = "usageDate" - 400 WHERE "workspaceId" = 'ws_initech' AND "productArea" = 'storage'`;
    await systemDb().$executeRaw`DELETE FROM "BillingUsageDaily" WHERE "workspaceId" = 'ws_globex' AND "productArea" = 'logs'`;
    expect(await periodRollupMismatches()).toEqual([]);
  });
});
