// The registry as a process-wide service: started once by the app (instrumentation.ts) and by
// `npm run worker`, stopped on shutdown. Every such process runs it; the job locks keep each
// job to one process at a time.
import "server-only";
import { fieldLogger } from "@/lib/observability/logger";
import { registeredJobs } from "./registered-jobs";
import { createJobRegistry, type JobRegistry } from "./registry";

const globalForJobs = globalThis as unknown as { jobRegistry?: JobRegistry };

const log = fieldLogger("jobs");

export function startJobs(): void {
  if (globalForJobs.jobRegistry) return;
  globalForJobs.jobRegistry = createJobRegistry({ jobs: registeredJobs, log });
  globalForJobs.jobRegistry.start();
  log({ level: "info", message: "started", jobs: registeredJobs.map((job) => job.name) });
}

export async function stopJobs(): Promise<void> {
  const running = globalForJobs.jobRegistry;
  globalForJobs.jobRegistry = undefined;
  await running?.stop();
}
