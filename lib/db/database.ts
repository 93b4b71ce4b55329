// Opens the database: embedded PGlite by default, PostgreSQL when DATABASE_URL is set.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "./generated/client";
import { lockEmbeddedDataDir } from "./embedded-lock";
import { pgliteSession, postgresSession, type SqlSession } from "./sql-session";

export interface DatabaseConfig {
  /** postgres:// URL; when absent the embedded database at `pgliteDir` is used. */
  url?: string;
  /** Connections this process may open to PostgreSQL. */
  poolSize?: number;
  /** A folder, or memory:// for a throwaway in-memory database. */
  pgliteDir: string;
}

export interface Database {
  backend: "pglite" | "postgres";
  prisma: PrismaClient;
  /** A raw SQL session on the same database (the same connection, for PGlite). */
  sqlSession(): Promise<SqlSession>;
  close(): Promise<void>;
}

export function openDatabase(config: DatabaseConfig): Database {
  return config.url ? openPostgres(config.url, config.poolSize) : openPglite(config.pgliteDir);
}

function openPostgres(url: string, poolSize = 10): Database {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
  return {
    backend: "postgres",
    prisma,
    sqlSession: () => postgresSession(url),
    close: () => prisma.$disconnect(),
  };
}

function openPglite(dataDir: string): Database {
  const inMemory = dataDir.startsWith("memory://");
  let release = () => {};
  if (!inMemory) {
    release = lockEmbeddedDataDir(dataDir);
    mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  }
  const pglite = new PGlite(inMemory ? dataDir : path.resolve(dataDir));
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    backend: "pglite",
    prisma,
    sqlSession: async () => pgliteSession(pglite),
    async close() {
      await prisma.$disconnect();
      await pglite.close();
      release();
    },
  };
}
