// DELETE /api/billing/webhooks/{id}: the endpoint goes, with its pending deliveries and their
// attempts (the schema cascades); audited in the same transaction.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere } from "@/lib/access/workspace-access";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import type { WebhookEndpoint } from "@/lib/db/generated/client";
import { ApiError } from "@/lib/errors/api-error";
import { endpointLabel } from "./webhook-endpoint-view";

export async function deleteWebhookEndpoint({
  ctx: { access, request },
  input: { endpoint },
}: DomainCall<WorkspaceContext, { endpoint: WebhookEndpoint }>): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { ...scopedWhere(access.scope), id: endpoint.id } });
    if (count === 0) throw new ApiError("not_found", `No webhook endpoint ${endpoint.id}.`);
    await auditRequest(access, "billing.webhook.deleted", { ...endpointLabel(endpoint), events: endpoint.events }, request, { client: tx });
  });
}
