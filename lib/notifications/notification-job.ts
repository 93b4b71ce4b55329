// The notification job: every 2 s, under the job lock (one process at a time), turns new outbox
// rows into events, queues each channel's deliveries and attempts the ones that are due. An event
// is marked delivered only after the attempt's outcome is stored: a process killed mid-delivery
// leaves it pending, and the next run sends it again under the same id (docs/notifications.md).
import "server-only";
import type { Job } from "@/lib/jobs/job";
import { queueWebhookDeliveries } from "./delivery/queue-webhooks";
import { sendDueWebhooks } from "./delivery/send-webhooks";
import { prepareEvents } from "./prepare-events";
import { queueDigests } from "./email/queue-digests";
import { queueEventEmails } from "./email/queue-event-emails";
import { sendDueEmails } from "./email/send-emails";

export interface NotificationStep {
  name: string;
  run(now: Date, signal: AbortSignal): Promise<number>;
}

/** In order: prepare, then each channel's queueing and sending. */
export const notificationSteps: NotificationStep[] = [
  { name: "prepared", run: (now) => prepareEvents(now) },
  { name: "webhooksQueued", run: (now) => queueWebhookDeliveries(now) },
  { name: "webhooksAttempted", run: (now, signal) => sendDueWebhooks({ now, signal }) },
  // E-mail: each event's immediate e-mails, the digests of days just ended, then what is due.
  { name: "emailsQueued", run: (now) => queueEventEmails(now) },
  { name: "digestsQueued", run: (now) => queueDigests(now) },
  { name: "emailsSent", run: (now, signal) => sendDueEmails(now, signal) },
];

export async function runNotificationSteps(signal: AbortSignal, now: () => Date = () => new Date()): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  for (const step of notificationSteps) {
    if (signal.aborted) break;
    done[step.name] = await step.run(now(), signal);
  }
  return done;
}

export const notificationJob: Job = {
  name: "notifications",
  every: 2_000,
  run: (signal) => runNotificationSteps(signal),
};
