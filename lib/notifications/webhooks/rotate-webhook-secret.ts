// POST /api/billing/webhooks/{id}/rotate-secret: a new signing secret, shown in this answer only.
// The one it replaces keeps signing beside it for PREVIOUS_SECRET_HOURS (the sender puts both
// signatures in webhook-signature), so a receiver can switch without losing a delivery.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere } from "@/lib/access/workspace-access";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import type { WebhookEndpoint } from "@/lib/db/generated/client";
import { ApiError } from "@/lib/errors/api-error";
import { newSigningSecret, sealSecret } from "../secret-box";
import { endpointInTransaction } from "./webhook-endpoint-by-id";
import { endpointLabel, webhookEndpointView } from "./webhook-endpoint-view";
import type { WebhookEndpointWithSecret } from "./webhook-response";

export const PREVIOUS_SECRET_HOURS = 24;

export async function rotateWebhookSecret({
  ctx: { access, request },
  input: { endpoint, now = new Date() },
}: DomainCall<WorkspaceContext, { endpoint: WebhookEndpoint; now?: Date }>): Promise<WebhookEndpointWithSecret> {
  const secret = newSigningSecret();
  const previousSecretExpiresAt = new Date(now.getTime() + PREVIOUS_SECRET_HOURS * 3_600_000);
  const rotated = await db().$transaction(async (tx) => {
    const before = await endpointInTransaction(tx, access, endpoint.id);
    // Conditional on the secret read: of two rotations at once, the second would otherwise keep
    // the first's new secret as "previous" and drop the one receivers still hold.
    const data = { secretCiphertext: sealSecret(secret), previousSecretCiphertext: before.secretCiphertext, previousSecretExpiresAt };
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { ...scopedWhere(access.scope), id: endpoint.id, secretCiphertext: before.secretCiphertext },
      data: { ...data, updatedAt: now },
    });
    if (count === 0) throw new ApiError("conflict", "The secret was rotated by another request at the same moment; try again.");
    await auditRequest(access, "billing.webhook.secret_rotated", endpointLabel(before), request, {
      metadata: { previousSecretExpiresAt: previousSecretExpiresAt.toISOString() },
      client: tx,
    });
    return { ...before, ...data, updatedAt: now };
  });
  return { ...webhookEndpointView(rotated, now), secret };
}
