// The page side of the access helper: what `withWorkspace` is to a route handler. The page gets
// the signed-in actor (or a redirect to sign-in), then the workspace of its slug with the checked
// access, or the reason it may not show it, which it explains instead of answering 403. A page of a
// feature whose flag hides the workspace from its members is "not found" to them (docs/rollout.md).
import "server-only";
import { notFound } from "next/navigation";
import { hiddenFromMemberBySlug } from "@/lib/rollout/feature-access";
import type { FlagKey } from "@/lib/rollout/flags";
import type { Actor } from "./actor";
import { requirePageActor } from "./page-actor";
import type { Permission } from "./permissions";
import {
  findWorkspaceGrantBySlug,
  workspaceAccessBySlug,
  type SlugDenial,
  type WorkspaceAccess,
  type WorkspaceGrant,
} from "./workspace-access";

export type PageWorkspace<A> =
  { ok: true; actor: Actor; grant: WorkspaceGrant; access: A } | { ok: false; actor: Actor; reason: SlugDenial };

/** With a permission: the workspace and the checked access for the page's domain calls. */
export async function requirePageWorkspace(
  slug: string,
  permission: Permission,
  feature?: FlagKey,
): Promise<PageWorkspace<WorkspaceAccess>>;
/** Without one: any role on the workspace will do (its overview page). */
export async function requirePageWorkspace(slug: string): Promise<PageWorkspace<null>>;
export async function requirePageWorkspace(
  slug: string,
  permission?: Permission,
  feature?: FlagKey,
): Promise<PageWorkspace<WorkspaceAccess | null>> {
  const actor = await requirePageActor();
  if (feature && (await hiddenFromMemberBySlug(actor, feature, slug))) notFound();
  if (!permission) {
    const grant = await findWorkspaceGrantBySlug(actor, slug);
    return grant ? { ok: true, actor, grant, access: null } : { ok: false, actor, reason: "not-member" };
  }
  const found = await workspaceAccessBySlug(actor, slug, permission);
  return found.ok ? { ...found, actor } : { ok: false, actor, reason: found.reason };
}
