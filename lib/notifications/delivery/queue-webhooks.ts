// Step two of the notification job: each prepared event gets one delivery per enabled endpoint of
// its workspace subscribed to its type, and is marked queued, in one transaction; a second run (or
// a run killed half-way and started again) adds nothing twice (unique endpoint + event). Test
// events are queued by "send test" itself, to the one endpoint asked for.
import "server-only";
import { systemDb } from "@/lib/db";
import { NO_NOTIFICATION, TEST_EVENT } from "../event-types";

const BATCH = 200;

/** Queues up to a batch of prepared events, oldest first; returns how many events. */
export async function queueWebhookDeliveries(now: Date): Promise<number> {
  const events = await systemDb().notificationEvent.findMany({
    where: { webhooksQueuedAt: null, preparedAt: { not: null }, type: { notIn: [NO_NOTIFICATION, TEST_EVENT] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: BATCH,
    select: { id: true, workspaceId: true, type: true },
  });
  if (events.length === 0) return 0;
  const endpoints = await systemDb().webhookEndpoint.findMany({
    where: { workspaceId: { in: [...new Set(events.map((event) => event.workspaceId))] }, disabledAt: null },
    select: { id: true, workspaceId: true, events: true },
  });
  const deliveries = events.flatMap((event) =>
    endpoints
      .filter((endpoint) => endpoint.workspaceId === event.workspaceId && endpoint.events.includes(event.type ?? ""))
      .map((endpoint) => ({
        workspaceId: event.workspaceId,
        endpointId: endpoint.id,
        eventId: event.id,
        createdAt: now,
        nextAttemptAt: now,
      })),
  );
  await systemDb().$transaction([
    systemDb().webhookDelivery.createMany({ data: deliveries, skipDuplicates: true }),
    systemDb().notificationEvent.updateMany({
      where: { id: { in: events.map((event) => event.id) }, webhooksQueuedAt: null },
      data: { webhooksQueuedAt: now },
    }),
  ]);
  return events.length;
}
