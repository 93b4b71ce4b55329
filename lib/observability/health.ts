// Liveness (the process answers) and readiness (it can do its work): every check named in the
// body, each with a short timeout, so a hung database makes readiness fail fast instead of hang.
import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { Prisma, systemDatabase } from "@/lib/db";
import type { Database } from "@/lib/db/database";
import { env } from "@/lib/env";
import { natsConnected } from "@/lib/metering/runtime";

import type { checkResultSchema, healthResponseSchema } from "./health-response";

type CheckResult = z.infer<typeof checkResultSchema>;
export type HealthReport = z.infer<typeof healthResponseSchema>;

export const CHECK_TIMEOUT_MS = 2_000;

export function liveness(): HealthReport {
  return { status: "ok", checks: { process: { status: "ok" } } };
}

export interface ReadinessOptions {
  /** The database to check (the process's own by default; tests pass an unreachable one). */
  database?: Database;
  maxLagSeconds?: number;
  /** null: no NATS source configured. */
  natsConnected?: boolean | null;
}

let migrationNames: Promise<string[]> | undefined;

export async function readiness(options: ReadinessOptions = {}): Promise<HealthReport> {
  const database = options.database ?? systemDatabase();
  const maxLag = options.maxLagSeconds ?? env().READINESS_MAX_LAG_SECONDS;
  const nats = options.natsConnected === undefined ? (env().NATS_URL ? natsConnected() : null) : options.natsConnected;
  // The first check tells whether the others can be asked at all: with the database down they fail alike.
  const reachable = await timed(async () => {
    await database.query(Prisma.sql`SELECT 1 AS ok`);
  });
  const dependent = (check: () => Promise<string | undefined>) =>
    reachable.status === "ok" ? timed(check) : Promise.resolve<CheckResult>({ status: "fail", message: "database unreachable" });
  const [migrations, lag] = await Promise.all([
    dependent(async () => {
      const expected = await (migrationNames ??= migrationFolders());
      const rows = await database.query<{ name: string }>(Prisma.sql`
        SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
      const applied = new Set(rows.map((row) => row.name));
      const missing = expected.filter((name) => !applied.has(name));
      if (missing.length > 0) throw new Error(`${missing.length} not applied, first ${missing[0]}`);
      return `${expected.length} applied`;
    }),
    dependent(async () => {
      const [row] = await database.query<{ oldest: Date | string | null }>(
        Prisma.sql`SELECT (SELECT "receivedAt" FROM "MeteringInbox" ORDER BY seq LIMIT 1) AS oldest`,
      );
      const age = row?.oldest ? Math.max(0, (Date.now() - new Date(row.oldest).getTime()) / 1000) : 0;
      if (age > maxLag) throw new Error(`oldest unapplied event is ${Math.round(age)} s old (limit ${maxLag} s)`);
      return `${Math.round(age)} s (limit ${maxLag} s)`;
    }),
  ]);
  const checks: Record<string, CheckResult> = {
    database: reachable,
    migrations,
    consumer_lag: lag,
    nats:
      nats === null
        ? { status: "skipped", message: "NATS_URL not set" }
        : nats
          ? { status: "ok" }
          : { status: "fail", message: "not connected" },
  };
  return { status: Object.values(checks).some((check) => check.status === "fail") ? "fail" : "ok", checks };
}

// The release's migrations, as lib/db/migrate.ts finds them (the folders' names, sorted), read from
// the working directory `next start` and `npm run worker` run in. The marker keeps the bundler
// from tracing the whole project for this one read.
async function migrationFolders(): Promise<string[]> {
  const dir = path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations");
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function timed(check: () => Promise<string | void | undefined>): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const message = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: "ok", ...(message ? { message } : {}), durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: "fail", message: failure(error), durationMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

// A database error's code and class, never its full text (which may quote a connection string).
function failure(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === "string") return `database error ${code}`;
  return error instanceof Error ? error.message.slice(0, 200) : "failed";
}
