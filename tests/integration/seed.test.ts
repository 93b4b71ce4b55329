import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { systemDb } from "@/lib/db";
import { DEMO_ANOMALIES, DEMO_GAP_DAYS, DEMO_HISTORY_DAYS, DEMO_PASSWORD, DEMO_USERS, DEMO_WORKSPACES } from "@/lib/demo/demo-data";
import { seedDemo } from "@/lib/demo/seed-demo";
import { backend } from "../support/test-database";

const now = new Date("2026-11-22T12:00:00Z");

async function counts() {
  return {
    workspaces: await systemDb().workspace.count(),
    users: await systemDb().user.count(),
    memberships: await systemDb().membership.count(),
    productAreas: await systemDb().productArea.count(),
    usage: await systemDb().billingUsageDaily.count(),
  };
}

describe(`demo seed on ${backend}`, () => {
  it("creates the documented tenants, accounts and 120 days of usage, and is idempotent", async () => {
    await seedDemo(systemDb(), { now });
    const first = await counts();
    const areaCount = DEMO_WORKSPACES.reduce((sum, w) => sum + w.productAreas.length, 0);
    expect(first).toEqual({
      workspaces: 3,
      users: 5,
      memberships: 5,
      productAreas: 12,
      usage: areaCount * DEMO_HISTORY_DAYS - DEMO_GAP_DAYS,
    });

    await seedDemo(systemDb(), { now });
    expect(await counts()).toEqual(first);
  });

  it("leaves the detection job's flags for the spike, drop and gap written into the demo usage", async () => {
    await seedDemo(systemDb(), { now });
    const flags = await systemDb().anomalyFlag.findMany({ include: { workspace: true } });
    for (const injected of DEMO_ANOMALIES) {
      const found = flags.filter((f) => f.workspace.slug === injected.workspace && f.productArea === injected.area);
      expect(
        found.map((f) => f.kind),
        `${injected.workspace}/${injected.area}`,
      ).toContain(injected.kind);
    }
    const before = await systemDb().anomalyFlag.findMany({ orderBy: { id: "asc" } });
    await seedDemo(systemDb(), { now });
    expect(await systemDb().anomalyFlag.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("gives every demo account the documented password and roles", async () => {
    for (const demoUser of DEMO_USERS) {
      const user = await systemDb().user.findUniqueOrThrow({
        where: { email: demoUser.email },
        include: { memberships: { include: { workspace: true } } },
      });
      expect(await verifyPassword(DEMO_PASSWORD, user.passwordHash)).toBe(true);
      expect(user.staffRole).toBe(demoUser.staffRole ?? null);
      expect(
        user.memberships
          .map((m) => ({ workspaceSlug: m.workspace.slug, role: m.role }))
          .sort((a, b) => a.workspaceSlug.localeCompare(b.workspaceSlug)),
      ).toEqual(demoUser.memberships);
    }
  });

  it("ends each workspace's history on today's date in its own time zone", async () => {
    // 2026-11-22 12:00 UTC is already the 22nd in Tokyo and still the 22nd in New York.
    const late = new Date("2026-11-22T20:00:00Z"); // the 23rd in Tokyo, the 22nd in New York
    await seedDemo(systemDb(), { now: late });
    const newest = await systemDb().billingUsageDaily.groupBy({ by: ["workspaceId"], _max: { usageDate: true } });
    const byWorkspace = Object.fromEntries(newest.map((row) => [row.workspaceId, row._max.usageDate?.toISOString().slice(0, 10)]));
    expect(byWorkspace).toEqual({ ws_acme: "2026-11-22", ws_globex: "2026-11-22", ws_initech: "2026-11-23" });
  });
});
