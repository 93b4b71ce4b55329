// Step three of the notification job: the deliveries that are due, most overdue first, a batch at a
// time and a few at once. Each attempt POSTs the event's stored body under its id, signed with
// the endpoint's secret (and the previous one during a rotation). The attempt is stored, and the
// delivery moved on, in one transaction after the answer: a process killed in between leaves the
// delivery due, and the next run sends the same id and bytes again (at least once; decision 0100).
import "server-only";
import { performance } from "node:perf_hooks";
import { systemDb } from "@/lib/db";
import type { WebhookEndpoint } from "@/lib/db/generated/client";
import { record } from "@/lib/observability/metrics";
import { openSecret } from "../secret-box";
import { urlPolicyFromEnv, type UrlPolicy } from "../url-safety";
import { disableFailingEndpoints } from "./disable-failing-endpoints";
import { postWebhook, type PostOutcome } from "./post-webhook";
import { nextAttemptAt } from "./retry-schedule";
import { signatureHeader } from "./sign-webhook";

export const USER_AGENT = "billing-dashboard-webhooks/1.0";

export interface SendOptions {
  now: Date;
  signal?: AbortSignal;
  /** Where requests may go (default: the environment's, url-safety.ts). */
  policy?: UrlPolicy;
  /** The deadline of one attempt, connection to last byte read. */
  timeoutMs?: number;
  batch?: number;
  parallel?: number;
}

async function dueDeliveries(now: Date, batch: number) {
  // Across workspaces by design (the job's queue): the system handle.
  return systemDb().webhookDelivery.findMany({
    where: { status: "pending", nextAttemptAt: { lte: now }, endpoint: { disabledAt: null } },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: batch,
    include: { endpoint: true, event: { select: { id: true, type: true, payload: true } } },
  });
}

type DueDelivery = Awaited<ReturnType<typeof dueDeliveries>>[number];

/** Attempts up to a batch of due deliveries; returns how many were attempted. */
export async function sendDueWebhooks({
  now,
  signal,
  policy = urlPolicyFromEnv(),
  timeoutMs = 5_000,
  batch = 64,
  parallel = 8,
}: SendOptions) {
  const queue = await dueDeliveries(now, batch);
  // Attempts are stamped on the step's clock (`now` plus the time spent since), so a pinned `now` pins them.
  const started = performance.now();
  const clock = () => new Date(now.getTime() + Math.round(performance.now() - started));
  const failedEndpoints = new Set<string>();
  let attempted = 0;
  const worker = async () => {
    for (let next = queue.shift(); next && !signal?.aborted; next = queue.shift()) {
      if (!(await deliver(next, clock, policy, timeoutMs))) failedEndpoints.add(next.endpointId);
      attempted++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
  await disableFailingEndpoints([...failedEndpoints], clock());
  return attempted;
}

/** One attempt, stored with the delivery's new state; true when the endpoint took it. */
async function deliver(delivery: DueDelivery, clock: () => Date, policy: UrlPolicy, timeoutMs: number): Promise<boolean> {
  const at = clock();
  const outcome = await attempt(delivery, at, policy, timeoutMs);
  const succeeded = outcome.error === null && outcome.httpStatus !== null && outcome.httpStatus >= 200 && outcome.httpStatus < 300;
  const attempts = delivery.attempts + 1;
  const next = succeeded ? null : nextAttemptAt(delivery.createdAt, attempts);
  const status = succeeded ? "succeeded" : next ? "pending" : "failed";
  await systemDb().$transaction([
    systemDb().webhookAttempt.create({
      data: {
        workspaceId: delivery.workspaceId,
        deliveryId: delivery.id,
        endpointId: delivery.endpointId,
        eventId: delivery.eventId,
        type: delivery.event.type ?? "",
        at,
        durationMs: outcome.durationMs,
        httpStatus: outcome.httpStatus,
        error: outcome.error,
      },
    }),
    // Only a pending delivery moves on: one failed meanwhile (its endpoint disabled) stays failed.
    systemDb().webhookDelivery.updateMany({
      where: { id: delivery.id, status: "pending" },
      data: { attempts, status, ...(next ? { nextAttemptAt: next } : { completedAt: clock() }) },
    }),
  ]);
  record.notificationDelivery("webhook", status === "pending" ? "retry" : status);
  return succeeded;
}

async function attempt(delivery: DueDelivery, at: Date, policy: UrlPolicy, timeoutMs: number): Promise<PostOutcome> {
  let secrets: string[];
  try {
    secrets = signingSecrets(delivery.endpoint, at);
  } catch {
    return { httpStatus: null, error: "the signing secret cannot be opened (was NOTIFICATIONS_KEY changed?)", durationMs: 0 };
  }
  // The stored body: jsonb keeps one canonical form, so every retry serialises to the same bytes.
  const body = JSON.stringify(delivery.event.payload);
  // The receiver checks the timestamp against its own clock (5 min tolerance): the real time.
  const timestamp = Math.floor(Date.now() / 1000);
  return postWebhook({
    url: delivery.endpoint.url,
    body,
    policy,
    timeoutMs,
    headers: {
      "content-type": "application/json",
      "user-agent": USER_AGENT,
      "webhook-id": delivery.eventId,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signatureHeader(secrets, delivery.eventId, timestamp, body),
    },
  });
}

/** The current secret, and the previous one while its overlap lasts. */
function signingSecrets(endpoint: WebhookEndpoint, at: Date): string[] {
  const secrets = [openSecret(endpoint.secretCiphertext)];
  if (endpoint.previousSecretCiphertext && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > at) {
    secrets.push(openSecret(endpoint.previousSecretCiphertext));
  }
  return secrets;
}
