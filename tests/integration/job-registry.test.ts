// The job registry on whichever backend the suite runs on: retention runs through it, a failed
// run is logged and the loop goes on, stop() ends runs, and two registries in one process never
// run the same job at once. Across processes on PostgreSQL: tests/postgres/job-lock.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { registeredJobs } from "@/lib/jobs/registered-jobs";
import { createJobRegistry } from "@/lib/jobs/registry";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { metrics } from "@/lib/observability/metrics";
import { seedDemoData } from "../support/demo";
import { expectOneAtATime, gatedJob, until } from "../support/jobs";
import { backend } from "../support/test-database";

beforeAll(() => seedDemoData());

describe(`job registry on ${backend}`, () => {
  it("runs retention as a registered job", async () => {
    const old = {
      id: "retention-through-registry",
      workspaceId: "ws_acme",
      productArea: "compute",
      quantity: "1",
      occurredAt: new Date().toISOString(),
    };
    await ingestEvents([{ value: old }, { value: { ...old, id: "kept" } }], { source: "api" });
    await drainQueue({ batchSize: 10, graceHours: 48 });
    await systemDb().$executeRaw`UPDATE "MeteringEvent" SET "receivedAt" = now() - interval '41 days' WHERE "eventId" = ${old.id}`;
    await systemDb().meteringRejection.create({
      data: { source: "api", code: "test", message: "old", receivedAt: new Date(Date.now() - 91 * 86_400_000) },
    });
    const logged: Record<string, unknown>[] = [];

    const registry = createJobRegistry({ jobs: registeredJobs, log: (fields) => logged.push(fields) });
    expect(await registry.runOnce("retention")).toBe("ran");

    expect((await systemDb().meteringEvent.findMany({ where: { eventId: { in: [old.id, "kept"] } } })).map((e) => e.eventId)).toEqual([
      "kept",
    ]);
    expect(await systemDb().meteringRejection.count({ where: { code: "test" } })).toBe(0);
    expect(logged).toEqual([
      expect.objectContaining({
        level: "info",
        job: "retention",
        message: "ran",
        result: expect.objectContaining({ events: 1, rejections: 1 }),
      }),
    ]);
  });

  it("logs a run that found nothing to do at debug level, so a job every 2 s does not bury the log", async () => {
    const logged: Record<string, unknown>[] = [];
    const registry = createJobRegistry({ jobs: registeredJobs, log: (fields) => logged.push(fields) });
    // Until the outbox is empty (the seed's flag changes left events), then once more with nothing to do.
    do expect(await registry.runOnce("notifications")).toBe("ran");
    while (Object.values(logged.at(-1)!.result as Record<string, number>).some((count) => count > 0));
    expect(logged.slice(0, -1).every((fields) => fields.level === "info")).toBe(true);
    expect(logged.at(-1)).toEqual(expect.objectContaining({ level: "debug", job: "notifications", message: "ran" }));
  });

  it("logs a failed run, counts it in billing_job_runs_total, and keeps the loop going", async () => {
    let runs = 0;
    const logged: Record<string, unknown>[] = [];
    const failingOnce = {
      name: "test-fails-once",
      every: 10,
      firstRunAfter: 0,
      run: async () => {
        if (++runs === 1) throw new Error("boom");
      },
    };
    const registry = createJobRegistry({ jobs: [failingOnce], log: (fields) => logged.push(fields) });
    registry.start();
    await until(() => runs >= 3);
    await registry.stop();

    expect(logged[0]).toMatchObject({ level: "error", job: "test-fails-once", error: "Error: boom" });
    expect(logged.slice(1).every((fields) => fields.message === "ran")).toBe(true);
    const counted = (await metrics().jobRuns.get()).values.filter((v) => v.labels.job_name === "test-fails-once");
    expect(counted.find((v) => v.labels.outcome === "failed")?.value).toBe(1);
    expect(counted.find((v) => v.labels.outcome === "ran")?.value).toBe(logged.length - 1);
  });

  it("aborts a running job's signal on stop and waits for it to end", async () => {
    let [started, sawAbort] = [false, false];
    const waitsForStop = {
      name: "test-waits-for-stop",
      every: 60_000,
      firstRunAfter: 0,
      run: (signal: AbortSignal) =>
        new Promise<void>((resolve) => {
          started = true;
          signal.addEventListener("abort", () => {
            sawAbort = true;
            resolve();
          });
        }),
    };
    const registry = createJobRegistry({ jobs: [waitsForStop] });
    const outcome = registry.runOnce("test-waits-for-stop");
    await until(() => started);
    await registry.stop();
    expect(sawAbort).toBe(true);
    expect(await outcome).toBe("ran");
  });

  it("skips a tick while another registry in this process runs the same job", async () => {
    const gated = gatedJob("test-one-at-a-time");
    await expectOneAtATime(gated, createJobRegistry({ jobs: [gated.job] }), createJobRegistry({ jobs: [gated.job] }));
  });

  it("refuses two jobs with one name, since the name is the lock", () => {
    const { job } = gatedJob("test-twice");
    expect(() => createJobRegistry({ jobs: [job, job] })).toThrow(/unique/);
  });
});
