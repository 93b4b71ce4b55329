// Runs once when the server starts: hook the HTTP server's entry, fail fast on a bad environment,
// then start the metering consumer in this process (the only process allowed to open the
// embedded database) and the background jobs (lib/jobs: locked, so this process and any workers
// may all start them).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { installHttpEntry } = await import("@/lib/api/http-entry");
  installHttpEntry();
  const { env } = await import("@/lib/env");
  if (env().METERING_CONSUMER === "inline") {
    const { startMeteringConsumer } = await import("@/lib/metering/runtime");
    startMeteringConsumer();
  }
  const { startJobs } = await import("@/lib/jobs/runtime");
  startJobs();
}
