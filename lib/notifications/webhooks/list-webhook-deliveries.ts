// GET /api/billing/webhooks/{id}/deliveries: every attempt to deliver to the endpoint, newest
// first, a page at a time, and what is still waiting to be sent or retried; audited as
// billing.webhook.deliveries_viewed.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere } from "@/lib/access/workspace-access";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import type { WebhookEndpoint } from "@/lib/db/generated/client";
import { encodeTimeCursor } from "@/lib/query/time-cursor";
import { NO_NOTIFICATION } from "../event-types";
import { endpointLabel } from "./webhook-endpoint-view";
import type { WebhookDeliveriesQuery } from "./webhook-input";
import type { WebhookDeliveries } from "./webhook-response";

/** Pending deliveries shown: an endpoint that is down may pile up many; the soonest are enough to see it. */
const PENDING_SHOWN = 100;

export async function listWebhookDeliveries({
  ctx: { access, request },
  input: { endpoint, limit, cursor },
}: DomainCall<WorkspaceContext, WebhookDeliveriesQuery & { endpoint: WebhookEndpoint }>): Promise<WebhookDeliveries> {
  const scoped = { ...scopedWhere(access.scope), endpointId: endpoint.id };
  const [rows, pending] = await Promise.all([
    db().webhookAttempt.findMany({
      where: { ...scoped, ...(cursor && { OR: [{ at: { lt: cursor.at } }, { at: cursor.at, id: { lt: cursor.id } }] }) },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: limit + 1,
    }),
    db().webhookDelivery.findMany({
      where: { ...scoped, status: "pending" },
      include: { event: { select: { type: true } } },
      orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
      take: PENDING_SHOWN,
    }),
  ]);
  const attempts = rows.slice(0, limit);
  const last = attempts.at(-1);
  await auditRequest(
    access,
    "billing.webhook.deliveries_viewed",
    { ...endpointLabel(endpoint), cursor: cursor ? "next page" : null },
    request,
  );
  return {
    attempts: attempts.map((attempt) => ({
      id: attempt.id,
      deliveryId: attempt.deliveryId,
      eventId: attempt.eventId,
      type: attempt.type,
      at: attempt.at.toISOString(),
      httpStatus: attempt.httpStatus,
      error: attempt.error,
      durationMs: attempt.durationMs,
      outcome: attempt.httpStatus !== null && attempt.httpStatus >= 200 && attempt.httpStatus < 300 ? "succeeded" : "failed",
    })),
    pending: pending.map((delivery) => ({
      deliveryId: delivery.id,
      eventId: delivery.eventId,
      type: delivery.event.type ?? NO_NOTIFICATION,
      attempts: delivery.attempts,
      nextAttemptAt: delivery.nextAttemptAt.toISOString(),
    })),
    nextCursor: rows.length > limit && last ? encodeTimeCursor(last.at, last.id) : null,
  };
}
