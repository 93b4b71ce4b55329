// GET /api/metrics after real traffic through the route handlers: the page parses as Prometheus
// text, carries every series of the contract (docs/observability.md) with plausible values, and
// no label carries a workspace id, a user id or a raw path.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as unknownPath } from "@/app/api/[...path]/route";
import { PATCH as triage } from "@/app/api/billing/anomalies/[id]/route";
import { GET as projection } from "@/app/api/billing/projection/route";
import { GET as usageExport } from "@/app/api/billing/usage/export/route";
import { GET as usage } from "@/app/api/billing/usage/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { drainQueue } from "@/lib/metering/consumer";
import { record, setMetricsEnabled } from "@/lib/observability/metrics";
import { metricsPage, requireMetricsToken } from "@/lib/observability/scrape";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { event, postEvents, queueEvents } from "../support/metering";
import { parsePrometheusText, sampleValue, type Family } from "../support/prometheus-text";
import { callRoute } from "../support/session";
import { backend } from "../support/test-database";

let page: Map<string, Family>;
const value = (name: string, labels: Record<string, string> = {}) => sampleValue(page, name, labels);

beforeAll(async () => {
  await seedDemoData(new Date());
  await callRoute(usage, "/api/billing/usage?workspaceId=ws_acme&period=current", { as: ACCOUNTS.admin });
  await callRoute(usage, "/api/billing/usage?workspaceId=ws_acme&period=current", { as: ACCOUNTS.admin });
  await callRoute(usage, "/api/billing/usage?workspaceId=ws_initech", { as: ACCOUNTS.admin }); // 403
  const triageBody = { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ status: "dismissed" }) };
  await callRoute(triage, "/api/billing/anomalies/flag-nobody-has", { as: ACCOUNTS.admin, ...triageBody }, { id: "flag-nobody-has" }); // 404
  await callRoute(unknownPath, "/api/no/such/thing/ws_acme");
  const csv = await callRoute(usageExport, "/api/billing/usage/export?workspaceId=ws_acme&period=current", { as: ACCOUNTS.admin });
  await csv.text();
  await callRoute(projection, "/api/billing/projection?workspaceId=ws_acme", { as: ACCOUNTS.admin });
  const duplicate = event();
  await postEvents([event(), event({ productArea: "gpu" }), duplicate, duplicate, event({ productArea: "nope" })]);
  await queueEvents([event({ productArea: "gpu" })]); // applied by the consumer, in a batch
  await drainQueue({ batchSize: 100, graceHours: 48 });
  await queueEvents([event()]); // left queued: the backlog gauge sees it
  const response = await callRoute(metricsRoute, "/api/metrics");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(response.headers.get("cache-control")).toBe("no-store");
  page = parsePrometheusText(await response.text());
});

