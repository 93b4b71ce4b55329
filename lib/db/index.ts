// The process-wide database handle. Domain code calls `db()` and `database()`: outside production
// both refuse a query on a tenant model that names no workspace (lib/db/tenant-guard.ts). System
// jobs, which work across tenants by design, call `systemDb()` and `systemDatabase()`. Scripts and
// tests close it.
import "server-only";
import { env } from "@/lib/env";
import { openDatabase, type Database } from "./database";
import type { PrismaClient } from "./generated/client";
import { assertScopedSql, guardTenantQueries } from "./tenant-guard";

export type { PrismaClient } from "./generated/client";
export { Prisma } from "./generated/client";

const globalForDb = globalThis as unknown as { billingDatabase?: Database };
const guardedOf = new WeakMap<Database, Database>();

/** Unguarded: for the consumer, ingest, retention, seeding and the named `unsafe…` lookups only. */
export function systemDatabase(): Database {
  if (!globalForDb.billingDatabase) {
    const { DATABASE_URL, DATABASE_POOL_SIZE, PGLITE_DIR } = env();
    globalForDb.billingDatabase = openDatabase({ url: DATABASE_URL, poolSize: DATABASE_POOL_SIZE, pgliteDir: PGLITE_DIR });
  }
  return globalForDb.billingDatabase;
}

export function database(): Database {
  const base = systemDatabase();
  if (process.env.NODE_ENV === "production") return base;
  let guarded = guardedOf.get(base);
  if (!guarded) {
    guarded = {
      ...base,
      prisma: guardTenantQueries(base.prisma),
      async query(sql) {
        assertScopedSql(sql);
        return base.query(sql);
      },
      async execute(sql) {
        assertScopedSql(sql);
        return base.execute(sql);
      },
    };
    guardedOf.set(base, guarded);
  }
  return guarded;
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
  await current?.close();
}
