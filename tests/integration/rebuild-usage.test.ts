import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { RebuildRefused, rebuildUsage, retentionHorizon } from "@/lib/maintenance/rebuild-usage";
import { addDays, calendarDateIn } from "@/lib/periods/calendar-date";
import { importUsageHistory } from "@/lib/usage/import-usage-history";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { periodRollupMismatches } from "../support/read-model";
import { ingestAndApply, randomEvents, readModel, versions } from "../support/rebuild";
import { backend } from "../support/test-database";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX_CLI = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));
const IDS = ["ws_rb_ny", "ws_rb_tokyo"];
const today = (timeZone: string) => calendarDateIn(new Date(), timeZone);
const rebuild = (workspace: string, from: string, to: string) => rebuildUsage({ workspace, from, to, operator: "test", retentionDays: 40 });

beforeAll(async () => {
  await seedDemoData(new Date()); // as of now: the first test rebuilds the last 20 days of acme's seeded usage
  await systemDb().workspace.createMany({
    data: [
      { id: "ws_rb_ny", slug: "rb-ny", name: "Rebuild NY", timeZone: "America/New_York", currency: "USD", billingAnchorDay: 15 },
      { id: "ws_rb_tokyo", slug: "rb-tokyo", name: "Rebuild Tokyo", timeZone: "Asia/Tokyo", currency: "JPY", billingAnchorDay: 28 },
      { id: "ws_rb_imported", slug: "rb-imported", name: "Rebuild Imported", timeZone: "UTC", currency: "USD" },
    ],
  });
  await ingestAndApply([
    ...randomEvents("ws_rb_ny", 400, { seed: 1, days: 30, prefix: "ny" }),
    ...randomEvents("ws_rb_tokyo", 300, { seed: 2, days: 30, prefix: "tk" }),
  ]);
});