describe(`GET /api/metrics on ${backend}`, () => {
  it("measures requests by route template, method and status class, and errors by code", () => {
    const ok = { route: "/api/billing/usage", method: "GET", status_class: "2xx" };
    expect(value("billing_http_request_duration_seconds_count", ok)).toBeGreaterThanOrEqual(2);
    expect(value("billing_http_request_duration_seconds_sum", ok)).toBeGreaterThan(0);
    expect(value("billing_http_request_duration_seconds_bucket", { ...ok, le: "10" })).toBeGreaterThanOrEqual(2);
    expect(value("billing_http_request_duration_seconds_count", { ...ok, status_class: "4xx" })).toBe(1);
    expect(value("billing_http_errors_total", { route: "/api/billing/usage", code: "forbidden" })).toBe(1);
    expect(value("billing_http_errors_total", { route: "/api/billing/anomalies/[id]", code: "not_found" })).toBe(1);
    expect(value("billing_http_errors_total", { route: "/api/[...path]", code: "not_found" })).toBe(1);
    const buckets = page
      .get("billing_http_request_duration_seconds")!
      .samples.filter((s) => s.name.endsWith("_bucket") && s.labels.route === "/api/billing/usage" && s.labels.status_class === "2xx")
      .map((s) => s.labels.le);
    expect(buckets).toEqual(["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"]);
  });

  it("counts what ingest accepted, ignored as duplicate and refused, and what ingest and the consumer applied", () => {
    expect(value("billing_events_ingested_total", { source: "http" })).toBe(5);
    expect(value("billing_events_duplicate_total")).toBe(1);
    expect(value("billing_events_rejected_total", { reason: "unknown_product_area" })).toBe(1);
    expect(value("billing_events_applied_total", { product_area: "compute" })).toBe(2);
    expect(value("billing_events_applied_total", { product_area: "gpu" })).toBe(2);
    expect(value("billing_consumer_batch_duration_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(value("billing_usage_rows_written_total")).toBeGreaterThanOrEqual(2);
    expect(value("billing_late_adjustments_total")).toBe(0);
  });

  it("counts exports, audit rows, cache lookups and projections", () => {
    expect(value("billing_exports_total", { outcome: "completed" })).toBe(1);
    expect(value("billing_export_rows_total")).toBeGreaterThan(0);
    expect(value("billing_export_bytes_total")).toBeGreaterThan(100);
    // two usage reads, the export's start and end, the projection
    expect(value("billing_audit_rows_written_total")).toBeGreaterThanOrEqual(5);
    expect(value("billing_usage_cache_requests_total", { result: "miss" })).toBeGreaterThanOrEqual(1);
    expect(value("billing_usage_cache_requests_total", { result: "hit" })).toBeGreaterThanOrEqual(1);
    expect(value("billing_projections_served_total")).toBe(1);
  });

  it("reads the open anomaly flags at scrape time, every severity and kind", () => {
    const flags = page.get("billing_anomaly_flags_open")!;
    expect(flags.type).toBe("gauge");
    expect(flags.samples).toHaveLength(15);
    expect(value("billing_anomaly_flags_open", { severity: "high", kind: "budget" })).toBeGreaterThanOrEqual(0);
  });

  it("reads the notification backlog at scrape time: 0 on each channel with nothing due", () => {
    expect(page.get("billing_notification_oldest_pending_seconds")!.type).toBe("gauge");
    expect(value("billing_notification_oldest_pending_seconds", { channel: "webhook" })).toBe(0);
    expect(value("billing_notification_oldest_pending_seconds", { channel: "email" })).toBe(0);
  });

  it("carries process metrics and the build", () => {
    expect(value("billing_process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(value("billing_build_info", { version: expect.any(String) as unknown as string })).toBeUndefined();
    expect(page.get("billing_build_info")!.samples).toEqual([
      { name: "billing_build_info", labels: { version: expect.any(String) }, value: 1 },
    ]);
  });

  it("reports the lag and backlog in a process that runs the consumer", async () => {
    const consumerPage = parsePrometheusText((await metricsPage({ consumer: true, anomalies: false, notifications: false })).body);
    expect(sampleValue(consumerPage, "billing_consumer_backlog_events")).toBe(1);
    const lag = sampleValue(consumerPage, "billing_consumer_lag_seconds")!;
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(60);
  });

  it("never labels a series with a workspace id, a user id or a raw path", () => {
    const labelValues = [...page.values()].flatMap((family) => family.samples.flatMap((s) => Object.values(s.labels)));
    expect(labelValues.filter((v) => /ws_|@|flag-nobody|no\/such/.test(v))).toEqual([]);
    const routes = new Set(page.get("billing_http_request_duration_seconds")!.samples.map((s) => s.labels.route));
    expect([...routes].sort()).toEqual([
      "/api/[...path]",
      "/api/billing/anomalies/[id]",
      "/api/billing/projection",
      "/api/billing/usage",
      "/api/billing/usage/export",
      "/api/metering/events",
    ]);
  });

  it("asks for the metrics token when one is configured", () => {
    const token = "m".repeat(32);
    const asked = (headers: Record<string, string>) => () => requireMetricsToken(new Request("http://x/api/metrics", { headers }), token);
    expect(asked({})).toThrow(/metrics token/);
    expect(asked({ authorization: "Bearer wrong" })).toThrow(/metrics token/);
    expect(asked({ authorization: `Bearer ${token}` })).not.toThrow();
    expect(() => requireMetricsToken(new Request("http://x/api/metrics"), undefined)).not.toThrow();
  });

  it("records nothing with METRICS_ENABLED=false", async () => {
    const count = async () =>
      sampleValue(
        parsePrometheusText((await metricsPage({ consumer: false, anomalies: false, notifications: false })).body),
        "billing_projections_served_total",
      );
    const before = await count();
    setMetricsEnabled(false);
    try {
      record.projectionServed();
      record.httpRequest("/api/billing/projection", "GET", 200, 0.01, null);
      expect(await count()).toBe(before);
    } finally {
      setMetricsEnabled(undefined);
    }
    record.projectionServed();
    expect(await count()).toBe(before! + 1);
  });
});
