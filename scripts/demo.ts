// npm run demo — migrate, seed, build and serve the app on the embedded database (or on
// DATABASE_URL when set). Each step is its own process, one after the other: PGlite allows one
// process per data folder, so database tasks never run beside the app.
import { spawnSync } from "node:child_process";
import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/demo/demo-data";
import { DEMO_INGEST_TOKEN } from "@/lib/env";

const port = process.env.PORT ?? "3000";
const url = `http://localhost:${port}`;
const childEnv = {
  ...process.env,
  DEMO_MODE: "1",
  NEXT_TELEMETRY_DISABLED: "1",
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url,
};

function run(title: string, command: string, args: string[]) {
  console.log(`\n▸ ${title}`);
  const result = spawnSync(command, args, { stdio: "inherit", env: childEnv });
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

run("Applying migrations", "npm", ["run", "--silent", "db:migrate"]);
run("Seeding demo data", "npm", ["run", "--silent", "db:seed"]);
if (!process.argv.includes("--no-build")) run("Building the app", "npx", ["next", "build"]);

console.log(`
✓ Billing dashboard: ${url}
  Demo accounts (password "${DEMO_PASSWORD}"):
${DEMO_USERS.map((u) => `    ${u.email.padEnd(28)} ${u.staffRole ?? u.memberships.map((m) => `${m.role} of ${m.workspaceSlug}`).join(", ")}`).join("\n")}
  Metering ingest token: ${DEMO_INGEST_TOKEN}
`);
run("Serving", "npx", ["next", "start", "-p", port]);
