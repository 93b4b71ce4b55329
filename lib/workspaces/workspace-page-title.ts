// Page titles name the workspace (tabs and history tell several apart), but only to someone who
// may see it: a guessed slug's title gives nothing away.
import "server-only";
import { currentActor } from "@/lib/access/actor";
import { findWorkspaceGrantBySlug } from "@/lib/access/workspace-access";

export async function workspacePageTitle(slug: string, page: string): Promise<string> {
  const actor = await currentActor();
  const grant = actor ? await findWorkspaceGrantBySlug(actor, slug) : null;
  return grant ? `${page} · ${grant.workspace.name}` : page;
}
