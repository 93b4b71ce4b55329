import type { ActorContext, DomainCall } from "@/lib/access/domain-context";
import { permissionsOf, type Permission, type WorkspaceRole } from "@/lib/access/permissions";
import { listVisibleWorkspaces, type WorkspaceGrant } from "@/lib/access/workspace-access";
import { matchWorkspaces, type WorkspacesQuery } from "./workspace-search";

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

export function workspaceSummary({ workspace, role }: WorkspaceGrant): WorkspaceSummary {
  return {
    id: workspace.id,
    slug: workspace.slug,
    name: workspace.name,
    timeZone: workspace.timeZone,
    currency: workspace.currency,
    billingAnchorDay: workspace.billingAnchorDay,
    role,
    permissions: permissionsOf(role),
  };
}

/**
 * GET /api/workspaces: the actor's visible workspaces narrowed by `query`. With a `limit` the
 * answer also carries `total`, the number of matches.
 */
export async function findWorkspaces({ ctx, input: query }: DomainCall<ActorContext, WorkspacesQuery>): Promise<{ workspaces: WorkspaceSummary[]; total?: number }> {
  const { matches, total } = matchWorkspaces(await listVisibleWorkspaces(ctx.actor), query);
  const workspaces = matches.map(workspaceSummary);
  return query.limit === undefined ? { workspaces } : { workspaces, total };
}
