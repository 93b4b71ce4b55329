import { beforeAll, describe, expect, it } from "vitest";
import { requireWorkspacePermission } from "@/lib/access/workspace-access";
import { periodContaining } from "@/lib/periods/period";
import { systemDb } from "@/lib/db";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { storeRequest } from "@/lib/metering/store-events";
import { completeThrough, consumerLag } from "@/lib/metering/lag";
import { addDays } from "@/lib/periods/calendar-date";
import { backend } from "../support/test-database";
import { actorFor, seedDemoData } from "../support/demo";

// A fixed clock: 2026-11-03 12:00 UTC. October's period (anchor day 1) ended at local midnight
// on Nov 1; with the default 48 h grace it closed on Nov 3 around 04:00 UTC in New York.
const NOW = new Date("2026-11-03T12:00:00Z");

beforeAll(() => seedDemoData(new Date("2026-09-01T12:00:00Z")));

let counter = 0;
function ev(workspaceId: string, productArea: string, quantity: string, occurredAt: string) {
  return { value: { id: `c-${++counter}`, workspaceId, productArea, quantity, occurredAt } };
}

async function usage(workspaceId: string, productArea: string, date: string) {
  const row = await systemDb().billingUsageDaily.findUnique({
    where: { workspaceId_productArea_usageDate: { workspaceId, productArea, usageDate: new Date(`${date}T00:00:00Z`) } },
  });
  return row ? { quantity: row.quantity.toString(), events: Number(row.sourceEventCount) } : null;
}

// Both ways of adding events to the read model (decision 0108) must leave it exactly the same:
// by the request itself (METERING_APPLY=ingest, the default) or by the consumer from the queue.
for (const applyAt of ["ingest", "consumer"] as const) {
  describe(`events added to the read model ${applyAt === "ingest" ? "at ingest" : "by the consumer"} on ${backend}`, () => {
    const ingest = (items: Parameters<typeof ingestEvents>[0], graceHours = 48) =>
      ingestEvents(items, { source: "api", now: NOW, applyAt, graceHours });
    beforeAll(async () => {
      // Each way starts from no usage at all: the expectations are exact totals.
      const gone = systemDb();
      await gone.$transaction([gone.meteringInbox.deleteMany(), gone.meteringEvent.deleteMany(), gone.billingUsageDaily.deleteMany()]);
    });
    /** The consumer's work, if any is queued: the number of events it applied. */
    const drain = (graceHours = 48) => drainQueue({ batchSize: 7, graceHours, now: NOW });

    it("adds late and out-of-order events for the same day up exactly", async () => {
      const items = [
        ev("ws_acme", "gpu", "0.000000000001", "2026-11-02T15:00:00-05:00"),
        ev("ws_acme", "gpu", "2.5", "2026-11-02T09:00:00-05:00"),
        ev("ws_acme", "gpu", "1234567.123456789012", "2026-11-02T23:59:59-05:00"),
        ev("ws_acme", "gpu", "3", "2026-11-02T00:00:00-05:00"),
      ];
      await ingest(items.slice(0, 2));
      await drain();
      await ingest(items.slice(2));
      expect(await drain()).toBe(applyAt === "consumer" ? 2 : 0);
      expect(await usage("ws_acme", "gpu", "2026-11-02")).toEqual({ quantity: "1234572.623456789013", events: 4 });
    });

    it("dates each event in its workspace's billing time zone, at period boundaries too", async () => {
      const instant = "2026-11-01T03:30:00Z"; // Oct 31, 23:30 in New York; Nov 1 in Berlin and Tokyo
      await ingest([
        ev("ws_acme", "storage", "5", instant),
        ev("ws_globex", "storage", "5", instant),
        ev("ws_initech", "storage", "5", instant),
      ]);
      await drain();
      expect(await usage("ws_acme", "storage", "2026-10-31")).toEqual({ quantity: "5", events: 1 });
      expect(await usage("ws_globex", "storage", "2026-11-01")).toEqual({ quantity: "5", events: 1 });
      expect(await usage("ws_initech", "storage", "2026-11-01")).toEqual({ quantity: "5", events: 1 });
      expect(periodContaining("2026-10-31", 1).end).toBe("2026-10-31");
    });

    it("keeps sub-millisecond timestamps on their own day instead of rounding into the next", async () => {
      await ingest([ev("ws_acme", "realtime", "2", "2026-11-02T23:59:59.9996-05:00")]);
      await drain();
      expect(await usage("ws_acme", "realtime", "2026-11-02")).toEqual({ quantity: "2", events: 1 });
    });

    it("applies events for a closed period but flags them as late adjustments", async () => {
      await ingest([
        ev("ws_acme", "email", "10", "2026-10-20T12:00:00Z"), // October, closed for acme (New York) by NOW
        ev("ws_acme", "email", "1", "2026-11-02T12:00:00Z"), // November, open
        ev("ws_globex", "email", "4", "2026-10-20T12:00:00Z"), // globex's period runs Oct 15 – Nov 14: open
      ]);
      await drain();
      const flagged = await systemDb().meteringEvent.findMany({
        where: { productArea: "email" },
        select: { workspaceId: true, lateAdjustment: true, usageDate: true, processedAt: true },
        orderBy: [{ workspaceId: "asc" }, { occurredAt: "asc" }],
      });
      // The late adjustment carries the day it landed on and when it was applied. At ingest every
      // event is stored with its day; the consumer rewrites only the late adjustment.
      const dayOf = (day: string) => (applyAt === "ingest" ? day : null);
      expect(
        flagged.map((e) => [e.workspaceId, e.lateAdjustment, e.usageDate?.toISOString().slice(0, 10) ?? null, e.processedAt !== null]),
      ).toEqual([
        ["ws_acme", true, "2026-10-20", true],
        ["ws_acme", false, dayOf("2026-11-02"), false],
        ["ws_globex", false, dayOf("2026-10-20"), false],
      ]);
      expect(await usage("ws_acme", "email", "2026-10-20")).toEqual({ quantity: "10", events: 1 });
    });

    it.runIf(applyAt === "consumer")("dead-letters a queued event whose workspace no longer exists, and applies the rest", async () => {
      // A workspace deleted after ingest accepted its event: simulated with a queued event for an
      // id that has no workspace (raw events carry no foreign key).
      const before = await usage("ws_initech", "compute", "2026-11-02");
      await ingest([ev("ws_initech", "compute", "2", "2026-11-02T12:00:00Z")]);
      await systemDb().$executeRaw`
      WITH gone AS (
        INSERT INTO "MeteringEvent" ("workspaceId", "eventId", "productArea", quantity, unit, "occurredAt", source)
        VALUES ('ws_deleted', 'orphan-1', 'compute', 5, 'vCPU-hours', '2026-11-02T12:00:00Z', 'api')
        RETURNING seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt")
      INSERT INTO "MeteringInbox" SELECT * FROM gone`;

      await drain();
      expect(await systemDb().meteringInbox.count()).toBe(0);
      expect(await systemDb().billingUsageDaily.count({ where: { workspaceId: "ws_deleted" } })).toBe(0);
      expect(await usage("ws_initech", "compute", "2026-11-02")).toEqual({
        quantity: String(Number(before?.quantity ?? 0) + 2),
        events: (before?.events ?? 0) + 1,
      });
      const [rejection] = await systemDb().meteringRejection.findMany({ where: { source: "consumer" } });
      expect(rejection).toMatchObject({ workspaceId: "ws_deleted", eventId: "orphan-1", code: "unknown_workspace" });
      expect(rejection?.message).toMatch(/no longer exists/);
    });

    it("treats the grace period as configurable", async () => {
      await ingest([ev("ws_initech", "compute", "1", "2026-10-30T12:00:00Z")], 24 * 7);
      await drain(24 * 7);
      const [event] = await systemDb().meteringEvent.findMany({ where: { workspaceId: "ws_initech", productArea: "compute" } });
      expect(event?.lateAdjustment).toBe(false);
    });

    it.runIf(applyAt === "ingest")(
      "refuses, instead of storing, an event whose workspace was deleted since the request was checked",
      async () => {
        // What ingestEvents hands over once validation found the workspace, for one deleted since.
        const gone = { id: "gone-1", workspaceId: "ws_deleted", productArea: "compute", quantity: "5", occurredAt: "2026-11-02T12:00:00Z" };
        const stored = await storeRequest(
          [{ ...gone, unit: "vCPU-hours", index: 0 }],
          [],
          { source: "api", requestId: "req-gone", producer: null },
          { now: NOW, graceHours: 48 },
          "ingest",
        );
        expect(stored).toMatchObject({ inserted: 0, refusedOnStore: [{ index: 0, code: "unknown_workspace", eventId: "gone-1" }] });
        expect(await systemDb().meteringEvent.count({ where: { workspaceId: "ws_deleted" } })).toBe(0);
        expect(await systemDb().meteringRejection.findFirst({ where: { eventId: "gone-1" } })).toMatchObject({
          workspaceId: "ws_deleted",
          code: "unknown_workspace",
          requestId: "req-gone",
        });
      },
    );
  });
}

