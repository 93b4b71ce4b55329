// npm run test:e2e — builds the app, prepares a fresh seeded database (a temporary PGlite folder,
// or a fresh database on the DATABASE_URL server), then runs Playwright against `next start`.
// A second database, the demo data plus one account in many workspaces, is served by a second
// `next start` on the next port for tests/e2e/many-workspaces.spec.ts (playwright.config.ts).
// On PostgreSQL a third database is made for tests/e2e/multi-process.spec.ts (two apps, two workers).
// E2E_SKIP_BUILD=1 reuses an existing production build.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveServerRoles, userOf, withDatabase } from "@/lib/db/roles";
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

/**
 * A fresh database owned by the owner role, migrated as it (MIGRATION_DATABASE_URL) and served
 * as the app's login role (DATABASE_URL), as in production (lib/db/roles.ts).
 */
async function freshDatabaseEnv(suffix = "e2e"): Promise<Record<string, string>> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), `billing-${suffix}-`));
    return { DATABASE_URL: "", MIGRATION_DATABASE_URL: "", PGLITE_DIR: path.join(dir, "db") };
  }
  const roles = await resolveServerRoles(serverUrl, process.env.MIGRATION_DATABASE_URL || serverUrl, "when-possible");
  const name = `${new URL(serverUrl).pathname.slice(1) || "billing"}_${suffix}`;
  const admin = await postgresSession(roles.adminUrl);
  await admin.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.exec(`CREATE DATABASE "${name}" OWNER "${userOf(roles.ownerUrl)}"`);
  await admin.close();
  return { DATABASE_URL: withDatabase(roles.appUrl, name), MIGRATION_DATABASE_URL: withDatabase(roles.ownerUrl, name) };
}

async function main() {
  const chromium = findChromium();
  if (!chromium) throw new Error("No Chromium found: install one with `apt-get install -y chromium` or set CHROMIUM_PATH.");
  const base = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHROMIUM_PATH: chromium };
  if (process.env.E2E_SKIP_BUILD !== "1") run("Building the app (production)", "npx", ["next", "build"], base);
  const database = await freshDatabaseEnv();
  const many = await freshDatabaseEnv("e2e_many");
  // NATS_URL is cleared so the end-to-end server never consumes messages published by other runs or test suites.
  const env: NodeJS.ProcessEnv = { ...base, ...database, NATS_URL: "" };
  const manyEnv: NodeJS.ProcessEnv = { ...base, ...many, NATS_URL: "" };
  console.log(`\n▸ End-to-end database: ${database.DATABASE_URL || `PGlite at ${database.PGLITE_DIR}`}`);
  run("Migrating", "npm", ["run", "--silent", "db:migrate"], env);
  run("Seeding", "npm", ["run", "--silent", "db:seed"], { ...env, DEMO_MODE: "1" });
  run(
    "Adding an account for the sign-in throttle test",
    "npx",
    ["tsx", "--conditions=react-server", "tests/e2e/throttle-account-seed.ts"],
    env,
  );
  console.log(`\n▸ Many-workspaces database: ${many.DATABASE_URL || `PGlite at ${many.PGLITE_DIR}`}`);
  run("Migrating it", "npm", ["run", "--silent", "db:migrate"], manyEnv);
  run("Seeding it", "npm", ["run", "--silent", "db:seed"], { ...manyEnv, DEMO_MODE: "1" });
  run("Adding an account in many workspaces", "npx", ["tsx", "--conditions=react-server", "tests/e2e/many-workspaces-seed.ts"], manyEnv);
  run("Adding a workspace the billing flag hides", "npx", ["tsx", "--conditions=react-server", "tests/e2e/rollout-seed.ts"], manyEnv);
  const manyDatabase = { E2E_MANY_DATABASE_URL: many.DATABASE_URL ?? "", E2E_MANY_PGLITE_DIR: many.PGLITE_DIR ?? "" };
  const multiDatabase = process.env.DATABASE_URL ? await multiProcessDatabase(base) : {};
  run("Playwright", "npx", ["playwright", "test", ...process.argv.slice(2)], { ...env, ...manyDatabase, ...multiDatabase });
}

/** On PostgreSQL only, a third database for tests/e2e/multi-process.spec.ts, which serves it itself. */
async function multiProcessDatabase(base: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const multi = await freshDatabaseEnv("e2e_multi");
  const multiEnv: NodeJS.ProcessEnv = { ...base, ...multi, NATS_URL: "" };
  console.log(`\n▸ Multi-process database: ${multi.DATABASE_URL}`);
  run("Migrating it", "npm", ["run", "--silent", "db:migrate"], multiEnv);
  run("Seeding it", "npm", ["run", "--silent", "db:seed"], { ...multiEnv, DEMO_MODE: "1" });
  return { E2E_MULTI_DATABASE_URL: multi.DATABASE_URL! };
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
