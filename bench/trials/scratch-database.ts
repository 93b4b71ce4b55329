// The trials change the schema of the database they run on (drop indexes and constraints,
// truncate tables), so they connect only to a scratch database whose name ends in _trial.
import pg from "pg";

export async function scratchDatabaseClient(): Promise<pg.Client> {
  if (!/_trial$/.test(new URL(process.env.DATABASE_URL ?? "postgresql://x/none").pathname)) {
    console.error("Run this only on a scratch database whose name ends in _trial (it changes indexes and truncates tables).");
    process.exit(2);
  }
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  return client;
}
