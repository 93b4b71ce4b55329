import { beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS, type Permission } from "@/lib/access/permissions";
import {
  listVisibleWorkspaces,
  requireAllPermittedWorkspaces,
  requireWorkspacePermission,
  scopedSql,
  scopeIdsLiteral,
  type WorkspaceScope,
  requireWorkspacePermissionBySlug,
} from "@/lib/access/workspace-access";
import { STATUS_BY_CODE } from "@/lib/api/errors";
import { ApiError } from "@/lib/errors/api-error";
import { database, systemDb, Prisma } from "@/lib/db";
import { backend } from "../support/test-database";
import { ACCOUNTS, actorFor, seedDemoData, WORKSPACE_IDS, type AccountName } from "../support/demo";
import { isAllowed, type Slug } from "../support/role-matrix";

beforeAll(() => seedDemoData());

/** How a refusal reaches a client: its code and the HTTP status the route wrapper answers it with. */
function refusal(call: Promise<unknown>): Promise<{ code: string; status: number; details: unknown } | "granted"> {
  return call.then(
    () => "granted" as const,
    (error: ApiError) => ({ code: error.code, status: STATUS_BY_CODE[error.code], details: error.details }),
  );
}

const ALL: Permission[] = [...PERMISSIONS];

const cases = (Object.keys(ACCOUNTS) as AccountName[]).flatMap((account) =>
  (Object.keys(WORKSPACE_IDS) as Slug[]).flatMap((slug) =>
    ALL.map((permission) => ({
      account,
      slug,
      permission,
      allowed: isAllowed(account, slug, permission),
    })),
  ),
);

