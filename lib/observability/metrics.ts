// The process's one Prometheus registry and every metric the app and the workers record
// (docs/observability.md; the names are a contract with the alert rules). Recording goes through
// `record`, which is a no-op with METRICS_ENABLED=false so its cost can be measured.
import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { env } from "@/lib/env";

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "billing_" });
  const registers = [registry];
  return {
    registry,
    buildInfo: new Gauge({
      name: "billing_build_info",
      help: "Always 1; the version label names the build.",
      labelNames: ["version"],
      registers,
    }),
    httpDuration: new Histogram({
      name: "billing_http_request_duration_seconds",
      help: "API request duration, by route template, method and status class.",
      labelNames: ["route", "method", "status_class"],
      buckets: HTTP_BUCKETS,
      registers,
    }),
    httpErrors: new Counter({
      name: "billing_http_errors_total",
      help: "API error responses, by route template and error code.",
      labelNames: ["route", "code"],
      registers,
    }),
    eventsIngested: new Counter({
      name: "billing_events_ingested_total",
      help: "Metering events accepted and stored (new, not duplicates).",
      labelNames: ["source"],
      registers,
    }),
    producerEvents: new Counter({
      name: "billing_producer_events_total",
      help: "Metering events by the producer that sent them (one series per producer key) and outcome.",
      labelNames: ["producer", "outcome"],
      registers,
    }),
    eventsApplied: new Counter({
      name: "billing_events_applied_total",
      help: "Events added to the read model, at ingest or by the consumer.",
      labelNames: ["product_area"],
      registers,
    }),
    eventsDuplicate: new Counter({
      name: "billing_events_duplicate_total",
      help: "Events ingested again with an id already stored (ignored).",
      registers,
    }),
    eventsRejected: new Counter({
      name: "billing_events_rejected_total",
      help: "Events refused at ingest or set aside by the consumer, by reason code.",
      labelNames: ["reason"],
      registers,
    }),
    batchDuration: new Histogram({
      name: "billing_consumer_batch_duration_seconds",
      help: "Duration of one consumer batch that claimed events.",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    consumerLag: new Gauge({
      name: "billing_consumer_lag_seconds",
      help: "Age of the oldest unapplied event (0 when none); read at scrape time.",
      registers,
    }),
    consumerBacklog: new Gauge({ name: "billing_consumer_backlog_events", help: "Unapplied events; read at scrape time.", registers }),
    lateAdjustments: new Counter({
      name: "billing_late_adjustments_total",
      help: "Events applied to a period after its grace window closed.",
      registers,
    }),
    usageRowsWritten: new Counter({
      name: "billing_usage_rows_written_total",
      help: "Daily usage rows inserted or updated, at ingest or by the consumer.",
      registers,
    }),
    exports: new Counter({ name: "billing_exports_total", help: "Usage CSV exports, by outcome.", labelNames: ["outcome"], registers }),
    exportRows: new Counter({ name: "billing_export_rows_total", help: "Day rows written to completed exports.", registers }),
    exportBytes: new Counter({ name: "billing_export_bytes_total", help: "Bytes of completed exports.", registers }),
    auditRows: new Counter({ name: "billing_audit_rows_written_total", help: "Audit rows written.", registers }),
    usageCache: new Counter({
      name: "billing_usage_cache_requests_total",
      help: "Usage-report cache lookups, by result.",
      labelNames: ["result"],
      registers,
    }),
    anomalyFlagsOpen: new Gauge({
      name: "billing_anomaly_flags_open",
      help: "Open anomaly flags, by severity and kind; read at scrape time.",
      labelNames: ["severity", "kind"],
      registers,
    }),
    projectionsServed: new Counter({ name: "billing_projections_served_total", help: "Projections answered.", registers }),
    jobRuns: new Counter({
      name: "billing_job_runs_total",
      help: "Background job ticks, by job name and outcome (ran; skipped: another process ran it; failed).",
      labelNames: ["job_name", "outcome"],
      registers,
    }),
    notificationDeliveries: new Counter({
      name: "billing_notification_deliveries_total",
      help: "Notification delivery attempts, by channel (webhook, email) and outcome (succeeded; retry: failed, tried again later; failed: given up).",
      labelNames: ["channel", "outcome"],
      registers,
    }),
    notificationOldestPending: new Gauge({
      name: "billing_notification_oldest_pending_seconds",
      help: "How long the most overdue pending notification delivery has been due, by channel (0 when none); read at scrape time.",
      labelNames: ["channel"],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { billingMetrics?: Metrics; billingMetricsEnabled?: boolean };

export function metrics(): Metrics {
  if (!globalForMetrics.billingMetrics) {
    globalForMetrics.billingMetrics = createMetrics();
    globalForMetrics.billingMetrics.buildInfo.set({ version: process.env.npm_package_version ?? "0.1.0" }, 1);
  }
  return globalForMetrics.billingMetrics;
}

function enabled(): boolean {
  return (globalForMetrics.billingMetricsEnabled ??= env().METRICS_ENABLED);
}

export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** Everything the hot paths record. Each call is a no-op when METRICS_ENABLED=false. */
interface Applied {
  appliedByArea: Record<string, number>;
  lateAdjustments: number;
  rowsWritten: number;
}

export const record = {
  httpRequest(route: string, method: string, status: number, seconds: number, errorCode: string | null): void {
    if (!enabled()) return;
    const m = metrics();
    m.httpDuration.observe({ route, method, status_class: statusClass(status) }, seconds);
    if (errorCode) m.httpErrors.inc({ route, code: errorCode });
  },
  ingest(
    source: "http" | "nats",
    result: { accepted: number; duplicates: number; rejected: readonly { code: string }[] },
    producer: string | null = null,
  ): void {
    if (!enabled()) return;
    const m = metrics();
    if (result.accepted > 0) m.eventsIngested.inc({ source }, result.accepted);
    if (result.duplicates > 0) m.eventsDuplicate.inc(result.duplicates);
    for (const { code } of result.rejected) m.eventsRejected.inc({ reason: code });
    // Producer names come from the keys operators create: as many series as keys, never from input.
    if (producer === null) return;
    if (result.accepted > 0) m.producerEvents.inc({ producer, outcome: "accepted" }, result.accepted);
    if (result.duplicates > 0) m.producerEvents.inc({ producer, outcome: "duplicate" }, result.duplicates);
    if (result.rejected.length > 0) m.producerEvents.inc({ producer, outcome: "rejected" }, result.rejected.length);
  },
  rejected(reason: string, count = 1): void {
    if (enabled() && count > 0) metrics().eventsRejected.inc({ reason }, count);
  },
  batch(result: Applied, seconds: number): void {
    if (!enabled()) return;
    metrics().batchDuration.observe(seconds);
    record.applied(result);
  },
  /** Events added to the read model: by the consumer's batches, or by ingest itself. */
  applied(result: Applied): void {
    if (!enabled()) return;
    const m = metrics();
    for (const [area, count] of Object.entries(result.appliedByArea)) m.eventsApplied.inc({ product_area: area }, count);
    if (result.lateAdjustments > 0) m.lateAdjustments.inc(result.lateAdjustments);
    if (result.rowsWritten > 0) m.usageRowsWritten.inc(result.rowsWritten);
  },
  export(outcome: "completed" | "failed", rows = 0, bytes = 0): void {
    if (!enabled()) return;
    const m = metrics();
    m.exports.inc({ outcome });
    if (rows > 0) m.exportRows.inc(rows);
    if (bytes > 0) m.exportBytes.inc(bytes);
  },
  auditRows(count: number): void {
    if (enabled() && count > 0) metrics().auditRows.inc(count);
  },
  usageCache(hit: boolean): void {
    if (enabled()) metrics().usageCache.inc({ result: hit ? "hit" : "miss" });
  },
  projectionServed(): void {
    if (enabled()) metrics().projectionsServed.inc();
  },
  jobRun(job: string, outcome: "ran" | "skipped" | "failed"): void {
    if (enabled()) metrics().jobRuns.inc({ job_name: job, outcome });
  },
  notificationDelivery(channel: "webhook" | "email", outcome: "succeeded" | "retry" | "failed"): void {
    if (enabled()) metrics().notificationDeliveries.inc({ channel, outcome });
  },
};

/** Tests: turn recording on or off (the env's METRICS_ENABLED otherwise). */
export function setMetricsEnabled(value: boolean | undefined): void {
  globalForMetrics.billingMetricsEnabled = value;
}
