// The process-wide database handle. Domain code calls `db()`; scripts and tests close it.
import { env } from "@/lib/env";
import { openDatabase, type Database } from "./database";
import type { PrismaClient } from "./generated/client";

export type { PrismaClient } from "./generated/client";
export { Prisma } from "./generated/client";

const globalForDb = globalThis as unknown as { billingDatabase?: Database };

export function database(): Database {
  if (!globalForDb.billingDatabase) {
    const { DATABASE_URL, DATABASE_POOL_SIZE, PGLITE_DIR } = env();
    globalForDb.billingDatabase = openDatabase({ url: DATABASE_URL, poolSize: DATABASE_POOL_SIZE, pgliteDir: PGLITE_DIR });
  }
  return globalForDb.billingDatabase;
}

export function db(): PrismaClient {
  return database().prisma;
}

export async function closeDatabase(): Promise<void> {
  const current = globalForDb.billingDatabase;
  globalForDb.billingDatabase = undefined;
  await current?.close();
}
