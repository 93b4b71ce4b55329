// The rebuild beside a running consumer on a real PostgreSQL server: events keep arriving and
// being applied while the read model is damaged and rebuilt again and again (two rebuilds at a
// time, too). In the end every event must be counted exactly once. And an event the consumer set
// aside (the database refused to apply it) is not counted by a rebuild either.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { rebuildUsage, retentionHorizon } from "@/lib/maintenance/rebuild-usage";
import { drainQueue, startConsumer, type RunningConsumer } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { calendarDateIn } from "@/lib/periods/calendar-date";
import { seedDemoData } from "../support/demo";
import { periodRollupMismatches, plain, scaled, usageTable } from "../support/read-model";
import { randomEvents } from "../support/rebuild";

const TIME_ZONE = "Europe/Berlin";
const WORKSPACE = "ws_rb_live";
let consumer: RunningConsumer | undefined;

beforeAll(async () => {
  await seedDemoData();
  await systemDb().workspace.create({
    data: { id: WORKSPACE, slug: "rb-live", name: "Rebuild Live", timeZone: TIME_ZONE, currency: "EUR", billingAnchorDay: 10 },
  });
});

afterAll(async () => {
  await consumer?.stop();
});

/** Three rows lost and every other one wrong; a deadlock with a consumer batch is tried again. */
async function damage(): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await systemDb().$transaction(async (tx) => {
        await tx.$executeRaw`
          DELETE FROM "BillingUsageDaily" WHERE ctid IN (SELECT ctid FROM "BillingUsageDaily" WHERE "workspaceId" = ${WORKSPACE} ORDER BY random() LIMIT 3)`;
        // The rebuild then rewrites every row while consumer batches are writing them too.
        await tx.$executeRaw`UPDATE "BillingUsageDaily" SET quantity = quantity + 1.5 WHERE "workspaceId" = ${WORKSPACE}`;
      });
      return;
    } catch (error) {
      if (attempt > 5 || !/deadlock/.test(String(error))) throw error;
    }
  }
}

describe("rebuild-usage while the consumer runs (PostgreSQL)", () => {
  it("loses and doubles nothing", async () => {
    const errors: unknown[] = [];
    consumer = startConsumer({ batchSize: 20, graceHours: 48, pollMs: 5, onError: (e) => errors.push(e) });
    const events = randomEvents(WORKSPACE, 2400, { seed: 7, days: 20, prefix: "live" });
    const truth = new Map<string, { quantity: bigint; events: number }>();
    for (const e of events) {
      const key = `${WORKSPACE}|${e.productArea}|${calendarDateIn(new Date(e.occurredAt), TIME_ZONE)}`;
      const cell = truth.get(key) ?? { quantity: 0n, events: 0 };
      truth.set(key, { quantity: cell.quantity + scaled(e.quantity), events: cell.events + 1 });
    }

    let ingesting = true;
    const ingest = (async () => {
      for (let i = 0; i < events.length; i += 20) {
        await ingestEvents(
          events.slice(i, i + 20).map((value) => ({ value })),
          { source: "api" },
        );
        consumer!.wake();
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      ingesting = false;
    })();

    const from = retentionHorizon(TIME_ZONE, new Date(), 40);
    const to = calendarDateIn(new Date(), TIME_ZONE);
    const rebuild = () => rebuildUsage({ workspace: "rb-live", from, to, operator: "test", retentionDays: 40, chunkDays: 7 });
    let rounds = 0;
    let duringIngest = 0;
    while (ingesting || rounds < 3) {
      await damage();
      await Promise.all([rebuild(), rebuild()]);
      rounds++;
      if (ingesting) duringIngest++;
    }
    await ingest;
    for (let i = 0; i < 600 && (await systemDb().meteringInbox.count()) > 0; i++) {
      consumer.wake();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await consumer.stop();
    consumer = undefined;

    const table = await usageTable();
    const actual = [...table].filter(([key]) => key.startsWith(`${WORKSPACE}|`));
    const show = (rows: [string, { quantity: bigint; events: number }][]) =>
      rows.map(([key, cell]) => [key, plain(cell.quantity), cell.events]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(show(actual)).toEqual(show([...truth]));
    expect(await periodRollupMismatches()).toEqual([]);
    expect(duringIngest).toBeGreaterThanOrEqual(3);
    // A consumer batch chosen as a deadlock's victim is retried whole; nothing else may fail.
    expect(errors.filter((e) => !/deadlock/i.test(String(e)))).toEqual([]);
  }, 240_000);

  it("leaves out an event the consumer set aside as unprocessable", async () => {
    await systemDb().workspace.create({
      data: { id: "ws_rb_poison", slug: "rb-poison", name: "Rebuild Poison", timeZone: "UTC", currency: "USD" },
    });
    const day = calendarDateIn(new Date(), "UTC");
    // A day (and period) holding the most numeric(38,12) can: one more unit cannot be applied.
    await systemDb().$executeRaw`
      INSERT INTO "BillingUsageDaily" ("workspaceId", "productArea", "usageDate", quantity, unit, "sourceEventCount", "updatedAt")
      VALUES ('ws_rb_poison', 'compute', ${day}::date, 10::numeric ^ 26 - 1, 'vCPU-hours', 1, now())`;
    await ingestEvents(
      [
        {
          value: { id: "poison", workspaceId: "ws_rb_poison", productArea: "compute", quantity: "1", occurredAt: new Date().toISOString() },
        },
      ],
      {
        source: "api",
      },
    );
    await drainQueue({ batchSize: 10, graceHours: 48 });
    expect(await systemDb().meteringRejection.count({ where: { workspaceId: "ws_rb_poison", code: "unprocessable" } })).toBe(1);

    // No applied event supports the row: the rebuild removes it, and does not count the poison.
    const [result] = await rebuildUsage({ workspace: "rb-poison", from: day, to: day, operator: "test", retentionDays: 40 });
    expect(result).toMatchObject({ changedRows: 1 });
    expect(await systemDb().billingUsageDaily.count({ where: { workspaceId: "ws_rb_poison" } })).toBe(0);
    expect(await systemDb().billingUsagePeriod.count({ where: { workspaceId: "ws_rb_poison" } })).toBe(0);
    expect(await systemDb().meteringEvent.count({ where: { workspaceId: "ws_rb_poison" } })).toBe(1);
  });
});
