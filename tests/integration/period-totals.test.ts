import { beforeAll, describe, expect, it } from "vitest";
import { requireWorkspacePermission, type WorkspaceScope } from "@/lib/access/workspace-access";
import { currentPeriod } from "@/lib/periods/period";
import { systemDb } from "@/lib/db";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { fromScaled, toScaled } from "@/lib/usage/decimal";
import { groupPeriodTotals, periodTotals } from "@/lib/usage/period-totals";
import type { WorkspaceRange } from "@/lib/usage/usage-sql";
import { backend } from "../support/test-database";
import { ACCOUNTS, actorFor, seedDemoData } from "../support/demo";

beforeAll(() => seedDemoData(new Date()));

async function scope(): Promise<WorkspaceScope> {
  return (await requireWorkspacePermission(await actorFor(ACCOUNTS.support), ["ws_acme", "ws_globex"], "usage:view")).scope;
}

async function currentRanges(): Promise<WorkspaceRange[]> {
  const workspaces = await systemDb().workspace.findMany({ where: { id: { in: ["ws_acme", "ws_globex"] } }, orderBy: { id: "asc" } });
  return workspaces.map((w) => {
    const { start, end } = currentPeriod(w, new Date());
    return { workspaceId: w.id, start, end, wholePeriod: true };
  });
}

describe(`per-workspace period totals on ${backend}`, () => {
  // readAllUpTo: 0 takes the path of large scopes: ask which workspaces changed, re-read only those.
  it.each([0, 20])("re-reads only the workspaces whose usage changed (readAllUpTo %i)", async (readAllUpTo) => {
    const ranges = await currentRanges();
    const checked = await scope();
    const [acme, globex] = await periodTotals(checked, ranges, { readAllUpTo });
    expect(await periodTotals(checked, ranges, { readAllUpTo })).toEqual([acme, globex]);

    await ingestEvents(
      [
        {
          value: {
            id: `totals-${readAllUpTo}`,
            workspaceId: "ws_acme",
            productArea: "storage",
            quantity: "0.5",
            occurredAt: new Date().toISOString(),
          },
        },
      ],
      { source: "api" },
    );
    await drainQueue({ batchSize: 10, graceHours: 48 });
    const [acmeAfter, globexAfter] = await periodTotals(checked, ranges, { readAllUpTo });
    expect(acmeAfter!.version).not.toBe(acme!.version);
    if (readAllUpTo === 0) expect(globexAfter).toBe(globex);
    else expect(globexAfter).toEqual(globex);

    const storage = (rows: ReturnType<typeof groupPeriodTotals>) => rows.find((r) => r.productArea === "storage")!;
    const before = storage(groupPeriodTotals(ranges.slice(0, 1), [acme!], null, ["productArea"]));
    const after = storage(groupPeriodTotals(ranges.slice(0, 1), [acmeAfter!], null, ["productArea"]));
    expect(after.sourceEventCount - before.sourceEventCount).toBe(1);
    const { _sum } = await systemDb().billingUsageDaily.aggregate({
      where: {
        workspaceId: "ws_acme",
        productArea: "storage",
        usageDate: { gte: new Date(ranges[0]!.start), lte: new Date(ranges[0]!.end) },
      },
      _sum: { quantity: true },
    });
    expect(after.quantity).toBe(_sum.quantity!.toString());
  });

  it("groups by workspace and by product area, filters areas, and adds up only equal units", async () => {
    const ranges = await currentRanges();
    const totals = await periodTotals(await scope(), ranges);
    const acme = ranges.slice(0, 1);
    const byArea = groupPeriodTotals(acme, totals.slice(0, 1), ["compute", "database", "storage"], ["productArea"]);
    const byWorkspace = groupPeriodTotals(acme, totals.slice(0, 1), ["compute", "database", "storage"], ["workspace"]);
    expect(byWorkspace.map((r) => [r.workspaceId, r.unit])).toEqual([
      ["ws_acme", "GB-days"],
      ["ws_acme", "vCPU-hours"],
    ]);
    const quantity = (area: string) => toScaled(byArea.find((r) => r.productArea === area)!.quantity);
    expect(byWorkspace[1]!.quantity).toBe(fromScaled(quantity("compute") + quantity("database")));

    const all = groupPeriodTotals(ranges, totals, null, ["productArea"]);
    expect(all.map((r) => r.productArea)).toEqual([...all.map((r) => r.productArea!)].sort());
    const perWorkspace = groupPeriodTotals(ranges, totals, null, ["workspace", "productArea"]);
    expect(new Set(perWorkspace.map((r) => r.workspaceId))).toEqual(new Set(["ws_acme", "ws_globex"]));
    expect(sumEvents(all)).toBe(sumEvents(perWorkspace));
  });
});

function sumEvents(rows: { sourceEventCount: number }[]): number {
  return rows.reduce((n, r) => n + r.sourceEventCount, 0);
}
