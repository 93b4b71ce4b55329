// Fresh, isolated databases for tests: a new PostgreSQL database per test file when
// TEST_POSTGRES_URL is set, else an in-memory PGlite.
import { randomBytes } from "node:crypto";
import { openDatabase, type Database } from "@/lib/db/database";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { postgresSession } from "@/lib/db/sql-session";

export const postgresUrl = process.env.TEST_POSTGRES_URL || undefined;
export const backend = postgresUrl ? "postgres" : "pglite";

export interface TestDatabase {
  url?: string;
  open(): Database;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!postgresUrl) {
    return { open: () => openDatabase({ pgliteDir: "memory://" }), drop: async () => {} };
  }
  const name = `billing_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = await postgresSession(postgresUrl);
  await admin.exec(`CREATE DATABASE "${name}"`);
  await admin.close();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    open: () => openDatabase({ url: url.toString(), pgliteDir: "unused" }),
    async drop() {
      const session = await postgresSession(postgresUrl);
      await session.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await session.close();
    },
  };
}

export async function migrate(database: Database): Promise<void> {
  const session = await database.sqlSession();
  try {
    await applyMigrations(session, await readMigrations());
  } finally {
    await session.close();
  }
}
