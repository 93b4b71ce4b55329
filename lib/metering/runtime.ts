// The consumer as a process-wide service: started once by the app (instrumentation.ts) or by
// `npm run worker`, woken by ingest so fresh events are applied without waiting for a poll.
import { env } from "@/lib/env";
import { startConsumer, type RunningConsumer } from "./consumer";

const globalForConsumer = globalThis as unknown as { meteringConsumer?: RunningConsumer };

function log(fields: Record<string, unknown>) {
  console.log(JSON.stringify({ time: new Date().toISOString(), component: "metering-consumer", ...fields }));
}

export function startMeteringConsumer(): RunningConsumer {
  if (!globalForConsumer.meteringConsumer) {
    const { METERING_BATCH_SIZE, METERING_GRACE_HOURS, METERING_POLL_MS } = env();
    log({ level: "info", message: "started", batchSize: METERING_BATCH_SIZE, graceHours: METERING_GRACE_HOURS });
    globalForConsumer.meteringConsumer = startConsumer({
      batchSize: METERING_BATCH_SIZE,
      graceHours: METERING_GRACE_HOURS,
      pollMs: METERING_POLL_MS,
      onBatch: (result) =>
        result.lateAdjustments > 0 &&
        log({ level: "warn", message: "late adjustments applied", count: result.lateAdjustments, workspaceIds: result.workspaceIds }),
      onError: (error) => log({ level: "error", message: "batch failed; it will be retried", error: String(error) }),
    });
  }
  return globalForConsumer.meteringConsumer;
}

/** Called after events are stored: a no-op in processes that do not run the consumer. */
export function wakeMeteringConsumer(): void {
  globalForConsumer.meteringConsumer?.wake();
}

export async function stopMeteringConsumer(): Promise<void> {
  const running = globalForConsumer.meteringConsumer;
  globalForConsumer.meteringConsumer = undefined;
  await running?.stop();
}
