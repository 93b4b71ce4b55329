// The notification job's sending step: each pending e-mail that is due goes out through SMTP, one at
// a time, and its row is updated only once the outcome is known. A process killed in between leaves
// it pending, and the next run sends it again under the same Message-ID (derived from the event, or
// the digest's day, and the recipient), which mail clients use to show a repeat once. A failure is
// tried again after 1 min, 5 min, 30 min, 2 h, 6 h and 12 h, then given up; a 5xx reply is final
// at once (docs/decisions/0101-notification-email.md).
import "server-only";
import { createHash } from "node:crypto";
import { systemDb } from "@/lib/db";
import type { EmailDelivery, NotificationEvent, Workspace } from "@/lib/db/generated/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/observability/logger";
import { record } from "@/lib/observability/metrics";
import { addDays, formatCalendarDate, startOfDayIn } from "@/lib/periods/calendar-date";
import type { NotificationPayload } from "../event-types";
import { digestEmail, immediateEmail, type AreaNames, type ComposedEmail, type DigestItem } from "./compose-email";
import { DIGEST_EVENTS } from "./queue-digests";
import { failureText, isPermanentFailure, isServerFailure, smtpFromEnv, transporterFor, type SmtpSettings } from "./smtp";

/** The wait after each failed attempt; after the last, the e-mail is given up. */
export const RETRY_DELAYS_MS = [1, 5, 30, 120, 360, 720].map((minutes) => minutes * 60_000);

const BATCH = 50;

type Due = EmailDelivery & { event: NotificationEvent | null };

interface Facts {
  workspaces: ReadonlyMap<string, Workspace>;
  areas: AreaNames;
}

/** Sends up to a batch of due e-mails, oldest due first; returns how many were attempted. Nothing without SMTP_URL. */
export async function sendDueEmails(now: Date, signal?: AbortSignal, smtp: SmtpSettings = smtpFromEnv()): Promise<number> {
  if (!smtp.url) return 0;
  const due = await systemDb().emailDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now } },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: BATCH,
    include: { event: true },
  });
  if (due.length === 0) return 0;
  const facts = await factsFor(due);
  let attempted = 0;
  for (const delivery of due) {
    if (signal?.aborted) break;
    const failure = await attempt(delivery, facts, smtp, now);
    attempted++;
    // An unreachable server ends the batch: the job holds its lock while each attempt times out.
    if (failure && isServerFailure(failure.error)) break;
  }
  return attempted;
}

async function factsFor(due: readonly Due[]): Promise<Facts> {
  const workspaces = await systemDb().workspace.findMany({ where: { id: { in: [...new Set(due.map((d) => d.workspaceId))] } } });
  const areas = await systemDb().productArea.findMany({ select: { key: true, displayName: true, unit: true } });
  return { workspaces: new Map(workspaces.map((w) => [w.id, w])), areas: new Map(areas.map((a) => [a.key, a])) };
}

interface Failure {
  error: unknown;
  permanent: boolean;
}

async function attempt(delivery: Due, facts: Facts, smtp: SmtpSettings, now: Date): Promise<Failure | null> {
  let failure: Failure | null = null;
  try {
    const email = await compose(delivery, facts);
    if (typeof email === "string") {
      failure = { error: new Error(email), permanent: true };
    } else {
      await transporterFor(smtp.url!).sendMail({
        from: smtp.from,
        to: delivery.recipient,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: messageIdOf(delivery),
      });
    }
  } catch (error) {
    failure = { error, permanent: isPermanentFailure(error) };
  }
  await settle(delivery, failure, now);
  return failure;
}

/** The outcome, stored in one statement once it is known. */
async function settle(delivery: Due, failure: Failure | null, now: Date): Promise<void> {
  const attempts = delivery.attempts + 1;
  const where = { id: delivery.id, status: "pending" };
  if (!failure) {
    await systemDb().emailDelivery.updateMany({ where, data: { status: "sent", attempts, sentAt: now, lastError: null } });
    record.notificationDelivery("email", "succeeded");
    return;
  }
  const lastError = failureText(failure.error);
  const delay = failure.permanent ? undefined : RETRY_DELAYS_MS[attempts - 1];
  if (delay === undefined) {
    await systemDb().emailDelivery.updateMany({ where, data: { status: "failed", attempts, lastError } });
    record.notificationDelivery("email", "failed");
  } else {
    await systemDb().emailDelivery.updateMany({ where, data: { attempts, lastError, nextAttemptAt: new Date(now.getTime() + delay) } });
    record.notificationDelivery("email", "retry");
  }
  logger().warn(
    {
      component: "notifications",
      deliveryId: delivery.id,
      workspaceId: delivery.workspaceId,
      attempts,
      permanent: failure.permanent,
      error: lastError,
    },
    delay === undefined ? "notification e-mail given up" : "notification e-mail failed; will retry",
  );
}

/** The e-mail, or why there is none to send. */
async function compose(delivery: Due, facts: Facts): Promise<ComposedEmail | string> {
  const workspace = facts.workspaces.get(delivery.workspaceId);
  if (!workspace) return "the workspace no longer exists";
  if (delivery.kind === "digest") {
    if (!delivery.digestDay) return "a digest without a day";
    const day = formatCalendarDate(delivery.digestDay);
    const items = await digestItems(delivery, workspace, day);
    return items.length > 0 ? digestEmail(day, items, workspace, facts.areas) : "no alert of that day is left";
  }
  const payload = delivery.event?.payload as NotificationPayload | null | undefined;
  if (!payload) return "the event has no body";
  return immediateEmail(payload, workspace, facts.areas);
}

/** The day's alerts, oldest first, each marked when this recipient had it e-mailed at once. */
async function digestItems(delivery: Due, workspace: Workspace, day: string): Promise<DigestItem[]> {
  const events = await systemDb().notificationEvent.findMany({
    where: {
      workspaceId: workspace.id,
      type: { in: [...DIGEST_EVENTS] },
      createdAt: { gte: startOfDayIn(day, workspace.timeZone), lt: startOfDayIn(addDays(day, 1), workspace.timeZone) },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const atOnce = await systemDb().emailDelivery.findMany({
    where: { workspaceId: workspace.id, kind: "immediate", recipient: delivery.recipient, eventId: { in: events.map((e) => e.id) } },
    select: { eventId: true },
  });
  const sent = new Set(atOnce.map(({ eventId }) => eventId));
  return events.flatMap((event) =>
    event.payload ? [{ payload: event.payload as unknown as NotificationPayload, sentAtOnce: sent.has(event.id) }] : [],
  );
}

/**
 * Stable across retries: the event (or the digest's workspace and day) and a digest of the
 * recipient, so the address itself is not in the header of every copy.
 */
export function messageIdOf(delivery: Pick<EmailDelivery, "eventId" | "workspaceId" | "digestDay" | "recipient">): string {
  const recipient = createHash("sha256").update(delivery.recipient.toLowerCase()).digest("hex").slice(0, 16);
  const subject =
    delivery.eventId ?? `digest.${delivery.workspaceId}.${delivery.digestDay ? formatCalendarDate(delivery.digestDay) : "none"}`;
  return `<${subject.replace(/[^A-Za-z0-9_.-]/g, "-")}.${recipient}@${messageIdDomain()}>`;
}

function messageIdDomain(): string {
  const url = env().NEXTAUTH_URL;
  return url ? new URL(url).hostname : "billing.localhost";
}
