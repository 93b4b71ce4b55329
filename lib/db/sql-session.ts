// A single raw SQL connection to either backend, for the few jobs that must run outside Prisma:
// applying migrations, creating/dropping test databases, holding a job's advisory lock.
import "server-only";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export interface SqlSession {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a script of one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** A session on the app's own PGlite instance; closing it leaves the database open. */
export function pgliteSession(db: PGlite): SqlSession {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      return (await db.query<Row>(sql, params)).rows;
    },
    async exec(sql) {
      await db.exec(sql);
    },
    async close() {},
  };
}

export async function postgresSession(connectionString: string): Promise<SqlSession> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  // A connection the server drops while idle (a job's lock connection, held for the whole run)
  // must not crash the process: the next query on it fails instead.
  client.on("error", () => {});
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params)).rows as Row[];
    },
    async exec(sql) {
      await client.query(sql);
    },
    async close() {
      await client.end();
    },
  };
}
