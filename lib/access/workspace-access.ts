// The access helper: actor → workspace → role → permission. Every tenant-scoped read or write
// starts from a WorkspaceScope, which only this module can create, so a query cannot be scoped
// to a workspace nobody checked.
import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import type { Workspace } from "@/lib/db/generated/client";
import type { Actor } from "./actor";
import { can, type Permission, type WorkspaceRole } from "./permissions";

declare const checked: unique symbol;

/** Workspace ids the actor was verified to hold a permission on. */
export interface WorkspaceScope {
  readonly [checked]: true;
  readonly workspaceIds: readonly string[];
  readonly permission: Permission;
}

export interface WorkspaceGrant {
  workspace: Workspace;
  role: WorkspaceRole;
}

export interface WorkspaceAccess {
  actor: Actor;
  /** The workspaces asked for, in the order asked, each with the actor's role. */
  grants: WorkspaceGrant[];
  scope: WorkspaceScope;
}

/** Every workspace the actor may see, with their role: staff see all of them as SUPPORT. */
export async function listVisibleWorkspaces(actor: Actor): Promise<WorkspaceGrant[]> {
  if (actor.staffRole === "SUPPORT") {
    const workspaces = await db().workspace.findMany({ orderBy: { name: "asc" } });
    return workspaces.map((workspace) => ({ workspace, role: "SUPPORT" as const }));
  }
  const memberships = await db().membership.findMany({
    where: { userId: actor.id },
    include: { workspace: true },
    orderBy: { workspace: { name: "asc" } },
  });
  return memberships.map(({ workspace, role }) => ({ workspace, role }));
}

async function findGrants(actor: Actor, where: { id: { in: string[] } } | { slug: string }) {
  if (actor.staffRole === "SUPPORT") {
    const workspaces = await db().workspace.findMany({ where });
    return workspaces.map((workspace) => ({ workspace, role: "SUPPORT" as const }));
  }
  const memberships = await db().membership.findMany({
    where: { userId: actor.id, workspace: where },
    include: { workspace: true },
  });
  return memberships.map(({ workspace, role }) => ({ workspace, role }));
}

function forbidden(workspace: string, permission: Permission): ApiError {
  return new ApiError("forbidden", `You do not have ${permission} permission on workspace ${workspace}.`, {
    workspace,
    permission,
  });
}

function grant(actor: Actor, grants: WorkspaceGrant[], permission: Permission): WorkspaceAccess {
  const scope = { workspaceIds: grants.map((g) => g.workspace.id), permission } as unknown as WorkspaceScope;
  return { actor, grants, scope };
}

/**
 * Checks `permission` on every workspace id given. Unknown and foreign workspaces are refused
 * exactly like permitted-but-insufficient ones (403), so ids cannot be probed.
 */
export async function requireWorkspacePermission(
  actor: Actor,
  workspaceIds: readonly string[],
  permission: Permission,
): Promise<WorkspaceAccess> {
  const unique = [...new Set(workspaceIds)];
  const byId = new Map((await findGrants(actor, { id: { in: unique } })).map((g) => [g.workspace.id, g]));
  const grants: WorkspaceGrant[] = [];
  for (const id of unique) {
    const found = byId.get(id);
    if (!found || !can(found.role, permission)) throw forbidden(id, permission);
    grants.push(found);
  }
  return grant(actor, grants, permission);
}

/** Every workspace the actor holds `permission` on (`?workspaceId=all`); 403 when there is none. */
export async function requireAllPermittedWorkspaces(actor: Actor, permission: Permission): Promise<WorkspaceAccess> {
  const grants = (await listVisibleWorkspaces(actor)).filter((g) => can(g.role, permission));
  if (grants.length === 0) throw forbidden("all", permission);
  return grant(actor, grants, permission);
}

/** The same check for pages, which address a workspace by slug. */
export async function requireWorkspacePermissionBySlug(
  actor: Actor,
  slug: string,
  permission: Permission,
): Promise<WorkspaceAccess> {
  const [found] = await findGrants(actor, { slug });
  if (!found || !can(found.role, permission)) throw forbidden(slug, permission);
  return grant(actor, [found], permission);
}

/** The actor's role on one workspace (by slug), or null if they may not see it at all. */
export async function findWorkspaceGrantBySlug(actor: Actor, slug: string): Promise<WorkspaceGrant | null> {
  const [found] = await findGrants(actor, { slug });
  return found ?? null;
}
