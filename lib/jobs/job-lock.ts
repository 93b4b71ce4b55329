// One run of a job at a time across every process on the database.
//
// PostgreSQL: a session-level advisory lock, taken with pg_try_advisory_lock on a connection of
// its own and held while the job runs on the ordinary pool. Closing that connection releases it,
// so a process that dies mid-run frees the job for the others.
//
// PGlite: one process per data folder (lib/db/embedded-lock.ts), and all its queries share one
// connection. An advisory lock there would be re-entrant on that shared session and so exclude
// nothing; the only overlap left is two registries in the same process, which a process-wide set
// of running jobs rules out.
import "server-only";
import { createHash } from "node:crypto";
import type { Database } from "@/lib/db/database";

export interface HeldJobLock {
  release(): Promise<void>;
}

/** A stable bigint key per job name (not hashtext(), whose values may change between releases). */
export function jobLockKey(name: string): bigint {
  return createHash("sha256").update(`job:${name}`).digest().readBigInt64BE(0);
}

/** The lock for `name`, or null when another process (or registry) is running that job now. */
export async function tryJobLock(database: Database, name: string): Promise<HeldJobLock | null> {
  return database.backend === "pglite" ? tryInProcessLock(name) : tryAdvisoryLock(database, name);
}

async function tryAdvisoryLock(database: Database, name: string): Promise<HeldJobLock | null> {
  const session = await database.sqlSession();
  const release = () => session.close().catch(() => {}); // a lost connection has released the lock already
  try {
    const [row] = await session.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [
      jobLockKey(name).toString(),
    ]);
    if (row?.locked) return { release };
  } catch (error) {
    await release();
    throw error;
  }
  await release();
  return null;
}

const globalForJobs = globalThis as unknown as { runningEmbeddedJobs?: Set<string> };

function tryInProcessLock(name: string): HeldJobLock | null {
  const running = (globalForJobs.runningEmbeddedJobs ??= new Set());
  if (running.has(name)) return null;
  running.add(name);
  return { release: async () => void running.delete(name) };
}
