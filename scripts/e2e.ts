// npm run test:e2e — builds the app, prepares a fresh seeded database (a temporary PGlite folder,
// or a fresh database on the DATABASE_URL server), then runs Playwright against `next start`.
// E2E_SKIP_BUILD=1 reuses an existing production build.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { postgresSession } from "@/lib/db/sql-session";
import { findChromium } from "./chromium";

function run(title: string, command: string, args: string[], env: NodeJS.ProcessEnv) {
  console.log(`\n▸ ${title}`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`✗ ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

async function freshDatabaseEnv(): Promise<Record<string, string>> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { DATABASE_URL: "", PGLITE_DIR: path.join(mkdtempSync(path.join(tmpdir(), "billing-e2e-")), "db") };
  const url = new URL(serverUrl);
  const name = `${url.pathname.slice(1) || "billing"}_e2e`;
  const admin = await postgresSession(serverUrl);
  await admin.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.exec(`CREATE DATABASE "${name}"`);
  await admin.close();
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString() };
}

async function main() {
  const chromium = findChromium();
  if (!chromium) throw new Error("No Chromium found: install one with `apt-get install -y chromium` or set CHROMIUM_PATH.");
  const base = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHROMIUM_PATH: chromium };
  if (process.env.E2E_SKIP_BUILD !== "1") run("Building the app (production)", "npx", ["next", "build"], base);
  const database = await freshDatabaseEnv();
  // NATS_URL is cleared so the end-to-end server never consumes messages published by other runs or test suites.
  const env: NodeJS.ProcessEnv = { ...base, ...database, NATS_URL: "" };
  console.log(`\n▸ End-to-end database: ${database.DATABASE_URL || `PGlite at ${database.PGLITE_DIR}`}`);
  run("Migrating", "npm", ["run", "--silent", "db:migrate"], env);
  run("Seeding", "npm", ["run", "--silent", "db:seed"], { ...env, DEMO_MODE: "1" });
  run("Playwright", "npx", ["playwright", "test", ...process.argv.slice(2)], env);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
