// The background consumer: applies stored events to the read model, batch after batch, and
// sleeps briefly when the queue is empty. Runs inside the app process (instrumentation.ts) and
// as `npm run worker`; any number may run at once (see apply-batch.ts).
import "server-only";
import { isDataError } from "@/lib/db/sql-errors";
import { record } from "@/lib/observability/metrics";
import { applyBatch, applyFirstOrSetAside, type ApplyBatchOptions, type BatchResult } from "./apply-batch";
import { interruptibleSleep } from "./interruptible-sleep";

export interface ConsumerOptions {
  batchSize: number;
  graceHours: number;
  pollMs: number;
  onBatch?: (result: BatchResult) => void;
  onError?: (error: unknown) => void;
}

export interface RunningConsumer {
  /** Skip the rest of the current sleep (new events just arrived). */
  wake(): void;
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 10_000;

export function startConsumer(options: ConsumerOptions): RunningConsumer {
  let stopped = false;
  const { sleep, wake } = interruptibleSleep();

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      try {
        const result = await applyNextBatch({ batchSize: options.batchSize, graceHours: options.graceHours });
        failures = 0;
        if (result.claimed > 0) options.onBatch?.(result);
        if (result.claimed === result.batchSize) continue; // more is waiting
        await sleep(options.pollMs);
      } catch (error) {
        // The batch rolled back as a whole; its events stay queued and are retried (the database
        // or the connection failed: a value the database refuses is dealt with in applyNextBatch).
        failures++;
        options.onError?.(error);
        await sleep(Math.min(MAX_BACKOFF_MS, options.pollMs * 2 ** failures));
      }
    }
  })();

  return {
    wake,
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}

/**
 * The next batch from the head of the queue. A batch the database refuses for its values would
 * fail the same way on every try and hold up every workspace behind it, so it is halved until
 * the one event at fault is found, and that event is set aside if the fault is its own
 * (applyFirstOrSetAside). Returns the batch size that was used.
 */
export async function applyNextBatch(options: Omit<ApplyBatchOptions, "beforeCommit">): Promise<BatchResult & { batchSize: number }> {
  const started = performance.now();
  for (let batchSize = options.batchSize; ; batchSize = Math.ceil(batchSize / 2)) {
    try {
      const result = batchSize === 1 ? await applyFirstOrSetAside(options) : await applyBatch({ ...options, batchSize });
      if (result.claimed > 0) recordBatch(result, (performance.now() - started) / 1000);
      return { ...result, batchSize };
    } catch (error) {
      if (!isDataError(error) || batchSize === 1) throw error;
    }
  }
}

function recordBatch(result: BatchResult, seconds: number): void {
  record.batch(result, seconds);
  for (const [reason, count] of Object.entries(result.rejectedByReason)) record.rejected(reason, count);
}

/** Applies everything queued right now, then returns (scripts and tests). */
export async function drainQueue(options: { batchSize: number; graceHours: number; now?: Date }): Promise<number> {
  let total = 0;
  for (;;) {
    const { applied, claimed, batchSize } = await applyNextBatch(options);
    total += applied;
    if (claimed < batchSize) return total;
  }
}
