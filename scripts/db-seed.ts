// npm run db:seed — idempotent demo data (see README.md for the accounts).
import { db } from "@/lib/db";
import { seedDemo } from "@/lib/demo/seed-demo";
import { env } from "@/lib/env";
import { runCli } from "./run-cli";

async function main() {
  if (env().NODE_ENV === "production" && !env().DEMO_MODE) {
    throw new Error("Refusing to seed demo accounts in production. Set DEMO_MODE=1 for a local demo.");
  }
  console.log("Seeding demo data");
  const started = Date.now();
  await seedDemo(db(), { log: (line) => console.log(`  ${line}`) });
  console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

runCli(main);
