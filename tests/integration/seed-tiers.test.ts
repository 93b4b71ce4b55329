import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { DEMO_PRODUCT_AREAS } from "@/lib/demo/demo-data";
import { BENCH_ADMIN_ID } from "@/lib/seed/large-tier";
import { seedTier } from "@/lib/seed/seed-tier";
import { STAGING_ACCOUNTS, STAGING_HISTORY_DAYS, stagingWorkspaces } from "@/lib/seed/staging-tier";
import { periodRollupMismatches } from "../support/read-model";
import { backend } from "../support/test-database";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX_CLI = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));
const now = new Date("2026-11-22T12:00:00Z");
const LARGE = { workspaces: 3, extraAreas: 2, historyDays: 4, largestHistoryDays: 6 };

const usageOf = (prefix: string) => systemDb().billingUsageDaily.count({ where: { workspaceId: { startsWith: prefix } } });

describe(`seed tiers on ${backend}`, () => {
  it("staging: deterministic, production-like tenants with 120 days of usage, rollups and versions, idempotent", async () => {
    const tenants = stagingWorkspaces(6);
    expect(stagingWorkspaces(300).slice(0, 6)).toEqual(tenants);
    for (const t of tenants) {
      expect(t.name).toMatch(/^[A-Z][a-z]+ [A-Z][A-Za-z]+ \S/);
      expect(t.slug).toMatch(/^[a-z0-9-]+$/);
      expect(t.billingAnchorDay).toBeGreaterThanOrEqual(1);
      expect(t.billingAnchorDay).toBeLessThanOrEqual(28);
    }
    expect(new Set(stagingWorkspaces(300).map((t) => t.slug)).size).toBe(300);
    expect(new Set(stagingWorkspaces(300).map((t) => t.currency)).size).toBeGreaterThan(5);

    const progress: number[] = [];
    await seedTier("staging", { now, stagingWorkspaces: 6, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    const rows = tenants.reduce((n, t) => n + t.productAreas.length * STAGING_HISTORY_DAYS, 0);
    expect(await usageOf("stg_ws_")).toBe(rows);
    expect(await periodRollupMismatches()).toEqual([]);
    expect(await systemDb().usageVersion.count({ where: { workspaceId: { startsWith: "stg_ws_" } } })).toBe(6);
    const support = await systemDb().user.findUniqueOrThrow({ where: { email: STAGING_ACCOUNTS.support.email } });
    expect(support.staffRole).toBe("SUPPORT");
    const admin = await systemDb().user.findUniqueOrThrow({
      where: { email: STAGING_ACCOUNTS.admin.email },
      include: { memberships: true },
    });
    expect(admin.memberships.map((m) => m.role)).toEqual(Array(6).fill("ADMIN"));
    // The demo tier is there too: the README's accounts keep working.
    expect(await systemDb().workspace.count({ where: { id: { in: ["ws_acme", "ws_globex", "ws_initech"] } } })).toBe(3);

    const versions = await systemDb().usageVersion.findMany({ orderBy: { workspaceId: "asc" } });
    await seedTier("staging", { now, stagingWorkspaces: 6 });
    expect(await usageOf("stg_ws_")).toBe(rows);
    expect(await systemDb().usageVersion.findMany({ orderBy: { workspaceId: "asc" } })).toEqual(versions);
  });

  it("large: the bench's loader at a small size, with rollups, versions and the bench admin; idempotent", async () => {
    await seedTier("large", { now, largeSize: LARGE });
    const areas = DEMO_PRODUCT_AREAS.length + LARGE.extraAreas;
    const rows = LARGE.workspaces * areas * LARGE.historyDays + areas * (LARGE.largestHistoryDays - LARGE.historyDays);
    expect(await usageOf("bench_ws_")).toBe(rows);
    expect(await periodRollupMismatches()).toEqual([]);
    expect(await systemDb().usageVersion.count({ where: { workspaceId: { startsWith: "bench_ws_" }, historyVersion: { gt: 0 } } })).toBe(3);
    expect(await systemDb().membership.count({ where: { userId: BENCH_ADMIN_ID } })).toBe(3);
    await seedTier("large", { now, largeSize: LARGE });
    expect(await usageOf("bench_ws_")).toBe(rows);
    expect(await periodRollupMismatches()).toEqual([]);
  });

  it("refuses an unknown tier with exit code 2", () => {
    const run = spawnSync(process.execPath, [TSX_CLI, "--conditions=react-server", "scripts/db-seed.ts", "--tier", "huge"], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect([run.status, run.stderr]).toEqual([2, expect.stringMatching(/Unknown tier "huge": choose one of demo, staging, large/)]);
  });
});
