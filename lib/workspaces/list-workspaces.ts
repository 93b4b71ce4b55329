import "server-only";
import type { ActorContext, DomainCall } from "@/lib/access/domain-context";
import { permissionsOf } from "@/lib/access/permissions";
import { listVisibleWithBilling } from "@/lib/access/check-access";
import type { WorkspaceGrant } from "@/lib/access/workspace-access";
import type { WorkspaceSummary, WorkspacesResponse } from "./workspace-response";
import { matchWorkspaces, type WorkspacesQuery } from "./workspace-search";

export type { WorkspaceSummary };

/** `hidden`: the workspaces whose billing dashboard is not released to the caller (lib/rollout). */
export function workspaceSummary({ workspace, role }: WorkspaceGrant, hidden: ReadonlySet<string>): WorkspaceSummary {
  return {
    id: workspace.id,
    slug: workspace.slug,
    name: workspace.name,
    timeZone: workspace.timeZone,
    currency: workspace.currency,
    billingAnchorDay: workspace.billingAnchorDay,
    role,
    permissions: permissionsOf(role),
    billingDashboard: !hidden.has(workspace.id),
  };
}

/**
 * GET /api/workspaces: the actor's visible workspaces narrowed by `query`. With a `limit` the
 * answer also carries `total`, the number of matches.
 */
export async function findWorkspaces({ ctx, input: query }: DomainCall<ActorContext, WorkspacesQuery>): Promise<WorkspacesResponse> {
  const { grants, hidden } = await listVisibleWithBilling(ctx.actor);
  const { matches, total } = matchWorkspaces(grants, query, hidden);
  const workspaces = matches.map((grant) => workspaceSummary(grant, hidden));
  return query.limit === undefined ? { workspaces } : { workspaces, total };
}
