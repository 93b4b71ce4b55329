import { beforeAll, describe, expect, it } from "vitest";
import { requireWorkspacePermission } from "@/lib/access/workspace-access";
import { systemDb } from "@/lib/db";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { computeUsageReport } from "@/lib/usage/compute-usage-report";
import { usageQuery } from "@/lib/usage/usage-query";
import { backend } from "../support/test-database";
import { actorFor, seedDemoData } from "../support/demo";

// 2026-12-01 03:30 UTC: still Nov 30 in New York; already Dec 1 in Berlin and Tokyo.
const NOW = new Date("2026-12-01T03:30:00Z");

beforeAll(async () => {
  await seedDemoData(new Date("2026-10-01T12:00:00Z"));
  // One marker event per workspace at the same instant, on either side of local midnight.
  await ingestEvents(
    ["ws_acme", "ws_globex", "ws_initech"].map((workspaceId) => ({
      value: { id: `edge-${workspaceId}`, workspaceId, productArea: "compute", quantity: "1000000", occurredAt: "2026-12-01T03:00:00Z" },
    })),
    { source: "api", now: NOW },
  );
  await drainQueue({ batchSize: 10, graceHours: 48, now: NOW });
});

async function report(workspaceIds: string[], query: Record<string, string>, email = "support@example.com") {
  const access = await requireWorkspacePermission(await actorFor(email), workspaceIds, "usage:view");
  return computeUsageReport({ access, query: usageQuery.parse(query), now: NOW, graceHours: 48 });
}

describe(`billing periods of the usage report on ${backend}`, () => {
  it("resolves 'current' per workspace time zone and anchor day at the same instant", async () => {
    const [acme, globex, initech] = await Promise.all([
      report(["ws_acme"], { period: "current" }),
      report(["ws_globex"], { period: "current" }),
      report(["ws_initech"], { period: "current" }),
    ]);
    expect(acme.period).toEqual({
      start: "2026-11-01",
      end: "2026-11-30",
      timeZone: "America/New_York",
      closed: false,
      closesAt: "2026-12-03T05:00:00.000Z",
    });
    expect(globex.period).toEqual({
      start: "2026-11-15",
      end: "2026-12-14",
      timeZone: "Europe/Berlin",
      closed: false,
      closesAt: "2026-12-16T23:00:00.000Z",
    });
    expect(initech.period).toEqual({
      start: "2026-12-01",
      end: "2026-12-31",
      timeZone: "Asia/Tokyo",
      closed: false,
      closesAt: "2027-01-02T15:00:00.000Z",
    });

    // The marker event (03:00 UTC) is Nov 30 in New York — inside acme's current period —
    // and Dec 1 in Tokyo, the first day of initech's.
    const compute = (r: typeof acme) => r.totals.find((t) => t.productArea === "compute")!;
    expect(acme.daily.find((d) => d.date === "2026-11-30" && d.productArea === "compute")?.quantity).toBe("1000000");
    expect(initech.daily).toEqual([
      {
        workspaceId: "ws_initech",
        date: "2026-12-01",
        productArea: "compute",
        unit: "vCPU-hours",
        quantity: "1000000",
        sourceEventCount: 1,
        // 999,500 billable: 10,000 × 0.048 + 40,000 × 0.042 + 949,500 × 0.036.
        amount: "36342.00",
        currency: "USD",
      },
    ]);
    expect(compute(initech).quantity).toBe("1000000");
  });

  it("marks periods closed only after their end plus the grace period", async () => {
    const previous = await report(["ws_acme"], { period: "previous" });
    expect(previous.period).toEqual({
      start: "2026-10-01",
      end: "2026-10-31",
      timeZone: "America/New_York",
      closed: true,
      closesAt: "2026-11-03T04:00:00.000Z",
    });
    const globexPrevious = await report(["ws_globex"], { period: "previous" });
    // Globex's previous period ended Nov 14; 48 h of grace have long passed.
    expect(globexPrevious.period).toMatchObject({ start: "2026-10-15", end: "2026-11-14", closed: true });
    const tokyoNovember = await report(["ws_initech"], { period: "2026-11" });
    // Ended at Tokyo midnight 3.5 hours ago: still within the grace period.
    expect(tokyoNovember.period).toMatchObject({
      start: "2026-11-01",
      end: "2026-11-30",
      closed: false,
      closesAt: "2026-12-02T15:00:00.000Z",
    });
  });

  it("sums the same figures from whole-period rollups and from daily rows", async () => {
    const wholePeriod = await report(["ws_acme", "ws_globex"], { period: "2026-09", groupBy: "workspace,productArea" });
    const sameDays = await Promise.all([
      report(["ws_acme"], { from: "2026-09-01", to: "2026-09-30", groupBy: "workspace,productArea" }),
      report(["ws_globex"], { from: "2026-09-15", to: "2026-10-14", groupBy: "workspace,productArea" }),
    ]);
    expect(wholePeriod.daily).toEqual(
      [...sameDays[0].daily, ...sameDays[1].daily].sort((a, b) =>
        (a.workspaceId! + a.productArea).localeCompare(b.workspaceId! + b.productArea!),
      ),
    );
    const independent = await systemDb().billingUsageDaily.aggregate({
      where: { workspaceId: "ws_acme", productArea: "storage", usageDate: { gte: new Date("2026-09-01"), lte: new Date("2026-09-30") } },
      _sum: { quantity: true },
    });
    expect(wholePeriod.totalsByWorkspace!.find((t) => t.workspaceId === "ws_acme" && t.productArea === "storage")?.quantity).toBe(
      independent._sum.quantity!.toString(),
    );
  });
});
