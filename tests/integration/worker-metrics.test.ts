// A worker's metrics server (npm run worker with WORKER_METRICS_PORT): GET /metrics on its own
// port answers the registry's page with the consumer's gauges; nothing else is served.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drainQueue } from "@/lib/metering/consumer";
import { startMetricsServer, type MetricsServer } from "@/lib/observability/metrics-server";
import { seedDemoData } from "../support/demo";
import { event, queueEvents } from "../support/metering";
import { parsePrometheusText, sampleValue } from "../support/prometheus-text";
import { backend } from "../support/test-database";

let server: MetricsServer;
const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;

beforeAll(async () => {
  await seedDemoData(new Date());
  server = await startMetricsServer(0, { consumer: true, anomalies: false, notifications: false });
});
afterAll(() => server.close());

describe(`the worker's metrics server on ${backend}`, () => {
  it("serves the page on GET /metrics, with the consumer's lag and backlog and what it applied", async () => {
    await queueEvents([event(), event()]);
    await drainQueue({ batchSize: 100, graceHours: 48 });
    await queueEvents([event()]);
    const response = await fetch(url("/metrics"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const page = parsePrometheusText(await response.text());
    expect(sampleValue(page, "billing_consumer_backlog_events")).toBe(1);
    expect(sampleValue(page, "billing_consumer_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(sampleValue(page, "billing_events_applied_total", { product_area: "compute" })).toBe(2);
    expect(sampleValue(page, "billing_process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(page.has("billing_anomaly_flags_open")).toBe(true);
    expect(page.get("billing_anomaly_flags_open")!.samples).toEqual([]);
    await drainQueue({ batchSize: 100, graceHours: 48 });
  });

  it("listens on loopback unless told otherwise", async () => {
    expect(server.host).toBe("127.0.0.1");
    const anywhere = await startMetricsServer(0, { consumer: true, anomalies: false, notifications: false }, { host: "0.0.0.0" });
    try {
      expect(anywhere.host).toBe("0.0.0.0");
    } finally {
      await anywhere.close();
    }
  });

  it("requires METRICS_TOKEN when one is set, as the app's /api/metrics does", async () => {
    const token = "worker-metrics-token-worker-metrics";
    const guarded = await startMetricsServer(0, { consumer: true, anomalies: false, notifications: false }, { token });
    try {
      const page = (authorization?: string) =>
        fetch(`http://127.0.0.1:${guarded.port}/metrics`, { headers: authorization ? { authorization } : {} });
      for (const authorization of [undefined, "Bearer wrong-token", `Basic ${token}`, `Bearer ${token}x`]) {
        const refused = await page(authorization);
        expect(refused.status).toBe(401);
        expect(refused.headers.get("www-authenticate")).toBe("Bearer");
        expect((await refused.json()).error.code).toBe("unauthenticated");
      }
      const allowed = await page(`Bearer ${token}`);
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain("billing_consumer_backlog_events");
    } finally {
      await guarded.close();
    }
  });

  it("answers 404 for any other path and 405 for another method", async () => {
    expect((await fetch(url("/"))).status).toBe(404);
    expect((await fetch(url("/api/metrics"))).status).toBe(404);
    const post = await fetch(url("/metrics"), { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });
});
