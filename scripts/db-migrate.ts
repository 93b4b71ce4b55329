// npm run db:migrate — applies pending migrations to the configured database.
import { closeDatabase, database } from "@/lib/db";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { env } from "@/lib/env";

async function main() {
  const target = env().DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite at ${env().PGLITE_DIR}`;
  console.log(`Migrating ${target}`);
  const session = await database().sqlSession();
  try {
    const applied = await applyMigrations(session, await readMigrations(), (line) => console.log(`  ${line}`));
    console.log(applied.length ? `Applied ${applied.length} migration(s).` : "Already up to date.");
  } finally {
    await session.close();
    await closeDatabase();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