describe(`access helper on ${backend}`, () => {
  it.each(cases)("$account on $slug, $permission → allowed: $allowed", async ({ account, slug, permission, allowed }) => {
    const actor = await actorFor(ACCOUNTS[account]);
    const byId = () => requireWorkspacePermission(actor, [WORKSPACE_IDS[slug]], permission);
    const bySlug = () => requireWorkspacePermissionBySlug(actor, slug, permission);
    if (allowed) {
      const access = await byId();
      expect(access.scope.workspaceIds).toEqual([WORKSPACE_IDS[slug]]);
      expect(access.grants[0]?.workspace.slug).toBe(slug);
      expect((await bySlug()).scope.workspaceIds).toEqual([WORKSPACE_IDS[slug]]);
    } else {
      await expect(refusal(byId())).resolves.toMatchObject({ code: "forbidden", status: 403 });
      await expect(refusal(bySlug())).resolves.toMatchObject({ code: "forbidden", status: 403 });
    }
  });

  it("refuses an unknown workspace exactly like a foreign one", async () => {
    const admin = await actorFor(ACCOUNTS.admin);
    const unknown = await requireWorkspacePermission(admin, ["ws_nope"], "usage:view").catch((e: ApiError) => e);
    const foreign = await requireWorkspacePermission(admin, [WORKSPACE_IDS.initech], "usage:view").catch((e: ApiError) => e);
    expect(unknown).toBeInstanceOf(ApiError);
    expect(foreign).toBeInstanceOf(ApiError);
    expect([STATUS_BY_CODE[(unknown as ApiError).code], STATUS_BY_CODE[(foreign as ApiError).code]]).toEqual([403, 403]);
  });

  it("grants several workspaces only when every one of them is permitted", async () => {
    const admin = await actorFor(ACCOUNTS.admin);
    const both = await requireWorkspacePermission(admin, [WORKSPACE_IDS.globex, WORKSPACE_IDS.acme], "usage:view");
    expect(both.scope.workspaceIds).toEqual([WORKSPACE_IDS.globex, WORKSPACE_IDS.acme]);
    await expect(
      refusal(requireWorkspacePermission(admin, [WORKSPACE_IDS.acme, WORKSPACE_IDS.initech], "usage:view")),
    ).resolves.toMatchObject({
      status: 403,
      details: { workspace: WORKSPACE_IDS.initech },
    });
  });

  it("lists exactly the workspaces each account may see, with its role", async () => {
    const visible = async (account: AccountName) =>
      (await listVisibleWorkspaces(await actorFor(ACCOUNTS[account]))).map((g) => `${g.workspace.slug}:${g.role}`);
    expect(await visible("admin")).toEqual(["acme:ADMIN", "globex:ADMIN"]);
    expect(await visible("finance")).toEqual(["acme:FINANCE"]);
    expect(await visible("member")).toEqual(["acme:MEMBER"]);
    expect(await visible("support")).toEqual(["acme:SUPPORT", "globex:SUPPORT", "initech:SUPPORT"]);
    expect(await visible("initechOwner")).toEqual(["initech:ADMIN"]);
  });

  it("keeps each actor's visible workspaces only until memberships or workspaces change", async () => {
    const admin = await actorFor(ACCOUNTS.admin);
    const first = await listVisibleWorkspaces(admin);
    expect(await listVisibleWorkspaces(await actorFor(ACCOUNTS.admin))).toBe(first);

    const slugs = async () =>
      (await listVisibleWorkspaces(await actorFor(ACCOUNTS.admin))).map((g) => `${g.workspace.slug}:${g.workspace.name}`);
    const membership = await systemDb().membership.delete({
      where: { userId_workspaceId: { userId: admin.id, workspaceId: WORKSPACE_IDS.globex } },
    });
    try {
      expect(await slugs()).toEqual(["acme:Acme Corp"]);
      await systemDb().workspace.update({ where: { id: WORKSPACE_IDS.acme }, data: { name: "Acme Renamed" } });
      expect(await slugs()).toEqual(["acme:Acme Renamed"]);
    } finally {
      await systemDb().workspace.update({ where: { id: WORKSPACE_IDS.acme }, data: { name: "Acme Corp" } });
      await systemDb().membership.create({ data: membership });
    }
    expect(await slugs()).toEqual(["acme:Acme Corp", "globex:Globex GmbH"]);
  });

  it("keeps a lookup by ids only until memberships or workspaces change", async () => {
    const admin = await actorFor(ACCOUNTS.admin);
    const first = await requireWorkspacePermission(admin, [WORKSPACE_IDS.globex], "usage:view");
    const again = await requireWorkspacePermission(await actorFor(ACCOUNTS.admin), [WORKSPACE_IDS.globex], "usage:view");
    expect(again.grants).toBe(first.grants);
    expect(again.scope).toBe(first.scope);
    // Another permission on the same lookup is checked on its own.
    expect((await requireWorkspacePermission(admin, [WORKSPACE_IDS.globex], "audit:view")).scope.permission).toBe("audit:view");

    const membership = await systemDb().membership.delete({
      where: { userId_workspaceId: { userId: admin.id, workspaceId: WORKSPACE_IDS.globex } },
    });
    try {
      await expect(
        refusal(requireWorkspacePermission(await actorFor(ACCOUNTS.admin), [WORKSPACE_IDS.globex], "usage:view")),
      ).resolves.toMatchObject({
        status: 403,
      });
      await systemDb().membership.create({ data: { ...membership, role: "MEMBER" } });
      await expect(
        refusal(requireWorkspacePermission(await actorFor(ACCOUNTS.admin), [WORKSPACE_IDS.globex], "usage:view")),
      ).resolves.toMatchObject({
        status: 403,
      });
      await systemDb().workspace.update({ where: { id: WORKSPACE_IDS.acme }, data: { name: "Acme Renamed" } });
      const renamed = await requireWorkspacePermission(await actorFor(ACCOUNTS.admin), [WORKSPACE_IDS.acme], "usage:view");
      expect(renamed.grants[0]?.workspace.name).toBe("Acme Renamed");
    } finally {
      await systemDb().workspace.update({ where: { id: WORKSPACE_IDS.acme }, data: { name: "Acme Corp" } });
      await systemDb().membership.update({
        where: { userId_workspaceId: { userId: admin.id, workspaceId: WORKSPACE_IDS.globex } },
        data: { role: membership.role },
      });
    }
    const restored = await requireWorkspacePermission(await actorFor(ACCOUNTS.admin), [WORKSPACE_IDS.globex], "usage:view");
    expect(restored.grants[0]?.role).toBe("ADMIN");
  });

  it("checks long id lists as carefully as short ones (they are looked up every time)", async () => {
    const admin = await actorFor(ACCOUNTS.admin);
    const ids = Array.from({ length: 24 }, (_, i) => `ws_long_${String(i).padStart(2, "0")}`);
    await systemDb().workspace.createMany({
      data: ids.map((id) => ({ id, slug: id.replaceAll("_", "-"), name: id, timeZone: "UTC", currency: "USD" })),
    });
    try {
      await systemDb().membership.createMany({
        data: ids.map((workspaceId) => ({ userId: admin.id, workspaceId, role: "ADMIN" as const })),
      });
      const fresh = await actorFor(ACCOUNTS.admin);
      const access = await requireWorkspacePermission(fresh, ids, "usage:view");
      expect(access.scope.workspaceIds).toEqual(ids);
      await expect(refusal(requireWorkspacePermission(fresh, [...ids, WORKSPACE_IDS.initech], "usage:view"))).resolves.toMatchObject({
        status: 403,
        details: { workspace: WORKSPACE_IDS.initech },
      });
      await systemDb().membership.update({
        where: { userId_workspaceId: { userId: admin.id, workspaceId: ids[7]! } },
        data: { role: "MEMBER" },
      });
      await expect(refusal(requireWorkspacePermission(await actorFor(ACCOUNTS.admin), ids, "usage:view"))).resolves.toMatchObject({
        status: 403,
        details: { workspace: ids[7] },
      });
    } finally {
      await systemDb().workspace.deleteMany({ where: { id: { in: ids } } });
    }
  });

  it("never hands one actor's remembered access to another", async () => {
    const [admin, finance] = [await actorFor(ACCOUNTS.admin), await actorFor(ACCOUNTS.finance)];
    const adminAccess = await requireWorkspacePermission(admin, [WORKSPACE_IDS.acme], "usage:view");
    const financeAccess = await requireWorkspacePermission(finance, [WORKSPACE_IDS.acme], "usage:view");
    expect([adminAccess.grants[0]?.role, financeAccess.grants[0]?.role]).toEqual(["ADMIN", "FINANCE"]);
    expect(financeAccess.actor.id).toBe(finance.id);
    await expect(refusal(requireWorkspacePermission(finance, [WORKSPACE_IDS.acme], "audit:view"))).resolves.toMatchObject({ status: 403 });
    await expect(refusal(requireWorkspacePermission(finance, [WORKSPACE_IDS.globex], "usage:view"))).resolves.toMatchObject({
      status: 403,
    });
  });

  it("passes a scope's ids to SQL as one array literal that reads back exactly", async () => {
    const ids = ["ws_plain", 'with "quotes"', "back\\slash", "comma,{brace}", "NULL", " spaced "];
    const scope = { workspaceIds: ids, permission: "usage:view" } as unknown as WorkspaceScope;
    const [row] = await database().query<{ ids: string[] }>(Prisma.sql`SELECT ${scopeIdsLiteral(scope)}::text[] AS ids`);
    expect(row!.ids).toEqual(ids);
  });

  it("scopes SQL without an id list only for staff's all, which is every workspace", async () => {
    const staff = await requireAllPermittedWorkspaces(await actorFor(ACCOUNTS.support), "usage:view");
    expect(staff.scope.everyWorkspace).toBe(true);
    expect(staff.scope.workspaceIds).toEqual(expect.arrayContaining(Object.values(WORKSPACE_IDS)));
    expect(scopedSql(staff.scope, "u").text).not.toContain("ANY");
    const counted = async (scope: WorkspaceScope) =>
      (
        await database().query<{ n: number }>(
          Prisma.sql`SELECT count(DISTINCT u."workspaceId")::int AS n FROM "BillingUsageDaily" u WHERE ${scopedSql(scope, "u")}`,
        )
      )[0]!.n;
    expect(await counted(staff.scope)).toBe(Object.keys(WORKSPACE_IDS).length);

    // Everyone else's scopes name their ids, including an admin's all and staff's own list.
    const adminAll = await requireAllPermittedWorkspaces(await actorFor(ACCOUNTS.admin), "usage:view");
    const staffList = await requireWorkspacePermission(
      await actorFor(ACCOUNTS.support),
      [WORKSPACE_IDS.acme, WORKSPACE_IDS.globex],
      "usage:view",
    );
    for (const scope of [adminAll.scope, staffList.scope]) {
      expect(scope.everyWorkspace).toBe(false);
      expect(scopedSql(scope, "u").text).toContain("ANY");
      expect(await counted(scope)).toBe(2);
    }
    // Staff hold no export permission: no all at all, rather than every workspace.
    await expect(refusal(requireAllPermittedWorkspaces(await actorFor(ACCOUNTS.support), "usage:export"))).resolves.toMatchObject({
      status: 403,
    });
  });
});
