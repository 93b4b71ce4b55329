// The anomaly-detection job on PostgreSQL while the database is busy: many other connections keep
// taking the very flag rows the job must write, in transactions that last a while. The job must
// still finish with the same flags a quiet run gives, and a run that fails must be counted and
// logged with the job's name and the cause.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { runFullPass, anomalyJob } from "@/lib/anomalies/anomaly-job";
import { database, systemDb } from "@/lib/db";
import { createJobRegistry } from "@/lib/jobs/registry";
import { metrics } from "@/lib/observability/metrics";
import { seedDemoData } from "../support/demo";
import { execAsOwner } from "../support/test-database";

const NOW = new Date("2026-11-22T12:00:00Z");
const LOAD_CLIENTS = 24;
const LOAD_MS = 9_000;
const HOLD_MS = 1_500;
const LOCK_NOT_AVAILABLE = "55P03";

beforeAll(async () => {
  await seedDemoData(NOW);
  await runFullPass({ now: NOW });
}, 60_000);

const activeFlags = () =>
  systemDb().anomalyFlag.findMany({
    where: { status: { in: ["open", "acknowledged"] } },
    orderBy: { id: "asc" },
    select: { id: true, status: true, observed: true, expected: true, severity: true, startDate: true, endDate: true },
  });

/** Connections that, until `until`, lock every active flag for `holdMs` at a time, over and over. */
function busyDatabase(clients: number, until: number, holdMs: number) {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: clients });
  pool.on("error", () => {}); // connections ended when the test database is dropped
  let transactions = 0;
  const one = async () => {
    for (let left = until - Date.now(); left > 0; left = until - Date.now()) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        // Waiting for the lock ends with the load, so the queue of waiters does not outlive it.
        await client.query(`SET LOCAL lock_timeout = ${Math.ceil(left)}`);
        await client.query(`SELECT id FROM "AnomalyFlag" WHERE status IN ('open', 'acknowledged') ORDER BY id FOR UPDATE`);
        await client.query("SELECT pg_sleep($1::float8)", [holdMs / 1000]);
        await client.query("COMMIT");
        transactions++;
      } catch (error) {
        await client.query("ROLLBACK");
        if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
      } finally {
        client.release();
      }
    }
  };
  const done = Promise.all(Array.from({ length: clients }, one)).finally(() => pool.end());
  return { done, transactions: () => transactions };
}

describe("the anomaly-detection job under load on PostgreSQL", () => {
  it("finishes while many connections hold the flags it writes, with the flags a quiet run gives", async () => {
    const quiet = await activeFlags();
    expect(quiet.length).toBeGreaterThan(0);
    // Stored figures that differ from what the detector sees: the next pass must write every active flag.
    await systemDb().anomalyFlag.updateMany({ where: { id: { in: quiet.map((f) => f.id) } }, data: { observed: "0.5" } });

    const load = busyDatabase(LOAD_CLIENTS, Date.now() + LOAD_MS, HOLD_MS);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the load take hold
    const started = Date.now();
    const outcome = await runFullPass({ now: NOW });
    const took = Date.now() - started;
    await load.done;

    expect(load.transactions()).toBeGreaterThanOrEqual(LOAD_MS / HOLD_MS - 1); // the flags were held nearly all along
    expect(took).toBeGreaterThan(3_000); // it really waited on the load (the old 5 s transaction expired here)
    expect(outcome.updated).toBeGreaterThanOrEqual(quiet.length);
    expect(await activeFlags()).toEqual(quiet);
  }, 60_000);

  it("counts a failed run in billing_job_runs_total and logs it with the job's name and the cause", async () => {
    const failed = async () =>
      (await metrics().jobRuns.get()).values.find((v) => v.labels.job_name === anomalyJob.name && v.labels.outcome === "failed")?.value ??
      0;
    const before = await failed();
    const logged: Record<string, unknown>[] = [];
    const registry = createJobRegistry({ jobs: [anomalyJob], log: (fields) => logged.push(fields) });

    await execAsOwner(database(), `ALTER TABLE "AnomalyScan" RENAME TO "AnomalyScanAway"`);
    try {
      expect(await registry.runOnce(anomalyJob.name)).toBe("failed");
    } finally {
      await execAsOwner(database(), `ALTER TABLE "AnomalyScanAway" RENAME TO "AnomalyScan"`);
    }
    expect(await failed()).toBe(before + 1);
    expect(logged).toEqual([
      expect.objectContaining({ level: "error", job: "anomaly-detection", error: expect.stringMatching(/AnomalyScan/) }),
    ]);

    expect(await registry.runOnce(anomalyJob.name)).toBe("ran");
    expect(await failed()).toBe(before + 1);
    await registry.stop();
  });
});
