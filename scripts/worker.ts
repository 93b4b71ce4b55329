// npm run worker — the metering consumer as its own process (PostgreSQL only: the embedded
// database belongs to the app process). Any number of workers may run at once.
import { closeDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { startMeteringConsumer, stopMeteringConsumer } from "@/lib/metering/runtime";

if (!env().DATABASE_URL) {
  console.error("npm run worker needs DATABASE_URL: with the embedded database the app process runs the consumer itself.");
  process.exit(1);
}

startMeteringConsumer();

async function shutdown(signal: string) {
  console.log(JSON.stringify({ component: "metering-consumer", message: `stopping on ${signal}` }));
  await stopMeteringConsumer();
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
