import type { WorkspaceAccess } from "@/lib/access/workspace-access";
import type { RequestContext } from "@/lib/api/request-context";
import type { Prisma } from "@/lib/db";
import { recordAuditEvents, type AuditAction } from "./record-audit-event";

/**
 * One audit row per workspace read, written before the response is sent: a read that
 * succeeded always leaves its trace. The actor's role is kept, so support staff's looks stand out.
 */
export async function recordLooks(
  access: WorkspaceAccess,
  action: AuditAction,
  target: Prisma.InputJsonObject | ((workspaceId: string) => Prisma.InputJsonObject),
  context: RequestContext,
): Promise<void> {
  await recordAuditEvents(
    access.grants.map(({ workspace, role }) => ({
      actor: access.actor,
      workspaceId: workspace.id,
      action,
      target: typeof target === "function" ? target(workspace.id) : target,
      context,
      metadata: { role },
    })),
  );
}
