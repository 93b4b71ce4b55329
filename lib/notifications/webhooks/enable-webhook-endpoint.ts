// POST /api/billing/webhooks/{id}/enable: deliveries start again for an endpoint the sender
// disabled after it kept failing (or that was never disabled: then nothing changes). Audited,
// with why it had been disabled.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere } from "@/lib/access/workspace-access";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import type { WebhookEndpoint } from "@/lib/db/generated/client";
import { endpointInTransaction } from "./webhook-endpoint-by-id";
import { endpointLabel, webhookEndpointView } from "./webhook-endpoint-view";
import type { WebhookEndpointView } from "./webhook-response";

export async function enableWebhookEndpoint({
  ctx: { access, request },
  input: { endpoint, now = new Date() },
}: DomainCall<WorkspaceContext, { endpoint: WebhookEndpoint; now?: Date }>): Promise<WebhookEndpointView> {
  const enabled = await db().$transaction(async (tx) => {
    const before = await endpointInTransaction(tx, access, endpoint.id);
    if (before.disabledAt === null) {
      await auditRequest(access, "billing.webhook.enabled", endpointLabel(before), request, {
        metadata: { wasDisabled: false },
        client: tx,
      });
      return before;
    }
    const data = { disabledAt: null, disabledReason: null, updatedAt: now };
    await tx.webhookEndpoint.updateMany({ where: { ...scopedWhere(access.scope), id: endpoint.id }, data });
    await auditRequest(access, "billing.webhook.enabled", endpointLabel(before), request, {
      metadata: { wasDisabled: true, disabledAt: before.disabledAt.toISOString(), disabledReason: before.disabledReason },
      client: tx,
    });
    return { ...before, ...data };
  });
  return webhookEndpointView(enabled, now);
}
