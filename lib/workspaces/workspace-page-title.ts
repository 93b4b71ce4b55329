// Page titles name the workspace (tabs and history tell several apart), but only to someone who
// may see it: a guessed slug's title gives nothing away.
import "server-only";
import { currentActor } from "@/lib/access/actor";
import { listVisibleWithBilling } from "@/lib/access/check-access";
import { findWorkspaceGrantBySlug } from "@/lib/access/workspace-access";
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
  const { usageViewable } = await listVisibleWithBilling(actor);
  const names = usageViewable.filter((g) => asked.has(g.workspace.slug)).map((g) => g.workspace.name);
  return `Usage · ${viewName(names.length > 1 ? names : [grant.workspace.name])}`;
}
