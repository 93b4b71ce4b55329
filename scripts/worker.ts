// npm run worker — the metering consumer and the background jobs as their own process
// (PostgreSQL only: the embedded database belongs to the app process). Any number of workers may
// run at once; each job runs in one process at a time (lib/jobs/job-lock.ts).
import { closeDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { startJobs, stopJobs } from "@/lib/jobs/runtime";
import { startMeteringConsumer, stopMeteringConsumer } from "@/lib/metering/runtime";

if (!env().DATABASE_URL) {
  console.error("npm run worker needs DATABASE_URL: with the embedded database the app process runs the consumer itself.");
  process.exit(1);
}

startMeteringConsumer();
startJobs();

async function shutdown(signal: string) {
  console.log(JSON.stringify({ component: "metering-consumer", message: `stopping on ${signal}` }));
  await Promise.all([stopMeteringConsumer(), stopJobs()]);
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
