// A job whose runs the test holds open, to see what a second runner does meanwhile.
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
