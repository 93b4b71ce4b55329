import type { Actor } from "@/lib/access/actor";
import { permissionsOf, type Permission, type WorkspaceRole } from "@/lib/access/permissions";
import { listVisibleWorkspaces } from "@/lib/access/workspace-access";

export interface WorkspaceSummary {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  billingAnchorDay: number;
  role: WorkspaceRole;
  permissions: Permission[];
}

export async function listWorkspaces(actor: Actor): Promise<WorkspaceSummary[]> {
  const grants = await listVisibleWorkspaces(actor);
  return grants.map(({ workspace, role }) => ({
    id: workspace.id,
    slug: workspace.slug,
    name: workspace.name,
    timeZone: workspace.timeZone,
    currency: workspace.currency,
    billingAnchorDay: workspace.billingAnchorDay,
    role,
    permissions: permissionsOf(role),
  }));
}
