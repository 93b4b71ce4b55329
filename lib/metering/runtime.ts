// The consumer as a process-wide service: started once by the app (instrumentation.ts) or by
// `npm run worker`, woken by ingest so fresh events are applied without waiting for a poll.
// With NATS_URL set, the same process also pulls events from NATS JetStream (nats-source.ts).
import "server-only";
import { fieldLogger } from "@/lib/observability/logger";
import { env } from "@/lib/env";
import { startConsumer, type RunningConsumer } from "./consumer";
import { startNatsSource, type NatsSource } from "./nats-source";
import { onEventsQueued } from "./queue-wake";

const globalForConsumer = globalThis as unknown as {
  meteringConsumer?: RunningConsumer;
  meteringNatsSource?: NatsSource;
};

const log = fieldLogger("metering-consumer");

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
      onError: (error) =>
        log({
          level: "error",
          message: "batch failed; it will be retried",
          error: String(error),
          code: (error as { code?: unknown })?.code,
        }),
    });
    const consumer = globalForConsumer.meteringConsumer;
    onEventsQueued(() => consumer.wake());
  }
  const { NATS_URL } = env();
  if (NATS_URL && !globalForConsumer.meteringNatsSource) {
    // Logs its own lines (component "metering-nats"); connection failures are retried with back-off.
    globalForConsumer.meteringNatsSource = startNatsSource({ url: NATS_URL });
  }
  return globalForConsumer.meteringConsumer;
}

/** Whether this process runs the consumer (it then reports the lag and backlog gauges). */
export function consumerRunning(): boolean {
  return globalForConsumer.meteringConsumer !== undefined;
}

/** null when this process runs no NATS source (NATS_URL unset). */
export function natsConnected(): boolean | null {
  return globalForConsumer.meteringNatsSource?.connected() ?? null;
}

export async function stopMeteringConsumer(): Promise<void> {
  const running = globalForConsumer.meteringConsumer;
  const natsSource = globalForConsumer.meteringNatsSource;
  globalForConsumer.meteringConsumer = undefined;
  globalForConsumer.meteringNatsSource = undefined;
  onEventsQueued(undefined);
  // The source first: its last batch may still wake the consumer.
  await natsSource?.stop();
  await running?.stop();
}
