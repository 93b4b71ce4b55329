// A job whose runs the test holds open, to see what a second runner does meanwhile.
import { expect } from "vitest";
import type { Job } from "@/lib/jobs/job";

export function gatedJob(name: string, every = 60_000) {
  let running = 0;
  let release = () => {};
  let gate = Promise.resolve();
  const stats = { runs: 0, mostAtOnce: 0 };
  const job: Job = {
    name,
    every,
    firstRunAfter: 0,
    async run() {
      running++;
      stats.runs++;
      stats.mostAtOnce = Math.max(stats.mostAtOnce, running);
      try {
        await gate;
      } finally {
        running--;
      }
    },
  };
  return {
    job,
    stats,
    /** Later runs wait until `open()` is called. */
    hold() {
      gate = new Promise((resolve) => (release = resolve));
    },
    open: () => release(),
    isRunning: () => running > 0,
  };
}

export async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** While `first` runs the held job, `second` skips it; once it is done, `second` runs it. */
export async function expectOneAtATime(
  gated: ReturnType<typeof gatedJob>,
  first: { runOnce(name: string): Promise<string> },
  second: { runOnce(name: string): Promise<string> },
): Promise<void> {
  gated.hold();
  const running = first.runOnce(gated.job.name);
  await until(gated.isRunning);
  expect(await second.runOnce(gated.job.name)).toBe("skipped");
  gated.open();
  expect(await running).toBe("ran");
  expect(await second.runOnce(gated.job.name)).toBe("ran");
  expect(gated.stats).toEqual({ runs: 2, mostAtOnce: 1 });
}
