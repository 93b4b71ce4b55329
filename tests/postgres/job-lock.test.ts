// Two runners of the job registry, each on its own database connection (as two processes would
// be), never run the same job at once: the advisory lock decides, the loser skips its tick.
import { afterAll, describe, expect, it } from "vitest";
import { database, Prisma } from "@/lib/db";
import { openDatabase } from "@/lib/db/database";
import { jobLockKey, tryJobLock } from "@/lib/jobs/job-lock";
import { createJobRegistry } from "@/lib/jobs/registry";
import { expectOneAtATime, gatedJob, until } from "../support/jobs";

const otherProcess = openDatabase({ url: process.env.DATABASE_URL, pgliteDir: "unused" });
afterAll(() => otherProcess.close());

describe("job locks on PostgreSQL", () => {
  it("skips a job in one runner while the other runs it, and runs it once the other is done", async () => {
    const gated = gatedJob("test-held-across-connections");
    const first = createJobRegistry({ jobs: [gated.job], database });
    const second = createJobRegistry({ jobs: [gated.job], database: () => otherProcess });
    await expectOneAtATime(gated, first, second);
  });

  it("never overlaps runs when both runners' loops tick the same job", async () => {
    const overlapping = gatedJob("test-both-loops", 5);
    const slowRun = overlapping.job.run;
    overlapping.job.run = async (signal) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await slowRun(signal);
    };
    const skipped: string[] = [];
    const log = (fields: Record<string, unknown>) => fields.message?.toString().startsWith("skipped") && skipped.push(String(fields.job));
    const runners = [
      createJobRegistry({ jobs: [overlapping.job], database, log }),
      createJobRegistry({ jobs: [overlapping.job], database: () => otherProcess, log }),
    ];
    runners.forEach((runner) => runner.start());
    await until(() => overlapping.stats.runs >= 10 && skipped.length >= 3);
    await Promise.all(runners.map((runner) => runner.stop()));

    expect(overlapping.stats.mostAtOnce).toBe(1);
  });

  it("frees the job when the holder's connection dies mid-run", async () => {
    const name = "test-holder-dies";
    const held = await tryJobLock(database(), name);
    expect(held).not.toBeNull();
    expect(await tryJobLock(otherProcess, name)).toBeNull();

    const key = jobLockKey(name);
    const [holder] = await otherProcess.query<{ pid: number }>(
      // pg_locks shows a bigint advisory key as its high and low 32 bits.
      Prisma.sql`
        SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1
           AND classid = ${Number(BigInt.asUintN(64, key) >> 32n)}::bigint::oid AND objid = ${Number(BigInt.asUintN(32, key))}::bigint::oid`,
    );
    await otherProcess.query(Prisma.sql`SELECT pg_terminate_backend(${holder!.pid}::int)`);

    const taken = await waitForLock(name);
    await taken.release();
    await held!.release(); // on a dead connection: must not throw
  });
});

async function waitForLock(name: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const lock = await tryJobLock(otherProcess, name);
    if (lock) return lock;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${name} was never freed`);
}
