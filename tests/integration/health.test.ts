// The health endpoints: liveness always answers; readiness names every check, and answers 503
// naming the one that failed: an unreachable database, a migration not applied, a consumer too
// far behind, NATS not connected.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as live } from "@/app/api/health/live/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { systemDatabase, systemDb } from "@/lib/db";
import { openDatabase } from "@/lib/db/database";
import { drainQueue } from "@/lib/metering/consumer";
import { readiness } from "@/lib/observability/health";
import { healthResponseSchema } from "@/lib/observability/health-response";
import { seedDemoData } from "../support/demo";
import { event, queueEvents } from "../support/metering";
import { callRoute } from "../support/session";
import { backend, execAsOwner } from "../support/test-database";

beforeAll(() => seedDemoData(new Date()));

describe(`health endpoints on ${backend}`, () => {
  it("live: the process answers, uncached, with no tenant data", async () => {
    const response = await callRoute(live, "/api/health/live");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", checks: { process: { status: "ok" } } });
  });

  it("ready: every check named, each passing (NATS skipped when not configured)", async () => {
    const response = await callRoute(ready, "/api/health/ready");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = healthResponseSchema.parse(await response.json());
    expect(body.checks.database?.status, JSON.stringify(body)).toBe("ok");
    expect(response.status).toBe(200);
    expect(body.status).toBe("ok");
    expect(Object.keys(body.checks).sort()).toEqual(["consumer_lag", "database", "migrations", "nats"]);
    expect(body.checks.migrations).toMatchObject({ status: "ok", message: expect.stringMatching(/^\d+ applied$/) });
    expect(body.checks.consumer_lag!.status).toBe("ok");
    expect(body.checks.nats).toEqual({ status: "skipped", message: "NATS_URL not set" });
  });

  it("ready fails fast naming `database` when the database is unreachable", async () => {
    // A PostgreSQL client pointed at a port nothing listens on.
    const unreachable = openDatabase({ url: "postgresql://nobody@127.0.0.1:1/nothing", poolSize: 2, pgliteDir: "memory://" });
    try {
      const started = Date.now();
      const report = await readiness({ database: unreachable });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(report.status).toBe("fail");
      expect(report.checks.database).toMatchObject({ status: "fail", message: expect.stringMatching(/ECONNREFUSED|timed out/) });
      expect(report.checks.migrations).toMatchObject({ status: "fail", message: "database unreachable" });
      expect(report.checks.consumer_lag).toMatchObject({ status: "fail", message: "database unreachable" });
    } finally {
      await unreachable.close();
    }
  });

  it("ready fails naming `migrations` when the newest one is not applied", async () => {
    const [newest] = await systemDb().$queryRaw<{ name: string }[]>`
      SELECT max(migration_name) AS name FROM "_prisma_migrations"`;
    const mark = (value: string) =>
      execAsOwner(systemDatabase(), `UPDATE "_prisma_migrations" SET rolled_back_at = ${value} WHERE migration_name = '${newest!.name}'`);
    await mark("now()");
    try {
      const report = await readiness();
      expect(report.status).toBe("fail");
      expect(report.checks.migrations).toMatchObject({ status: "fail", message: `1 not applied, first ${newest!.name}` });
      expect(report.checks.database!.status).toBe("ok");
    } finally {
      await mark("NULL");
    }
  });

  it("ready answers 503 naming `consumer_lag` when the oldest unapplied event is older than the limit", async () => {
    await queueEvents([event()]);
    await execAsOwner(systemDatabase(), `UPDATE "MeteringInbox" SET "receivedAt" = now() - interval '10 minutes'`);
    try {
      const response = await callRoute(ready, "/api/health/ready");
      expect(response.status).toBe(503);
      const body = healthResponseSchema.parse(await response.json());
      expect(body.status).toBe("fail");
      expect(body.checks.consumer_lag).toMatchObject({
        status: "fail",
        message: expect.stringMatching(/^oldest unapplied event is 60\d s old \(limit 300 s\)$/),
      });
      expect((await readiness({ maxLagSeconds: 3600 })).checks.consumer_lag!.status).toBe("ok");
    } finally {
      await drainQueue({ batchSize: 100, graceHours: 48 });
    }
  });

  it("ready fails naming `nats` when NATS is configured and not connected", async () => {
    const report = await readiness({ natsConnected: false });
    expect(report.status).toBe("fail");
    expect(report.checks.nats).toEqual({ status: "fail", message: "not connected" });
    expect((await readiness({ natsConnected: true })).checks.nats).toEqual({ status: "ok" });
  });
});
