// npm run db:migrate — applies pending migrations to the configured database: on PostgreSQL as
// the owner role (MIGRATION_DATABASE_URL, or DATABASE_URL when unset), then makes the app's
// login role (DATABASE_URL) a member of billing_app, which holds the app's grants.
import { closeDatabase, database } from "@/lib/db";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { grantAppGroup, userOf } from "@/lib/db/roles";
import { postgresSession, type SqlSession } from "@/lib/db/sql-session";
import { env } from "@/lib/env";
import { runCli } from "./run-cli";

async function migrate(session: SqlSession) {
  const applied = await applyMigrations(session, await readMigrations(), (line) => console.log(`  ${line}`));
  console.log(applied.length ? `Applied ${applied.length} migration(s).` : "Already up to date.");
}

async function main() {
  const { DATABASE_URL, MIGRATION_DATABASE_URL, PGLITE_DIR } = env();
  if (!DATABASE_URL || !MIGRATION_DATABASE_URL) {
    console.log(`Migrating embedded PGlite at ${PGLITE_DIR}`);
    const session = await database().sqlSession();
    await migrate(session).finally(() => closeDatabase());
    return;
  }
  const [owner, app] = [userOf(MIGRATION_DATABASE_URL), userOf(DATABASE_URL)];
  console.log(`Migrating PostgreSQL as ${owner} (${MIGRATION_DATABASE_URL === DATABASE_URL ? "DATABASE_URL" : "MIGRATION_DATABASE_URL"})`);
  const session = await postgresSession(MIGRATION_DATABASE_URL);
  try {
    await migrate(session);
    if (owner === app) {
      console.log("  note: the app connects as the migration role; in production give it a least-privilege role (docs/database.md)");
    } else {
      await grantAppGroup(session, app);
      console.log(`  ${app} is a member of billing_app`);
    }
  } finally {
    await session.close();
  }
}

runCli(main);
