// Opens the database: embedded PGlite by default, PostgreSQL when DATABASE_URL is set.
import "server-only";
import { componentLogger } from "@/lib/observability/logger";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { Prisma, PrismaClient } from "./generated/client";
import { lockEmbeddedDataDir } from "./embedded-lock";
import { pgliteSession, postgresSession, type SqlSession } from "./sql-session";

export interface DatabaseConfig {
  /** postgres:// URL; when absent the embedded database at `pgliteDir` is used. */
  url?: string;
  /** Connections this process may open to PostgreSQL. */
  poolSize?: number;
  /** A folder, or memory:// for a throwaway in-memory database. */
  pgliteDir: string;
  /** In memory only: start from this dump of a data directory (PGlite's `dumpDataDir`) instead of an empty one. */
  pgliteSnapshot?: Blob;
}

export interface Database {
  backend: "pglite" | "postgres";
  prisma: PrismaClient;
  /** A raw SQL session on the same database (the same connection, for PGlite). */
  sqlSession(): Promise<SqlSession>;
  /**
   * PostgreSQL only: runs `read` on a raw `pg` connection in a read-only transaction that sees
   * exactly the snapshot another open transaction exported with `pg_export_snapshot()`. Long
   * reads (exports) use it to stream without Prisma's per-row objects yet stay consistent with
   * what that transaction reads and writes.
   */
  readAtSnapshot?<T>(snapshot: string, read: (client: pg.ClientBase) => Promise<T>): Promise<T>;
  /**
   * Hot paths (every API request, every ingest batch) run their statements here. On PostgreSQL
   * they go through a plain `pg` pool: Prisma's query interpreter costs several times the CPU of
   * the query itself (about 106 against 29 µs for a one-row read, more for a large statement).
   * On PGlite they go through Prisma, the one connection. Both must return the same JS types, so
   * cast int8 and numeric columns to text or int in SQL (pg gives int8 as a string, Prisma as a
   * bigint).
   */
  query<T>(sql: Prisma.Sql, options?: QueryOptions): Promise<T[]>;
  /** Like `query`, for a statement whose row count is the answer. */
  execute(sql: Prisma.Sql, options?: QueryOptions): Promise<number>;
  close(): Promise<void>;
}

export interface QueryOptions {
  /**
   * PostgreSQL: run it as a named prepared statement, parsed once per connection. Still planned on
   * every execution with its values (the hot pool sets plan_cache_mode=force_custom_plan): a
   * generic plan made while the queue was empty would keep scanning it whole once it fills, as
   * nothing but ANALYZE replans it. Only for the fixed statements every request runs: each
   * distinct text stays prepared on every connection of the pool.
   */
  prepared?: boolean;
}

/** Distinct texts prepared per process at most; past it, statements run unnamed as before. */
const PREPARED_KEPT = 32;

/** Raw connections for snapshot reads (exports running at once), on top of Prisma's pool. */
const SNAPSHOT_READERS = 4;

export function openDatabase(config: DatabaseConfig): Database {
  return config.url ? openPostgres(config.url, config.poolSize) : openPglite(config.pgliteDir, config.pgliteSnapshot);
}

function openPostgres(url: string, poolSize = 10): Database {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
  let readers: pg.Pool | undefined;
  let hotPath: pg.Pool | undefined;
  const hot = () => (hotPath ??= plainPool(url, poolSize, "hot-path connection lost", "-c plan_cache_mode=force_custom_plan"));
  // The name of each prepared text: pg refuses one name for two texts, so names follow texts.
  const preparedNames = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = preparedNames.get(text);
    if (name === undefined && preparedNames.size < PREPARED_KEPT) preparedNames.set(text, (name = `hot_${preparedNames.size}`));
    return name;
  };
  const run = (sql: Prisma.Sql, options: QueryOptions | undefined) => {
    const name = options?.prepared ? nameOf(sql.text) : undefined;
    return name ? hot().query({ name, text: sql.text, values: sql.values }) : hot().query(sql.text, sql.values);
  };
  return {
    backend: "postgres",
    prisma,
    sqlSession: () => postgresSession(url),
    async query<T>(sql: Prisma.Sql, options?: QueryOptions) {
      return (await run(sql, options)).rows as T[];
    },
    async execute(sql, options) {
      return (await run(sql, options)).rowCount ?? 0;
    },
    async readAtSnapshot(snapshot, read) {
      // Snapshot ids look like 00000003-0000001B-1; SET TRANSACTION SNAPSHOT takes no parameters.
      if (!/^[0-9A-F]+-[0-9A-F]+-[0-9]+$/i.test(snapshot)) throw new Error(`Not a snapshot id: ${snapshot}`);
      readers ??= plainPool(url, SNAPSHOT_READERS, "snapshot reader connection lost");
      const client = await readers.connect();
      try {
        await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '${snapshot}'`);
        const result = await read(client);
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        client.release(error as Error); // a connection in an unknown state is closed, not reused
        throw error;
      }
    },
    async close() {
      await prisma.$disconnect();
      await readers?.end();
      await hotPath?.end();
    },
  };
}

function plainPool(url: string, max: number, lostMessage: string, options?: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, ...(options && { options }) });
  // An idle connection the server closes (restart, failover) must not crash the process; the
  // pool drops it and opens a fresh one on the next query.
  pool.on("error", (error) =>
    componentLogger("database").warn({ code: (error as { code?: string }).code, error: error.message }, lostMessage),
  );
  return pool;
}

function openPglite(dataDir: string, snapshot?: Blob): Database {
  const inMemory = dataDir.startsWith("memory://");
  let release = () => {};
  if (!inMemory) {
    release = lockEmbeddedDataDir(dataDir);
    mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  }
  const pglite = inMemory ? new PGlite(dataDir, snapshot && { loadDataDir: snapshot }) : new PGlite(path.resolve(dataDir));
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    backend: "pglite",
    prisma,
    sqlSession: async () => pgliteSession(pglite),
    // One connection, in process: nothing to prepare.
    query: <T>(sql: Prisma.Sql) => prisma.$queryRaw<T[]>(sql),
    execute: (sql) => prisma.$executeRaw(sql),
    async close() {
      await prisma.$disconnect();
      await pglite.close();
      release();
    },
  };
}
