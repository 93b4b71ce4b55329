// npm run db:seed [-- --tier demo|staging|large] [--workspaces N] — idempotent seed data: the demo
// tier (default; README.md for the accounts), or with it the staging or the large tier
// (docs/operations-data.md). Progress on stderr.
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { isSeedTier, SEED_TIERS, seedTier } from "@/lib/seed/seed-tier";
import { progress, type Progress } from "./progress";
import { CliUsageError, runCli } from "./run-cli";

const USAGE = `Usage: npm run db:seed [-- --tier ${SEED_TIERS.join("|")}] [--workspaces N (staging)]`;

async function main() {
  let values;
  try {
    ({ values } = parseArgs({ options: { tier: { type: "string", default: "demo" }, workspaces: { type: "string" } } }));
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const tier = values.tier;
  if (!isSeedTier(tier)) throw new CliUsageError(`Unknown tier ${JSON.stringify(tier)}: choose one of ${SEED_TIERS.join(", ")}.\n${USAGE}`);
  const workspaces = values.workspaces === undefined ? undefined : Number(values.workspaces);
  if (workspaces !== undefined && (!Number.isInteger(workspaces) || workspaces < 1 || tier !== "staging")) {
    throw new CliUsageError(`--workspaces takes a whole number of at least 1, with --tier staging.\n${USAGE}`);
  }
  if (env().NODE_ENV === "production" && !env().DEMO_MODE) {
    throw new Error("Refusing to seed demo accounts in production. Set DEMO_MODE=1 for a local demo.");
  }
  console.log(`Seeding the ${tier} tier`);
  const started = Date.now();
  let bar: Progress | null = null;
  await seedTier(tier, {
    log: (line) => console.log(`  ${line}`),
    stagingWorkspaces: workspaces,
    onProgress: (done, total, unit) => {
      bar ??= progress(`  ${unit}`, total);
      if (done < total) return bar.update(done);
      bar.done();
      bar = null;
    },
  });
  (bar as Progress | null)?.done();
  console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

runCli(main);
