// The page side of the access helper: what `withWorkspace` is to a route handler. The page gets
// the signed-in actor (or a redirect to sign-in), then the workspace of its slug with the checked
// access (checkAccess), or the reason it may not show it, which it explains instead of answering
// 403. A page of a feature whose flag hides the workspace from its members is "not found" to them
// (docs/rollout.md).
import "server-only";
import { notFound } from "next/navigation";
import type { Actor } from "./actor";
import { AccessRefused, checkAccess, type PermissionAsked } from "./check-access";
import { requirePageActor } from "./page-actor";
import { findWorkspaceGrantBySlug, type SlugDenial, type WorkspaceAccess, type WorkspaceGrant } from "./workspace-access";

export type PageWorkspace<A> =
  { ok: true; actor: Actor; grant: WorkspaceGrant; access: A } | { ok: false; actor: Actor; reason: SlugDenial };

/** With a permission (and, for billing data, its feature): the workspace and the checked access for the page's domain calls. */
export async function requirePageWorkspace(slug: string, asked: PermissionAsked): Promise<PageWorkspace<WorkspaceAccess>>;
/** Without one: any role on the workspace will do (its overview page). */
export async function requirePageWorkspace(slug: string): Promise<PageWorkspace<null>>;
export async function requirePageWorkspace(slug: string, asked?: PermissionAsked): Promise<PageWorkspace<WorkspaceAccess | null>> {
  const actor = await requirePageActor();
  if (!asked) {
    const grant = await findWorkspaceGrantBySlug(actor, slug);
    return grant ? { ok: true, actor, grant, access: null } : { ok: false, actor, reason: "not-member" };
  }
  try {
    const access = await checkAccess({ actor, workspaces: { slug }, ...asked });
    return { ok: true, actor, grant: access.grants[0]!, access };
  } catch (error) {
    if (!(error instanceof AccessRefused)) throw error;
    if (error.reason === "hidden") notFound();
    return { ok: false, actor, reason: error.reason };
  }
}
