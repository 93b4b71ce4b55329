// POST /api/billing/webhooks/{id}/test: a webhook.test event for this endpoint only, queued in one
// transaction with its delivery (already prepared, so the notification job sends it on its next
// tick) and the audit row. A disabled endpoint sends nothing: it must be enabled first.
import "server-only";
import { randomBytes } from "node:crypto";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import type { WebhookEndpoint } from "@/lib/db/generated/client";
import { ApiError } from "@/lib/errors/api-error";
import { TEST_EVENT, type NotificationPayload } from "../event-types";
import { endpointInTransaction } from "./webhook-endpoint-by-id";
import { endpointLabel } from "./webhook-endpoint-view";

/** An event id as the outbox trigger writes them: "msg_" and 32 hex digits. */
export const newEventId = () => `msg_${randomBytes(16).toString("hex")}`;

export async function testWebhookEndpoint({
  ctx: { access, request },
  input: { endpoint, now = new Date() },
}: DomainCall<WorkspaceContext, { endpoint: WebhookEndpoint; now?: Date }>): Promise<{ eventId: string; deliveryId: string }> {
  return db().$transaction(async (tx) => {
    const current = await endpointInTransaction(tx, access, endpoint.id);
    if (current.disabledAt !== null) {
      throw new ApiError(
        "conflict",
        `Webhook endpoint ${endpoint.id} is disabled (${current.disabledReason ?? "no reason given"}); enable it first (POST /api/billing/webhooks/${endpoint.id}/enable).`,
        { disabledAt: current.disabledAt.toISOString() },
      );
    }
    const payload: NotificationPayload = {
      type: TEST_EVENT,
      timestamp: now.toISOString(),
      workspaceId: current.workspaceId,
      data: { endpointId: current.id, message: "A test event, sent on request from the billing dashboard." },
    };
    const event = await tx.notificationEvent.create({
      data: {
        id: newEventId(),
        workspaceId: current.workspaceId,
        changeId: null,
        type: TEST_EVENT,
        payload: payload as object,
        createdAt: now,
        preparedAt: now,
        // Queued by hand for this one endpoint: no channel's queueing step may add more deliveries.
        webhooksQueuedAt: now,
        emailQueuedAt: now,
      },
    });
    const delivery = await tx.webhookDelivery.create({
      data: { workspaceId: current.workspaceId, endpointId: current.id, eventId: event.id, status: "pending", nextAttemptAt: now },
    });
    await auditRequest(access, "billing.webhook.tested", { ...endpointLabel(current), eventId: event.id }, request, { client: tx });
    return { eventId: event.id, deliveryId: delivery.id };
  });
}