describe(`metering consumer on ${backend}`, () => {
  const drain = (graceHours = 48) => drainQueue({ batchSize: 7, graceHours, now: NOW });

  it("agrees with the SQL period function for every day of two years and every anchor", async () => {
    const rows = await systemDb().$queryRaw<{ day: Date; anchor: number; start: Date }[]>`
      SELECT d::date AS day, a AS anchor, billing_period_start(d::date, a) AS start
        FROM generate_series('2026-01-01'::date, '2027-12-31'::date, interval '1 day') d,
             generate_series(1, 28) a`;
    const mismatches = rows.filter(
      (r) => periodContaining(r.day.toISOString().slice(0, 10), r.anchor).start !== r.start.toISOString().slice(0, 10),
    );
    expect(rows.length).toBe(730 * 28);
    expect(mismatches).toEqual([]);
  });

  it("bumps each touched workspace's usage version, for cache invalidation", async () => {
    const before = await systemDb().usageVersion.findUnique({ where: { workspaceId: "ws_globex" } });
    await ingestEvents([ev("ws_globex", "logs", "1", "2026-11-02T12:00:00Z")], { source: "api", now: NOW });
    await drain();
    const after = await systemDb().usageVersion.findUniqueOrThrow({ where: { workspaceId: "ws_globex" } });
    expect(after.version).toBe((before?.version ?? 0n) + 1n);
  });

  it("reports its lag and a per-workspace 'complete through' watermark", async () => {
    const admin = await actorFor("admin@example.com");
    const { scope } = await requireWorkspacePermission(admin, ["ws_acme", "ws_globex"], "usage:view");
    expect(await consumerLag()).toMatchObject({ backlog: 0, oldestUnprocessedAt: null });
    const idleNow = new Date();
    expect((await completeThrough(scope, idleNow)).getTime()).toBe(idleNow.getTime());

    await ingestEvents([ev("ws_globex", "logs", "1", addDays("2026-11-02", 0) + "T12:00:00Z")], {
      source: "api",
      now: NOW,
      applyAt: "consumer",
    });
    const lag = await consumerLag();
    expect(lag.backlog).toBe(1);
    const watermark = await completeThrough(scope);
    expect(watermark.getTime()).toBe(lag.oldestUnprocessedAt!.getTime());
    await drain();
    expect((await consumerLag()).backlog).toBe(0);
  });
});
