// compare=previous: like with like, in the same report (one read, one audit row).
import { beforeAll, describe, expect, it } from "vitest";
import { requireWorkspacePermission } from "@/lib/access/workspace-access";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { computeUsageReport } from "@/lib/usage/compute-usage-report";
import { usageQuery } from "@/lib/usage/usage-query";
import { backend } from "../support/test-database";
import { actorFor, seedDemoData } from "../support/demo";

// Acme (New York, periods from the 1st): December 2026 starts on a Tuesday, November on a Sunday.
const events: [string, string][] = [
  ["2026-11-01T17:00:00Z", "100"], // Sun: outside the compared days
  ["2026-11-03T17:00:00Z", "10"], // Tue: compared with Dec 1
  ["2026-11-04T17:00:00Z", "20"], // Wed: compared with Dec 2
  ["2026-11-30T17:00:00Z", "1000"],
  ["2026-12-01T17:00:00Z", "11"],
  ["2026-12-02T17:00:00Z", "22"],
  ["2026-12-03T14:00:00Z", "5000"], // today, not yet complete: not compared
];

async function report(query: Record<string, string>, now: Date) {
  const access = await requireWorkspacePermission(await actorFor("finance@example.com"), ["ws_acme"], "usage:view");
  return computeUsageReport({ access, query: usageQuery.parse({ productArea: "email", ...query }), now, graceHours: 48 });
}

beforeAll(async () => {
  await seedDemoData(new Date("2026-01-01T12:00:00Z")); // demo usage lies long before these days
  const now = new Date("2026-12-03T15:00:00Z");
  await ingestEvents(
    events.map(([occurredAt, quantity], i) => ({
      value: { id: `cmp-${i}`, workspaceId: "ws_acme", productArea: "email", quantity, occurredAt },
    })),
    { source: "api", now },
  );
  await drainQueue({ batchSize: 100, graceHours: 48, now });
});

describe(`comparison with the previous period on ${backend}`, () => {
  it("compares a running period's complete days with the same weekdays of the previous period", async () => {
    const { comparison, totals } = await report({ period: "current", compare: "previous" }, new Date("2026-12-03T15:00:00Z"));
    expect(totals.find((t) => t.productArea === "email")?.quantity).toBe("5033");
    expect(comparison).toEqual({
      available: true,
      windows: [
        {
          workspaceId: "ws_acme",
          basis: "same-weekdays",
          current: { from: "2026-12-01", to: "2026-12-02" },
          previous: { from: "2026-11-03", to: "2026-11-04" },
        },
      ],
      totals: [{ productArea: "email", unit: "emails", current: "33", previous: "30" }],
      // Within email's included 3,000 each period: no money either side.
      costs: [{ productArea: "email", currency: "USD", current: "0.00", previous: "0.00" }],
      costTotals: [{ currency: "USD", current: "0.00", previous: "0.00" }],
    });
  });

  it("says it is too early on the period's first day", async () => {
    const { comparison } = await report({ period: "current", compare: "previous" }, new Date("2026-12-01T20:00:00Z"));
    expect(comparison).toEqual({ available: false, reason: "too-early", availableAt: "2026-12-02T05:00:00.000Z" });
  });

  it("compares an ended period whole with the whole one before", async () => {
    const { comparison } = await report({ period: "previous", compare: "previous" }, new Date("2026-12-03T15:00:00Z"));
    expect(comparison).toMatchObject({
      available: true,
      windows: [
        { basis: "whole-periods", current: { from: "2026-11-01", to: "2026-11-30" }, previous: { from: "2026-10-01", to: "2026-10-31" } },
      ],
      totals: [{ productArea: "email", current: "1130", previous: "0" }],
    });
  });

  it("is left out unless asked for", async () => {
    expect(await report({ period: "current" }, new Date("2026-12-03T15:00:00Z"))).not.toHaveProperty("comparison");
  });
});
