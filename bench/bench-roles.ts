// bench:ingest's database as production has it (docs/database.md, "Roles"): created, migrated and
// given its scratch tables by the owner (MIGRATION_DATABASE_URL), used by the app, the workers and
// the monitoring queries through DATABASE_URL's role, which may be the least-privilege one. With
// DATABASE_URL alone, that one role does everything.
import pg from "pg";

export interface BenchUrls {
  /** The owner on the server's own database: drops and creates the bench database. */
  admin: URL;
  owner: URL;
  app: URL;
}

export function benchUrls(benchDatabase: string): BenchUrls {
  const app = new URL(process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres");
  const admin = new URL(process.env.MIGRATION_DATABASE_URL || app);
  const inBench = (url: URL) => Object.assign(new URL(url), { pathname: `/${benchDatabase}` });
  return { admin, owner: inBench(admin), app: inBench(app) };
}

const INSUFFICIENT_PRIVILEGE = "42501";
let checkpointRefused = false;

/** CHECKPOINT before a timed step; a role without pg_checkpoint (or superuser) goes without one. */
export async function checkpoint(client: pg.Client | pg.Pool): Promise<void> {
  try {
    await client.query("CHECKPOINT");
  } catch (error) {
    if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error;
    if (!checkpointRefused) console.log("  ! CHECKPOINT needs superuser or pg_checkpoint: skipped, so one may fall inside a timed step");
    checkpointRefused = true;
  }
}
