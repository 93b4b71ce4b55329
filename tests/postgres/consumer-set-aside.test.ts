// The consumer on PostgreSQL when the database refuses to apply an event for its values: that one
// event is set aside with the reason, and the queue behind it keeps moving.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { addDays, calendarDateIn } from "@/lib/periods/calendar-date";
import { queuedEventIds } from "../support/read-model";
import { seedDemoData } from "../support/demo";

beforeAll(() => seedDemoData());

const daily = async (workspaceId: string, day: string) =>
  (
    await systemDb().$queryRaw<{ quantity: string; events: number }[]>`
      SELECT quantity::text AS quantity, "sourceEventCount" AS events FROM "BillingUsageDaily"
       WHERE "workspaceId" = ${workspaceId} AND "productArea" = 'compute' AND "usageDate" = ${day}::date`
  )[0] ?? null;

describe("consumer set-aside on PostgreSQL", () => {
  it("sets aside the one event whose day total would overflow, and applies everything queued around it", async () => {
    const occurredAt = new Date(Date.now() - 3_600_000);
    const day = calendarDateIn(occurredAt, "America/New_York");
    // Bring acme's compute total for the period to the largest numeric(38,12) holds.
    await systemDb().$executeRaw`
      INSERT INTO "BillingUsageDaily" ("workspaceId", "productArea", "usageDate", quantity, unit, "sourceEventCount", "updatedAt")
      VALUES ('ws_acme', 'compute', ${day}::date, 0, 'vCPU-hours', 0, now()) ON CONFLICT DO NOTHING`;
    await systemDb().$executeRaw`
      UPDATE "BillingUsageDaily" d SET quantity = d.quantity + (10::numeric ^ 26 - 1 - p.quantity)
        FROM "BillingUsagePeriod" p
       WHERE d."workspaceId" = 'ws_acme' AND d."productArea" = 'compute' AND d."usageDate" = ${day}::date
         AND p."workspaceId" = d."workspaceId" AND p."productArea" = d."productArea"
         AND p."periodStart" = billing_period_start(d."usageDate", 1)`;
    const full = await daily("ws_acme", day);

    const poison = {
      id: `overflow-${Date.now()}`,
      workspaceId: "ws_acme",
      productArea: "compute",
      quantity: "1",
      occurredAt: occurredAt.toISOString(),
    };
    const earlier = addDays(day, -33); // the previous period: no overflow there
    const others = [
      ...Array.from({ length: 5 }, (_, i) => ({
        id: `${poison.id}-a${i}`,
        workspaceId: "ws_acme",
        productArea: "compute",
        quantity: "2",
        occurredAt: `${earlier}T12:00:00-05:00`,
      })),
      ...Array.from({ length: 5 }, (_, i) => ({
        id: `${poison.id}-g${i}`,
        workspaceId: "ws_globex",
        productArea: "compute",
        quantity: "3",
        occurredAt: occurredAt.toISOString(),
      })),
    ];
    const ingested = await ingestEvents(
      [poison, ...others].map((value) => ({ value })),
      { source: "api", now: new Date(Date.now() + 60_000) },
    );
    expect(ingested.accepted).toBe(11);
    const globexBefore = await daily("ws_globex", calendarDateIn(occurredAt, "Europe/Berlin"));
    const acmeEarlierBefore = await daily("ws_acme", earlier);

    expect(await drainQueue({ batchSize: 50, graceHours: 48 })).toBe(10);

    expect(await queuedEventIds()).toEqual([]);
    expect(await daily("ws_acme", day)).toEqual(full);
    expect(Number((await daily("ws_globex", calendarDateIn(occurredAt, "Europe/Berlin")))!.events)).toBe(
      Number(globexBefore?.events ?? 0) + 5,
    );
    expect(Number((await daily("ws_acme", earlier))!.events)).toBe(Number(acmeEarlierBefore?.events ?? 0) + 5);
    const [setAside] = await systemDb().meteringRejection.findMany({ where: { source: "consumer", eventId: poison.id } });
    expect(setAside).toMatchObject({
      code: "unprocessable",
      workspaceId: "ws_acme",
      message: expect.stringContaining("numeric field overflow"),
    });
    expect(setAside?.payload).toMatchObject({ productArea: "compute", quantity: "1.000000000000" });
  });

  it("keeps queued, and does not set aside, events whose workspace the database cannot date", async () => {
    await systemDb().workspace.create({
      data: { id: "ws_mars", slug: "mars", name: "Mars", timeZone: "Mars/Olympus_Mons", currency: "USD", billingAnchorDay: 1 },
    });
    const stranded = {
      id: `mars-${Date.now()}`,
      workspaceId: "ws_mars",
      productArea: "compute",
      quantity: "1",
      occurredAt: new Date().toISOString(),
    };
    expect((await ingestEvents([{ value: stranded }], { source: "api" })).accepted).toBe(1);

    await expect(drainQueue({ batchSize: 50, graceHours: 48 })).rejects.toThrow(/time zone/);
    expect(await queuedEventIds()).toEqual([stranded.id]);
    expect(await systemDb().meteringRejection.count({ where: { eventId: stranded.id } })).toBe(0);

    // Once the workspace is put right, the event is applied as usual.
    await systemDb().workspace.update({ where: { id: "ws_mars" }, data: { timeZone: "UTC" } });
    expect(await drainQueue({ batchSize: 50, graceHours: 48 })).toBe(1);
    expect(await queuedEventIds()).toEqual([]);
  });
});
