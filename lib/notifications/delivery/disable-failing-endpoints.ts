// An endpoint that has answered nothing but failures for five days is switched off: its
// deliveries would only pile up, and its owners see why on the webhooks page (disabledReason).
// The clock starts at the first failure after both its last success and its last change (an edit,
// a rotation, re-enabling it), so an endpoint someone has just fixed gets five days again.
import "server-only";
import { Prisma, systemDatabase, systemDb } from "@/lib/db";
import { record } from "@/lib/observability/metrics";

export const DISABLE_AFTER_MS = 5 * 24 * 60 * 60 * 1000;

interface Failing {
  endpointId: string;
  since: Date;
  lastError: string | null;
  lastStatus: number | null;
}

/** Disables those of `endpointIds` failing for five days or more at `now`; returns how many. */
export async function disableFailingEndpoints(endpointIds: readonly string[], now: Date): Promise<number> {
  if (endpointIds.length === 0) return 0;
  const cutoff = new Date(now.getTime() - DISABLE_AFTER_MS);
  // Across workspaces by design (the job's own bookkeeping): the system handle.
  const failing = await systemDatabase().query<Failing>(Prisma.sql`
    SELECT e.id AS "endpointId", f.since, l.error AS "lastError", l."httpStatus" AS "lastStatus"
      FROM "WebhookEndpoint" e
      CROSS JOIN LATERAL (
        SELECT max(a.at) AS at FROM "WebhookAttempt" a
         WHERE a."endpointId" = e.id AND a."httpStatus" BETWEEN 200 AND 299 AND a.error IS NULL) s
      CROSS JOIN LATERAL (
        SELECT min(a.at) AS since FROM "WebhookAttempt" a
         WHERE a."endpointId" = e.id AND a.at > GREATEST(s.at, e."updatedAt")) f
      CROSS JOIN LATERAL (
        SELECT a.error, a."httpStatus" FROM "WebhookAttempt" a
         WHERE a."endpointId" = e.id ORDER BY a.at DESC, a.id DESC LIMIT 1) l
     WHERE e.id IN (${Prisma.join(endpointIds)}) AND e."disabledAt" IS NULL AND f.since <= ${cutoff}`);
  for (const endpoint of failing) {
    const reason = `failing since ${new Date(endpoint.since).toISOString()}: ${endpoint.lastError ?? `HTTP ${endpoint.lastStatus}`}`;
    const [, given] = await systemDb().$transaction([
      systemDb().webhookEndpoint.updateMany({
        where: { id: endpoint.endpointId, disabledAt: null },
        data: { disabledAt: now, disabledReason: reason, updatedAt: now },
      }),
      systemDb().webhookDelivery.updateMany({
        where: { endpointId: endpoint.endpointId, status: "pending" },
        data: { status: "failed", completedAt: now },
      }),
    ]);
    for (let i = 0; i < given.count; i++) record.notificationDelivery("webhook", "failed");
  }
  return failing.length;
}
