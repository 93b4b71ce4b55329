import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/billing/usage/route";
import { systemDb } from "@/lib/db";
import { ImportRefused, importUsageHistory } from "@/lib/usage/import-usage-history";
import { usageResponseSchema } from "@/lib/usage/usage-response";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { parseDocumented } from "../support/documented-response";
import { callRoute } from "../support/session";
import { backend } from "../support/test-database";

const now = new Date("2026-11-22T12:00:00Z");
const by = ACCOUNTS.support;

beforeAll(async () => {
  await seedDemoData(now);
  await systemDb().workspace.create({ data: { id: "ws_newco", slug: "newco", name: "NewCo", timeZone: "UTC", currency: "USD" } });
});

async function octoberTotals() {
  const response = await callRoute(GET, "/api/billing/usage?workspaceId=ws_newco&period=2026-10", { as: ACCOUNTS.support });
  return Object.fromEntries(parseDocumented(usageResponseSchema, await response.json()).totals.map((t) => [t.productArea, t.quantity]));
}

const imports = () => systemDb().auditEvent.count({ where: { action: "billing.usage.imported", workspaceId: "ws_newco" } });
const file = (...lines: string[]) => ["date,productArea,quantity", ...lines].join("\n");

describe(`usage history import on ${backend}`, () => {
  it("writes the days into the read model, its period rollups and the cached reports, audited; a second import changes nothing", async () => {
    expect(await octoberTotals()).toEqual({});
    const csv = file("2026-10-01,compute,10.5", "2026-10-02,compute,4.5", "2026-10-02,storage,100");
    expect(await importUsageHistory({ workspace: "newco", csv, by, now })).toMatchObject({ rows: 3, changed: 3 });
    expect(await octoberTotals()).toEqual({ compute: "15", storage: "100" });
    const rollup = await systemDb().billingUsagePeriod.findFirst({ where: { workspaceId: "ws_newco", productArea: "compute" } });
    expect(rollup?.quantity.toFixed()).toBe("15");
    expect(await importUsageHistory({ workspace: "ws_newco", csv, by, now })).toMatchObject({ rows: 3, changed: 0 });
    expect(await imports()).toBe(1);
  });

  it("refuses other figures for days already held, unless told to replace exactly those", async () => {
    const csv = file("2026-10-02,compute,7");
    await expect(importUsageHistory({ workspace: "newco", csv, by, now })).rejects.toThrow(
      /line 2: 2026-10-02 compute holds 4.5, the file says 7/,
    );
    expect(await octoberTotals()).toEqual({ compute: "15", storage: "100" });
    expect(await importUsageHistory({ workspace: "newco", csv, by, replace: true, now })).toMatchObject({ changed: 1 });
    expect(await octoberTotals()).toEqual({ compute: "17.5", storage: "100" });
    expect(await imports()).toBe(2);
  });

  it("rejects the whole file for one bad line, naming every bad line", async () => {
    const csv = file(
      "2026-10-05,compute,1",
      "2026-10-32,compute,1",
      "2026-10-06,teleport,1",
      "2026-10-07,compute,-3",
      "2026-12-01,compute,1",
      "2026-10-05,compute,2",
    );
    const refusal = importUsageHistory({ workspace: "newco", csv, by, now });
    await expect(refusal).rejects.toBeInstanceOf(ImportRefused);
    const { problems } = (await refusal.catch((e: ImportRefused) => e)) as ImportRefused;
    expect(problems.map((p) => p.split(":")[0])).toEqual(["line 3", "line 4", "line 5", "line 6", "line 7"]);
    expect(problems.join("\n")).toMatch(/not in the past/);
    expect(await octoberTotals()).toEqual({ compute: "17.5", storage: "100" });
    await expect(importUsageHistory({ workspace: "newco", csv: "day,area,qty\n2026-10-01,compute,1", by, now })).rejects.toThrow(/header/);
    await expect(importUsageHistory({ workspace: "newco", csv: file("2026-10-01,compute,1"), by: ACCOUNTS.admin, now })).rejects.toThrow(
      /not a staff account/,
    );
  });

  it("refuses days the metering pipeline has already counted", async () => {
    // Acme's demo usage is metered (it holds events) over its last 120 days.
    const first = await systemDb().billingUsageDaily.findFirstOrThrow({
      where: { workspaceId: "ws_acme", sourceEventCount: { gt: 0 } },
      orderBy: { usageDate: "asc" },
    });
    const day = first.usageDate.toISOString().slice(0, 10);
    await expect(importUsageHistory({ workspace: "acme", csv: file(`${day},compute,1`), by, now })).rejects.toThrow(
      new RegExp(`line 2: ${day} is metered here \\(since ${day}\\)`),
    );
    const before = new Date(first.usageDate.getTime() - 86_400_000).toISOString().slice(0, 10);
    expect(await importUsageHistory({ workspace: "acme", csv: file(`${before},compute,1`), by, now })).toMatchObject({ changed: 1 });
  });
});
