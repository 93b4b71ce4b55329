// Runs registered jobs on their schedules, each tick under the job's lock (job-lock.ts), so any
// number of processes may start the same registry. A failed run is logged (error level, with the
// job and the cause) and counted in billing_job_runs_total{outcome="failed"}, and the loop goes on.
import "server-only";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { database as appDatabase } from "@/lib/db";
import { record } from "@/lib/observability/metrics";
import type { Database } from "@/lib/db/database";
import type { Job, JobOutcome } from "./job";
import { tryJobLock } from "./job-lock";

export type JobLog = (fields: Record<string, unknown>) => void;

export interface JobRegistryOptions {
  jobs: Job[];
  /** The database whose locks decide who runs (default: the app's). */
  database?: () => Database;
  log?: JobLog;
}

export interface JobRegistry {
  /** Starts every job's loop. */
  start(): void;
  /** One tick of `name` now, under its lock (tests, scripts). */
  runOnce(name: string): Promise<JobOutcome>;
  /** Aborts running jobs' signals, ends the loops and waits for them. */
  stop(): Promise<void>;
}

export function createJobRegistry({ jobs, database = appDatabase, log = () => {} }: JobRegistryOptions): JobRegistry {
  const byName = new Map(jobs.map((job) => [job.name, job]));
  if (byName.size !== jobs.length) throw new Error("Job names must be unique: each is its job's lock.");
  const stopping = new AbortController();
  const inFlight = new Set<Promise<unknown>>();

  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work)).catch(() => {});
    return work;
  };

  // Timers do not hold the process open: shutdown is the process's own decision.
  const pause = (ms: number) => sleep(ms, undefined, { signal: stopping.signal, ref: false }).catch(() => {});

  async function tick(job: Job): Promise<JobOutcome> {
    const outcome = await attempt(job);
    record.jobRun(job.name, outcome);
    return outcome;
  }

  async function attempt(job: Job): Promise<JobOutcome> {
    const started = performance.now();
    const fields = () => ({ job: job.name, ms: Math.round(performance.now() - started) });
    try {
      const lock = await tryJobLock(database(), job.name);
      if (!lock) {
        log({ level: "info", message: "skipped: another process is running it", job: job.name });
        return "skipped";
      }
      try {
        if (stopping.signal.aborted) return "skipped"; // stopped while waiting for the lock
        const result = await job.run(stopping.signal);
        // A tick that found nothing to do (every count zero) is routine: the notification job's
        // comes every 2 s, and at info level it would bury the log.
        const idle = isRecord(result) && Object.values(result).every((value) => value === 0);
        log({ level: idle ? "debug" : "info", message: "ran", ...fields(), ...(isRecord(result) ? { result } : {}) });
        return "ran";
      } finally {
        await lock.release();
      }
    } catch (error) {
      log({ level: "error", message: "failed; it runs again on its next tick", ...fields(), error: String(error) });
      return "failed";
    }
  }

  async function loop(job: Job) {
    await pause(job.firstRunAfter ?? job.every);
    while (!stopping.signal.aborted) {
      await tick(job);
      await pause(job.every);
    }
  }

  return {
    start() {
      for (const job of jobs) track(loop(job));
    },
    runOnce(name) {
      const job = byName.get(name);
      if (!job) return Promise.reject(new Error(`No job named ${name}`));
      return track(tick(job));
    },
    async stop() {
      stopping.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
