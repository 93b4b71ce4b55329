// npm run bench:anomalies — the anomaly detection job on PostgreSQL at the large tier (2,000
// workspaces × 30 product areas × 120 days, seeded like bench:api in `billing_bench_api`,
// bench/bench-support.ts). Prints the time of a full pass over every workspace, then of an
// incremental pass after a typical consumer batch (one that touched --batch-workspaces
// workspaces: their UsageVersion moves, as the consumer's does). Never asserts a target.
//
// Options: --batch-workspaces N (50), --parallel N (workspaces examined at once in the full pass;
// the product's default when absent), --reuse-db (keep billing_bench_api when already seeded;
// it is migrated either way, so the anomaly tables exist).
import { performance } from "node:perf_hooks";
import {
  BENCH_WORKSPACES,
  benchDatabaseReady,
  benchUrl,
  benchWorkspaceId,
  createBenchDatabase,
  fmt,
  intArg,
  migrateBenchDatabase,
  parseArgs,
  runMain,
  withClient,
} from "./bench-support";

const USAGE = "npm run bench:anomalies -- [--batch-workspaces N] [--parallel N] [--reuse-db]";

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), ["--batch-workspaces", "--parallel"], ["--reuse-db"], USAGE);
  const batchWorkspaces = intArg(args, "--batch-workspaces", 50);
  if (args.flags.has("--reuse-db") && (await benchDatabaseReady())) migrateBenchDatabase();
  else await createBenchDatabase();
  // The job's modules read DATABASE_URL on first use: point them at the bench database.
  process.env.DATABASE_URL = benchUrl().toString();
  const { runFullPass, runIncrementalPass } = await import("@/lib/anomalies/anomaly-job");
  const { closeDatabase } = await import("@/lib/db");

  let started = performance.now();
  const parallel = args.values.has("--parallel") ? intArg(args, "--parallel", 1) : undefined;
  const full = await runFullPass({ parallel });
  const fullSeconds = (performance.now() - started) / 1000;
  console.log(
    `▸ Full pass: ${fmt(full.examined)} workspaces in ${fmt(fullSeconds, 1)} s, ${parallel ?? "default"} at once (${fmt((fullSeconds * 1000) / full.examined, 1)} ms each); ${fmt(full.created)} flags created`,
  );

  const touched = Array.from({ length: Math.min(batchWorkspaces, BENCH_WORKSPACES) }, (_, i) => benchWorkspaceId(i));
  await withClient(benchUrl(), (c) =>
    c.query(`UPDATE "UsageVersion" SET version = version + 1, "updatedAt" = now() WHERE "workspaceId" = ANY($1::text[])`, [touched]),
  );
  started = performance.now();
  const incremental = await runIncrementalPass();
  console.log(
    `▸ Incremental pass after a batch touching ${touched.length} workspaces: ${fmt(incremental.examined)} examined in ${fmt((performance.now() - started) / 1000, 2)} s`,
  );
  started = performance.now();
  const idle = await runIncrementalPass();
  console.log(`▸ Idle tick (nothing moved): ${fmt(idle.examined)} examined in ${fmt(performance.now() - started)} ms`);
  await closeDatabase();
});
