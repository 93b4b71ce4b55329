// The process-wide database handle. Domain code calls `db()` and `database()`: both refuse a query
// on a tenant model that names no workspace (lib/db/tenant-guard.ts), in production too (its cost
// was measured within noise: docs/decisions/0090-tenant-guard-in-production.md). System
// jobs, which work across tenants by design, call `systemDb()` and `systemDatabase()`. Scripts and
// tests close it.
import "server-only";
import { env } from "@/lib/env";
import { openDatabase, type Database } from "./database";
import type { PrismaClient } from "./generated/client";
import { assertScopedSql, guardTenantQueries } from "./tenant-guard";

export type { PrismaClient } from "./generated/client";
export { Prisma } from "./generated/client";

// The guarded handle is made once per base handle and kept beside it, with the base it guards.
const globalForDb = globalThis as unknown as { billingDatabase?: Database; billingGuarded?: { base: Database; handle: Database } };

/** Unguarded: for the consumer, ingest, retention, seeding and the named `unsafe…` lookups only. */
export function systemDatabase(): Database {
  if (!globalForDb.billingDatabase) {
    const { DATABASE_URL, DATABASE_POOL_SIZE, PGLITE_DIR } = env();
    globalForDb.billingDatabase = openDatabase({ url: DATABASE_URL, poolSize: DATABASE_POOL_SIZE, pgliteDir: PGLITE_DIR });
  }
  return globalForDb.billingDatabase;
}

/** The tests' setup opens the process's database itself (from a migrated snapshot); nothing else may. */
export function installDatabase(opened: Database): void {
  if (globalForDb.billingDatabase) throw new Error("the database is already open");
  globalForDb.billingDatabase = opened;
}

export function database(): Database {
  const base = systemDatabase();
  if (globalForDb.billingGuarded?.base !== base) globalForDb.billingGuarded = { base, handle: guarded(base) };
  return globalForDb.billingGuarded.handle;
}

function guarded(base: Database): Database {
  return {
    ...base,
    prisma: guardTenantQueries(base.prisma),
    async query(sql, options) {
      assertScopedSql(sql);
      return base.query(sql, options);
    },
    async execute(sql, options) {
      assertScopedSql(sql);
      return base.execute(sql, options);
    },
  };
}

export function db(): PrismaClient {
  return database().prisma;
}

/** The unguarded client: see `systemDatabase`. */
export function systemDb(): PrismaClient {
  return systemDatabase().prisma;
}

export async function closeDatabase(): Promise<void> {
  const current = globalForDb.billingDatabase;
  globalForDb.billingDatabase = undefined;
  globalForDb.billingGuarded = undefined;
  await current?.close();
}
