// Page titles name the workspace (tabs and history tell several apart), but only to someone who
// may see it: a guessed slug's title gives nothing away.
import "server-only";
import { currentActor } from "@/lib/access/actor";
import { can } from "@/lib/access/permissions";
import { findWorkspaceGrantBySlug, listVisibleWorkspaces } from "@/lib/access/workspace-access";
import { hiddenWorkspaceIds } from "@/lib/rollout/feature-access";
import { viewName } from "./view-name";

export async function workspacePageTitle(slug: string, page: string): Promise<string> {
  const actor = await currentActor();
  const grant = actor ? await findWorkspaceGrantBySlug(actor, slug) : null;
  return grant ? `${page} · ${grant.workspace.name}` : page;
}

/**
 * The usage page's title: its workspace, or how many workspaces it combines when the URL's
 * `workspaces` names several the viewer may see there (as the page itself counts them).
 */
export async function usagePageTitle(slug: string, workspaces: string | string[] | undefined): Promise<string> {
  const actor = await currentActor();
  const grant = actor ? await findWorkspaceGrantBySlug(actor, slug) : null;
  if (!actor || !grant) return "Usage";
  const asked = new Set([slug, ...[workspaces ?? []].flat().flatMap((text) => text.split(",").map((s) => s.trim()))]);
  const visible = (await listVisibleWorkspaces(actor)).filter((g) => can(g.role, "usage:view") && asked.has(g.workspace.slug));
  const hidden = await hiddenWorkspaceIds(
    actor,
    "billing-dashboard",
    visible.map((g) => g.workspace.id),
  );
  const names = visible.filter((g) => !hidden.has(g.workspace.id)).map((g) => g.workspace.name);
  return `Usage · ${viewName(names.length > 1 ? names : [grant.workspace.name])}`;
}
