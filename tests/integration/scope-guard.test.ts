// Forgetting the tenant filter fails loudly outside production: the guarded handles refuse a query
// on a tenant model, or raw SQL on a tenant table, that names no workspace.
import { beforeAll, describe, expect, it } from "vitest";
import { requireWorkspacePermission, scopedSql, scopedWhere, type WorkspaceScope } from "@/lib/access/workspace-access";
import { database, db, Prisma, systemDatabase, systemDb } from "@/lib/db";
import { TENANT_MODELS, UnscopedQueryError, unsafeUnscopedSql } from "@/lib/db/tenant-guard";
import { backend } from "../support/test-database";
import { ACCOUNTS, actorFor, seedDemoData, WORKSPACE_IDS } from "../support/demo";

let scope: WorkspaceScope;
beforeAll(async () => {
  await seedDemoData();
  scope = (await requireWorkspacePermission(await actorFor(ACCOUNTS.admin), [WORKSPACE_IDS.acme], "usage:view")).scope;
});

describe(`the tenant guard on ${backend}`, () => {
  it("knows the tenant models from the generated client", () => {
    for (const model of [
      "Membership",
      "BillingUsageDaily",
      "BillingUsageExport",
      "AuditEvent",
      "MeteringEvent",
      "MeteringInbox",
      "MeteringRejection",
      "UsageVersion",
      "BillingUsagePeriod",
    ]) {
      expect(TENANT_MODELS).toContain(model);
    }
    for (const model of ["Workspace", "User", "ProductArea", "AccessRevision"]) expect(TENANT_MODELS).not.toContain(model);
  });

  it("refuses a model query that names no workspace, and lets a scoped one through", async () => {
    await expect(db().meteringRejection.findMany()).rejects.toThrow(UnscopedQueryError);
    await expect(db().billingUsageDaily.count({ where: { productArea: "compute" } })).rejects.toThrow(UnscopedQueryError);
    // The anti-pattern: a filter that is undefined is dropped by Prisma and would match every tenant.
    await expect(db().auditEvent.findMany({ where: { workspaceId: undefined } })).rejects.toThrow(UnscopedQueryError);
    await expect(db().auditEvent.findMany({ where: { workspaceId: { in: undefined } } })).rejects.toThrow(UnscopedQueryError);
    // An OR is scoped only if every branch is.
    await expect(db().auditEvent.findMany({ where: { OR: [scopedWhere(scope), { action: "billing.usage.viewed" }] } })).rejects.toThrow(
      UnscopedQueryError,
    );
    await expect(db().billingUsageDaily.deleteMany({ where: { NOT: scopedWhere(scope) } })).rejects.toThrow(UnscopedQueryError);

    expect(await db().billingUsageDaily.count({ where: scopedWhere(scope) })).toBeGreaterThan(0);
    expect(await db().billingUsageExport.findMany({ where: scopedWhere(scope, "workspaceIds") })).toEqual([]);
    expect(
      await db().auditEvent.count({ where: { AND: [{ OR: [scopedWhere(scope), scopedWhere(scope, "workspaceIds")] }, { action: "x" }] } }),
    ).toBe(0);
    // Models without a workspace are not tenant models.
    expect(await db().workspace.count()).toBeGreaterThan(0);
  });

  it("refuses a create that names no workspace", async () => {
    await expect(
      db().meteringRejection.create({ data: { source: "api", code: "unprocessable", message: "no workspace" } }),
    ).rejects.toThrow(UnscopedQueryError);
  });

  it("guards transactions too", async () => {
    await expect(db().$transaction((tx) => tx.meteringEvent.findMany())).rejects.toThrow(UnscopedQueryError);
    expect(await db().$transaction((tx) => tx.meteringEvent.count({ where: scopedWhere(scope) }))).toBe(0);
  });

  it("refuses raw SQL on a tenant table without scopedSql, on both raw paths", async () => {
    const unscoped = Prisma.sql`SELECT count(*)::int AS n FROM "BillingUsageDaily" u`;
    await expect(database().query(unscoped)).rejects.toThrow(UnscopedQueryError);
    await expect(db().$queryRaw(unscoped)).rejects.toThrow(UnscopedQueryError);
    await expect(database().execute(Prisma.sql`DELETE FROM "MeteringInbox" WHERE seq < 0`)).rejects.toThrow(UnscopedQueryError);

    const scoped = Prisma.sql`SELECT count(*)::int AS n FROM "BillingUsageDaily" u WHERE ${scopedSql(scope, "u")}`;
    const [row] = await database().query<{ n: number }>(scoped);
    const expected = await systemDb().billingUsageDaily.count({ where: { workspaceId: WORKSPACE_IDS.acme } });
    expect(row!.n).toBe(expected);
    expect(await db().$queryRaw<{ n: number }[]>(scoped)).toEqual([{ n: expected }]);
    // Statements on other tables are not looked at.
    expect(await database().query(Prisma.sql`SELECT count(*)::int AS n FROM "Workspace"`)).toHaveLength(1);
  });

  it("lets the explicit escapes through: the system handles and unsafeUnscopedSql", async () => {
    expect(await systemDb().meteringRejection.findMany()).toBeInstanceOf(Array);
    expect(await systemDatabase().query(Prisma.sql`SELECT count(*)::int AS n FROM "BillingUsageDaily"`)).toHaveLength(1);
    const escaped = Prisma.sql`${unsafeUnscopedSql("a test of the escape")} SELECT count(*)::int AS n FROM "BillingUsageDaily"`;
    expect(await database().query(escaped)).toHaveLength(1);
    expect(() => unsafeUnscopedSql("*/ DROP TABLE x")).toThrow();
  });
});
