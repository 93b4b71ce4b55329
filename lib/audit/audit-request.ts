import "server-only";
import type { WorkspaceAccess } from "@/lib/access/workspace-access";
import type { RequestContext } from "@/lib/access/domain-context";
import type { Prisma } from "@/lib/db";
import { recordAuditEvents, type AuditAction } from "./record-audit-event";

type Client = Parameters<typeof recordAuditEvents>[1];

/**
 * Exactly one audit row per request (a read, an export or a change such as a budget or a triage),
 * naming every workspace it concerned, written before the response completes: a request that
 * succeeded always leaves its trace. The actor's role is kept, so support staff's looks stand out.
 */
export async function auditRequest(
  access: WorkspaceAccess,
  action: AuditAction,
  target: Prisma.InputJsonObject,
  context: RequestContext,
  { metadata = {}, client }: { metadata?: Prisma.InputJsonObject; client?: Client } = {},
): Promise<void> {
  const [first] = access.grants;
  await recordAuditEvents(
    [
      {
        actor: access.actor,
        workspaceId: first?.workspace.id ?? null,
        workspaceIds: access.scope.workspaceIds,
        scopeKey: access.scope.key,
        action,
        target,
        context,
        metadata: { role: first?.role ?? null, ...metadata },
      },
    ],
    client,
  );
}
