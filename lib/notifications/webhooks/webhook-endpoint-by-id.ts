// `/api/billing/webhooks/{id}/…` for the route wrapper: the endpoint's workspace decides access, and
// an endpoint of a workspace the caller cannot see is a 404 like one that does not exist.
import "server-only";
import type { ResourceById } from "@/lib/access/resource-by-id";
import { scopedWhere, type WorkspaceAccess } from "@/lib/access/workspace-access";
import { systemDb, type Prisma } from "@/lib/db";
import type { WebhookEndpoint } from "@/lib/db/generated/client";
import { ApiError } from "@/lib/errors/api-error";

/** The one lookup of an endpoint that is not scoped (system handle): its result goes straight to the access check. */
function unsafeFindWebhookEndpointById(id: string) {
  return systemDb().webhookEndpoint.findUnique({ where: { id } });
}

export const webhookEndpointById: ResourceById<WebhookEndpoint> = {
  param: "id",
  name: "webhook endpoint",
  find: unsafeFindWebhookEndpointById,
  workspaceIds: (endpoint) => [endpoint.workspaceId],
};

/** The endpoint again, inside a change's transaction (scoped): gone since the access check is a 404. */
export async function endpointInTransaction(tx: Prisma.TransactionClient, access: WorkspaceAccess, id: string): Promise<WebhookEndpoint> {
  const row = await tx.webhookEndpoint.findFirst({ where: { ...scopedWhere(access.scope), id } });
  if (!row) throw new ApiError("not_found", `No webhook endpoint ${id}.`);
  return row;
}