describe(`rebuild-usage on ${backend}`, () => {
  it("keeps rows no retained raw event supports (the demo's seeded usage) unless told to drop them", async () => {
    // First: the rebuild of all workspaces below is told to drop them.
    const seeded = async () =>
      (
        await systemDb().billingUsageDaily.findMany({
          where: { workspaceId: "ws_acme" },
          orderBy: [{ productArea: "asc" }, { usageDate: "asc" }],
        })
      ).map((r) => [r.productArea, r.usageDate.toISOString(), r.quantity.toFixed(), r.sourceEventCount]);
    const before = await seeded();
    const from = addDays(today("America/New_York"), -20);
    const [kept] = await rebuildUsage({ workspace: "acme", from, to: today("America/New_York"), operator: "test", retentionDays: 40 });
    expect(kept!.unbackedRowsKept).toBeGreaterThan(20);
    expect(kept!.changedRows).toBe(0);
    expect(await seeded()).toEqual(before);
    const audit = await systemDb().auditEvent.findFirstOrThrow({ where: { action: "billing.usage.rebuilt", workspaceId: "ws_acme" } });
    expect(audit.target).toMatchObject({ unbackedRowsKept: kept!.unbackedRowsKept, dropUnbacked: false });
  });

  it("restores the daily rows and period rollups the consumer produced, exactly, and moves the usage versions", async () => {
    const produced = await readModel(IDS);
    expect(produced.daily.length).toBeGreaterThan(100);
    const before = await versions(IDS);

    // Damage of every kind: rows lost, wrong figures, a row no event supports, a drifted rollup.
    await systemDb().$executeRaw`DELETE FROM "BillingUsageDaily" WHERE "workspaceId" = 'ws_rb_ny' AND "productArea" = 'compute'`;
    await systemDb()
      .$executeRaw`UPDATE "BillingUsageDaily" SET quantity = quantity + 0.000000000001 WHERE "workspaceId" = 'ws_rb_tokyo' AND "productArea" = 'gpu'`;
    await systemDb()
      .$executeRaw`UPDATE "BillingUsageDaily" SET "sourceEventCount" = "sourceEventCount" + 3 WHERE "workspaceId" = 'ws_rb_ny' AND "productArea" = 'logs'`;
    await systemDb().$executeRaw`
      INSERT INTO "BillingUsageDaily" ("workspaceId", "productArea", "usageDate", quantity, unit, "sourceEventCount")
      VALUES ('ws_rb_tokyo', 'functions', ${addDays(today("Asia/Tokyo"), -3)}::date, 99, 'requests', 4)`;
    await systemDb()
      .$executeRaw`UPDATE "BillingUsagePeriod" SET quantity = quantity * 2 WHERE "workspaceId" = 'ws_rb_tokyo' AND "productArea" = 'storage'`;
    expect(await readModel(IDS)).not.toEqual(produced);

    const results = await rebuildUsage({
      workspace: "all",
      from: addDays(today("Asia/Tokyo"), -35),
      to: today("Asia/Tokyo"),
      operator: "test",
      retentionDays: 40,
      dropUnbacked: true,
    });
    expect(results.find((r) => r.workspace === "rb-ny")!.changedRows).toBeGreaterThan(10);
    expect(await readModel(IDS)).toEqual(produced);
    expect(await periodRollupMismatches()).toEqual([]);
    const after = await versions(IDS);
    for (const [i, v] of after.entries()) {
      expect(v.version).toBeGreaterThan(before[i]!.version);
      expect(v.historyVersion).toBeGreaterThan(before[i]!.historyVersion);
    }
    const audit = await systemDb().auditEvent.findMany({ where: { action: "billing.usage.rebuilt", workspaceId: "ws_rb_ny" } });
    expect(audit).toEqual([expect.objectContaining({ actorId: null, metadata: { operator: "test", role: null } })]);
  });

  it("is idempotent: a second rebuild changes nothing, not even the versions", async () => {
    const model = await readModel(IDS);
    const before = await versions(IDS);
    const [result] = await rebuild("rb-ny", addDays(today("America/New_York"), -35), today("America/New_York"));
    expect(result).toMatchObject({ changedRows: 0, changedPeriods: 0 });
    expect(await readModel(IDS)).toEqual(model);
    expect(await versions(IDS)).toEqual(before);
  });

  it("attributes the run to a staff account given with --by, and refuses anyone else", async () => {
    const from = addDays(today("UTC"), -2);
    await rebuildUsage({ workspace: "ws_rb_ny", from, to: today("UTC"), by: ACCOUNTS.support, operator: ACCOUNTS.support });
    const [row] = await systemDb().auditEvent.findMany({ where: { action: "billing.usage.rebuilt", actorEmail: ACCOUNTS.support } });
    expect(row).toMatchObject({ workspaceId: "ws_rb_ny", target: { from, changedRows: 0 }, metadata: { role: "SUPPORT" } });
    await expect(rebuildUsage({ workspace: "rb-ny", from, to: from, by: ACCOUNTS.admin, operator: "x" })).rejects.toThrow(
      /not a staff account/,
    );
  });

  it("refuses a range reaching before the retention horizon, and changes nothing", async () => {
    const model = await readModel(IDS);
    const horizon = retentionHorizon("America/New_York", new Date(), 40);
    await expect(rebuild("rb-ny", addDays(horizon, -1), today("UTC"))).rejects.toThrow(
      new RegExp(`retention horizon \\(40 days\\).*Start at ${horizon} or later \\(rb-ny\\)`),
    );
    await expect(rebuild("all", addDays(horizon, -1), today("UTC"))).rejects.toBeInstanceOf(RebuildRefused);
    expect(await readModel(IDS)).toEqual(model);
  });

  it("never rewrites imported history, even on a day that later also received metered events", async () => {
    const imported = (n: number) => addDays(today("UTC"), -n);
    await importUsageHistory({
      workspace: "rb-imported",
      csv: ["date,productArea,quantity", `${imported(10)},compute,100`, `${imported(9)},compute,200`, `${imported(8)},storage,5`].join(
        "\n",
      ),
      by: ACCOUNTS.support,
    });
    await ingestAndApply([
      { id: "imp-late", workspaceId: "ws_rb_imported", productArea: "compute", quantity: "1.5", occurredAt: `${imported(9)}T12:00:00Z` },
      { id: "imp-new", workspaceId: "ws_rb_imported", productArea: "compute", quantity: "2", occurredAt: `${imported(3)}T12:00:00Z` },
    ]);
    await systemDb()
      .$executeRaw`UPDATE "BillingUsageDaily" SET quantity = 7 WHERE "workspaceId" = 'ws_rb_imported' AND "usageDate" = ${imported(3)}::date`;
    const [result] = await rebuild("rb-imported", imported(20), today("UTC"));
    expect(result).toMatchObject({ skippedImportedThrough: imported(8), changedRows: 1 });
    const rows = await readModel(["ws_rb_imported"]);
    expect(rows.daily).toEqual([
      expect.objectContaining({ day: imported(10), quantity: "100.000000000000", events: "0" }),
      expect.objectContaining({ day: imported(9), quantity: "201.500000000000", events: "1" }),
      expect.objectContaining({ day: imported(3), quantity: "2.000000000000", events: "1" }),
      expect.objectContaining({ day: imported(8), quantity: "5.000000000000", events: "0" }),
    ]);
    expect(await periodRollupMismatches()).toEqual([]);
  });

  it("refuses unknown workspaces, malformed days and a reversed range", async () => {
    await expect(rebuild("no-such-workspace", "2026-11-01", "2026-11-02")).rejects.toThrow(/No workspace no-such-workspace/);
    await expect(rebuild("rb-ny", "2026-11-31", "2026-12-01")).rejects.toThrow(/--from "2026-11-31" is not a day/);
    await expect(rebuild("rb-ny", "2026-11-05", "2026-11-01")).rejects.toThrow(/--from 2026-11-05 is after --to 2026-11-01/);
  });

  it("exits 2 with the reason from the command line", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [TSX_CLI, "--conditions=react-server", "scripts/rebuild-usage.ts", ...args], {
        cwd: REPO_ROOT,
        encoding: "utf8",
      });
    const reversed = run("--workspace", "all", "--from", "2026-11-05", "--to", "2026-11-01");
    expect([reversed.status, reversed.stderr]).toEqual([2, expect.stringMatching(/Refused: --from 2026-11-05 is after --to 2026-11-01/)]);
    const missing = run("--workspace", "all");
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringMatching(/Usage: npm run rebuild-usage/)]);
  });
});
