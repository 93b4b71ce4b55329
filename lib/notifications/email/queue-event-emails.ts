// The notification job's e-mail queueing step: each prepared event is looked at once (emailQueuedAt).
// An event worth an e-mail at once (a budget crossing, a high-severity anomaly opening) gets one
// EmailDelivery per recipient the workspace's choices reach; the others wait for the daily digest,
// which reads them back by day. Without SMTP_URL events are marked and nothing is queued, so
// configuring SMTP later does not send a backlog of old alerts.
import "server-only";
import type { AnomalyView } from "@/lib/anomalies/anomaly-response";
import { systemDb } from "@/lib/db";
import { env } from "@/lib/env";
import type { NotificationPayload } from "../event-types";
import { choicesOf, recipientsOf } from "./recipients";

const BATCH = 200;

/** Sent at once rather than only in the digest. */
export function isImmediate(type: string | null, payload: unknown): boolean {
  if (type === "budget.crossed") return true;
  if (type !== "anomaly.opened") return false;
  const anomaly = (payload as NotificationPayload | null)?.data?.anomaly as AnomalyView | undefined;
  return anomaly?.severity === "high";
}

/** Queues the e-mails of up to a batch of prepared events, oldest first; returns how many events it looked at. */
export async function queueEventEmails(now: Date, smtpUrl: string | undefined = env().SMTP_URL): Promise<number> {
  const waiting = await systemDb().notificationEvent.findMany({
    where: { preparedAt: { not: null }, emailQueuedAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: BATCH,
    select: { id: true, workspaceId: true, type: true, payload: true },
  });
  if (waiting.length === 0) return 0;
  const immediate = smtpUrl ? waiting.filter((event) => isImmediate(event.type, event.payload)) : [];
  const recipients = await recipientsByWorkspace([...new Set(immediate.map((event) => event.workspaceId))]);
  const rows = immediate.flatMap((event) =>
    (recipients.get(event.workspaceId) ?? []).map((recipient) => ({
      workspaceId: event.workspaceId,
      eventId: event.id,
      kind: "immediate",
      recipient,
      nextAttemptAt: now,
    })),
  );
  await systemDb().$transaction([
    systemDb().emailDelivery.createMany({ data: rows, skipDuplicates: true }),
    systemDb().notificationEvent.updateMany({
      where: { id: { in: waiting.map(({ id }) => id) }, emailQueuedAt: null },
      data: { emailQueuedAt: now },
    }),
  ]);
  return waiting.length;
}

async function recipientsByWorkspace(workspaceIds: string[]): Promise<Map<string, string[]>> {
  const settings = await systemDb().notificationSettings.findMany({ where: { workspaceId: { in: workspaceIds } } });
  const byId = new Map(settings.map((row) => [row.workspaceId, row]));
  const recipients = new Map<string, string[]>();
  // One at a time: a batch may span many workspaces, and the pool is shared with requests.
  for (const workspaceId of workspaceIds) {
    recipients.set(workspaceId, await recipientsOf(systemDb(), { workspaceId }, choicesOf(byId.get(workspaceId) ?? null)));
  }
  return recipients;
}
