// Fresh, isolated databases for tests: a new PostgreSQL database per test file when
// TEST_POSTGRES_URL is set, else an in-memory PGlite. On PostgreSQL each database is owned by the
// owner role, migrated as it, and the tests' `database()` connects as the app's login role, so
// the whole suite runs with the app's grants; on PGlite the app's session does SET ROLE
// billing_app (which PGlite's superuser can undo: see docs/database.md).
import { randomBytes } from "node:crypto";
import { openDatabase, type Database } from "@/lib/db/database";
import { applyMigrations, readMigrations } from "@/lib/db/migrate";
import { APP_GROUP_ROLE, grantAppGroup, resolveServerRoles, userOf, withDatabase } from "@/lib/db/roles";
import { postgresSession, type SqlSession } from "@/lib/db/sql-session";

export const postgresUrl = process.env.TEST_POSTGRES_URL || undefined;
const migrationPostgresUrl = process.env.TEST_MIGRATION_POSTGRES_URL || postgresUrl;
export const backend = postgresUrl ? "postgres" : "pglite";

export interface TestDatabase {
  /** The app login role's URL (PostgreSQL only). */
  url?: string;
  /** The owner role's URL (PostgreSQL only). */
  ownerUrl?: string;
  open(): Database;
  openAsOwner(): Database;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!postgresUrl || !migrationPostgresUrl) {
    const open = () => openDatabase({ pgliteDir: "memory://" });
    return { open, openAsOwner: open, drop: async () => {} };
  }
  const roles = await resolveServerRoles(postgresUrl, migrationPostgresUrl, "required");
  const name = `billing_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = await postgresSession(roles.adminUrl);
  await admin.exec(`CREATE DATABASE "${name}" OWNER "${userOf(roles.ownerUrl)}"`);
  // A test database is thrown away: waiting for each commit to reach the disk buys it nothing,
  // and skipping the wait made the PostgreSQL suite about a third faster (decision 0097). Commits
  // are still atomic and visible to every connection at once; only a server crash could lose the
  // last few, and no test crashes the server.
  await admin.exec(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
  await admin.close();
  const url = withDatabase(roles.appUrl, name);
  const ownerUrl = withDatabase(roles.ownerUrl, name);
  return {
    url,
    ownerUrl,
    open: () => openDatabase({ url, pgliteDir: "unused" }),
    openAsOwner: () => openDatabase({ url: ownerUrl, pgliteDir: "unused" }),
    async drop() {
      const session = await postgresSession(roles.adminUrl);
      await session.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await session.close();
    },
  };
}

/** Migrates as the owner; afterwards the app's PGlite session acts as billing_app. */
export async function migrate(database: Database, testDatabase: TestDatabase): Promise<void> {
  const session = testDatabase.ownerUrl ? await postgresSession(testDatabase.ownerUrl) : await database.sqlSession();
  try {
    await applyMigrations(session, await readMigrations());
    if (testDatabase.url) await grantAppGroup(session, userOf(testDatabase.url));
    if (database.backend === "pglite") await session.exec(`SET ROLE ${APP_GROUP_ROLE}`);
  } finally {
    await session.close();
  }
}

/**
 * For the few tests that must do what only an owner can (fixtures behind a trigger, ALTER, a
 * fault-injecting trigger): a session as the owner role of this file's database. On PGlite it
 * shares the app's one connection, so it gives up the app's role until it is closed.
 */
export async function ownerSession(database: Database): Promise<SqlSession> {
  const ownerUrl = process.env.TEST_OWNER_DATABASE_URL;
  if (database.backend === "postgres" && ownerUrl) return postgresSession(ownerUrl);
  const shared = await database.sqlSession();
  await shared.exec("RESET ROLE");
  return {
    query: (sql, params) => shared.query(sql, params),
    exec: (sql) => shared.exec(sql),
    async close() {
      await shared.exec(`SET ROLE ${APP_GROUP_ROLE}`);
      await shared.close();
    },
  };
}

/** Runs one owner-only script (ALTER, CREATE TRIGGER …) on this file's database. */
export async function execAsOwner(database: Database, sql: string): Promise<void> {
  const session = await ownerSession(database);
  try {
    await session.exec(sql);
  } finally {
    await session.close();
  }
}
