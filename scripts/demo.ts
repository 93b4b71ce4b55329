// npm run demo — migrate, seed, build and serve the app on the embedded database (or on
// DATABASE_URL when set). Each step is its own process, one after the other: PGlite allows one
// process per data folder, so database tasks never run beside the app.
import { spawnSync } from "node:child_process";
import { APP_LOGIN_ROLE, ensureRoles, isSuperuser, OWNER_LOGIN_ROLE, withUser } from "@/lib/db/roles";
import { postgresSession } from "@/lib/db/sql-session";
import { DEMO_PASSWORD, DEMO_USERS } from "@/lib/demo/demo-data";
import { DEMO_INGEST_TOKEN } from "@/lib/env";

const port = process.env.PORT ?? "3000";
const url = `http://localhost:${port}`;
/**
 * With a superuser DATABASE_URL and no MIGRATION_DATABASE_URL the demo runs as production does:
 * the roles are created, migrations run as the owner of the schema (billing_owner for a fresh
 * database, whoever migrated it before otherwise) and the app serves as billing_app_login.
 */
async function demoRoles(): Promise<Record<string, string>> {
  const url = process.env.DATABASE_URL;
  if (!url || process.env.MIGRATION_DATABASE_URL) return {};
  const admin = await postgresSession(url);
  try {
    if (!(await isSuperuser(admin))) return {};
    await ensureRoles(admin);
    const [migrated] = await admin.query<{ owner: string }>(
      `SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'public' AND tablename = '_prisma_migrations'`,
    );
    if (!migrated) await admin.exec(`ALTER DATABASE "${new URL(url).pathname.slice(1)}" OWNER TO ${OWNER_LOGIN_ROLE}`);
    const owner = migrated?.owner ?? OWNER_LOGIN_ROLE;
    console.log(`▸ Database roles: migrations as ${owner}, the app as ${APP_LOGIN_ROLE}`);
    return { MIGRATION_DATABASE_URL: withUser(url, owner), DATABASE_URL: withUser(url, APP_LOGIN_ROLE) };
  } finally {
    await admin.close();
  }
}

const childEnv = {
  ...process.env,
  ...(await demoRoles()),
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
