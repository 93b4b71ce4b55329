// The metrics page: the gauges read from the database at scrape time, then the registry's text.
// Each read is one small statement with a short timeout; a failed read leaves that gauge out of
// the page (and is logged) rather than failing the scrape.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { ApiError } from "@/lib/errors/api-error";
import { Prisma, systemDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { consumerLag } from "@/lib/metering/lag";
import { componentLogger } from "./logger";
import { metrics } from "./metrics";

const SEVERITIES = ["low", "medium", "high"] as const;
const KINDS = ["spike", "drop", "level_shift", "gap", "budget"] as const;
const SCRAPE_QUERY_TIMEOUT_MS = 2_000;

export interface ScrapeOptions {
  /** This process runs the consumer: report the lag and backlog. */
  consumer: boolean;
  /** Report the open anomaly flags (the app does; workers would only repeat it). */
  anomalies: boolean;
  /** Report the notification backlog (the app does; a database-wide figure, like the flags). */
  notifications: boolean;
}

export async function metricsPage(options: ScrapeOptions): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  await Promise.all([
    options.consumer ? withTimeout(readLag(), "consumer lag") : resetGauge(m.consumerLag, m.consumerBacklog),
    options.anomalies ? withTimeout(readOpenFlags(), "open anomaly flags") : undefined,
    options.notifications ? withTimeout(readNotificationBacklog(), "notification backlog") : undefined,
  ]);
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}

async function readLag(): Promise<void> {
  const lag = await consumerLag();
  metrics().consumerLag.set(lag.oldestAgeSeconds);
  metrics().consumerBacklog.set(lag.backlog);
}

async function readOpenFlags(): Promise<void> {
  // Across every workspace by design (an operator's count, no tenant's rows): the system handle.
  const rows = await systemDatabase().query<{ severity: string; kind: string; n: number }>(Prisma.sql`
    SELECT severity::text AS severity, kind::text AS kind, count(*)::int AS n
      FROM "AnomalyFlag" WHERE status = 'open' GROUP BY 1, 2`);
  const gauge = metrics().anomalyFlagsOpen;
  for (const severity of SEVERITIES) for (const kind of KINDS) gauge.set({ severity, kind }, 0);
  for (const row of rows) gauge.set({ severity: row.severity, kind: row.kind }, row.n);
}

/**
 * Per channel, how long the most overdue due delivery has waited past its nextAttemptAt: a sender
 * that has stopped or cannot keep up, not a receiver that fails (its retries are not yet due).
 * Deliveries to a disabled endpoint are not sent, so not counted.
 */
async function readNotificationBacklog(): Promise<void> {
  // Across every workspace by design (an operator's figure, no tenant's rows): the system handle.
  const rows = await systemDatabase().query<{ channel: string; seconds: number }>(Prisma.sql`
    SELECT 'webhook' AS channel, coalesce(extract(epoch FROM now() - min(d."nextAttemptAt")), 0)::float8 AS seconds
      FROM "WebhookDelivery" d JOIN "WebhookEndpoint" e ON e.id = d."endpointId"
     WHERE d.status = 'pending' AND d."nextAttemptAt" <= now() AND e."disabledAt" IS NULL
    UNION ALL
    SELECT 'email', coalesce(extract(epoch FROM now() - min("nextAttemptAt")), 0)::float8
      FROM "EmailDelivery" WHERE status = 'pending' AND "nextAttemptAt" <= now()`);
  for (const row of rows) metrics().notificationOldestPending.set({ channel: row.channel }, Math.max(0, Number(row.seconds)));
}

function resetGauge(...gauges: { reset(): void }[]): void {
  for (const gauge of gauges) gauge.reset();
}

async function withTimeout(read: Promise<void>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${SCRAPE_QUERY_TIMEOUT_MS} ms`)), SCRAPE_QUERY_TIMEOUT_MS);
  });
  try {
    await Promise.race([read, timeout]);
  } catch (error) {
    componentLogger("metrics").warn({ err: error }, `could not read ${what} for the metrics page`);
  } finally {
    clearTimeout(timer);
  }
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * GET /api/metrics: with METRICS_TOKEN set, only `Authorization: Bearer <token>` (compared in
 * constant time). Unset, the page is open: lib/env.ts allows that only outside production or in
 * demo mode.
 */
export function requireMetricsToken(request: Request, token = env().METRICS_TOKEN): void {
  if (!metricsTokenAccepted(request.headers.get("authorization"), token)) {
    throw new ApiError("unauthenticated", METRICS_TOKEN_MESSAGE);
  }
}

export const METRICS_TOKEN_MESSAGE = "Send the metrics token as `Authorization: Bearer <token>`.";

/** Whether an Authorization header carries the metrics token; always true when no token is set. */
export function metricsTokenAccepted(authorization: string | null | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer\s+(.+)$/i.exec((authorization ?? "").trim());
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}
