// npm run worker — the metering consumer and the background jobs as their own process
// (PostgreSQL only: the embedded database belongs to the app process). Any number of workers may
// run at once; each job runs in one process at a time (lib/jobs/job-lock.ts). With
// WORKER_METRICS_PORT set, it serves its own Prometheus metrics on GET /metrics at that port
// (on WORKER_METRICS_HOST, loopback by default; behind METRICS_TOKEN when set).
import { closeDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { startJobs, stopJobs } from "@/lib/jobs/runtime";
import { startMeteringConsumer, stopMeteringConsumer } from "@/lib/metering/runtime";
import { componentLogger } from "@/lib/observability/logger";
import { startMetricsServer, type MetricsServer } from "@/lib/observability/metrics-server";

const log = componentLogger("worker");

if (!env().DATABASE_URL) {
  log.fatal("npm run worker needs DATABASE_URL: with the embedded database the app process runs the consumer itself.");
  process.exit(1);
}

startMeteringConsumer();
startJobs();
const { WORKER_METRICS_PORT, WORKER_METRICS_HOST, METRICS_TOKEN } = env();
// The app reports the open anomaly flags and the notification backlog; a worker reports what it runs (the consumer).
const metricsServer: Promise<MetricsServer | null> = WORKER_METRICS_PORT
  ? startMetricsServer(
      WORKER_METRICS_PORT,
      { consumer: true, anomalies: false, notifications: false },
      { host: WORKER_METRICS_HOST, token: METRICS_TOKEN },
    )
  : Promise.resolve(null);

async function shutdown(signal: string) {
  log.info({ signal }, `stopping on ${signal}`);
  await Promise.all([stopMeteringConsumer(), stopJobs(), metricsServer.then((server) => server?.close())]);
  await closeDatabase();
  process.exit(0);
}
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return; // tsx relays a signal the process group already received
    stopping = true;
    void shutdown(signal);
  });
}
