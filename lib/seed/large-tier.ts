// The large tier (npm run db:seed -- --tier large, and the benches' database): 2,000 workspaces
// × 30 product areas × 120 days, written with set-based SQL. The rows are what the product would
// hold: daily rows, their period rollups (rebuilt in one statement after the load instead of row by
// row by the trigger, when the connection may switch the trigger off) and the usage versions moved.
import { hashPassword } from "@/lib/auth/password";

/** What the loader needs of a connection: pg.Client fits, and so does an adapter over Prisma. */
export interface BulkClient {
  query(sql: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
}

export const LARGE_TIER = {
  workspaces: 2000,
  extraAreas: 18,
  historyDays: 120,
  /** The largest tenant: all 30 areas, 100× the volume, and the longest history. */
  largestHistoryDays: 400,
};
export type LargeTierSize = typeof LARGE_TIER;

export const BENCH_ADMIN = "bench-admin@example.com";
export const BENCH_ADMIN_ID = "bench_admin";
export const BENCH_PASSWORD = "bench-password";
export const LARGEST_ID = "bench_ws_0000";
export const LARGEST_SLUG = "bench-0000";
export const benchWorkspaceId = (i: number) => `bench_ws_${String(i).padStart(4, "0")}`;

const TIME_ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "America/Sao_Paulo",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Helsinki",
  "Africa/Johannesburg",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Singapore",
  "Asia/Tokyo",
  "Australia/Sydney",
  "Pacific/Auckland",
  "UTC",
];
const LARGEST_TIME_ZONE = "America/New_York";

const count = (n: number) => n.toLocaleString("en-US");
const seconds = (ms: number) => (ms / 1000).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export interface LoadOptions {
  size?: LargeTierSize;
  log?: (line: string) => void;
  /** Rows written so far, and how many there will be. */
  onProgress?: (rows: number, total: number) => void;
  /** VACUUM ANALYZE afterwards (the benches measure a settled database). */
  vacuum?: boolean;
  /** A new, empty database: rows are inserted without the check for ones already there. */
  fresh?: boolean;
}

/** Day of month for the largest workspace's anchor, so that its current period is (nearly) a whole month long. */
function longestPeriodAnchor(timeZone: string, now = new Date()): number {
  const day = Number(new Intl.DateTimeFormat("en-CA", { timeZone, day: "2-digit" }).format(now));
  return day < 28 ? day + 1 : 1;
}

type Step = (title: string, sql: string, values?: unknown[]) => Promise<{ rowCount: number | null }>;

export async function loadLargeTier(
  c: BulkClient,
  { size = LARGE_TIER, log = () => {}, onProgress, vacuum = false, fresh = false }: LoadOptions = {},
) {
  log(
    `Bulk-seeding the large tier: ${count(size.workspaces)} workspaces × ${12 + size.extraAreas} product areas × ${size.historyDays} days` +
      ` (${LARGEST_ID}: ${size.largestHistoryDays} days, 100× volume)`,
  );
  const started = performance.now();
  const step: Step = async (title, sql, values = []) => {
    const t = performance.now();
    const result = await c.query(sql, values);
    log(`  ${title}: ${result.rowCount ?? 0} rows, ${seconds(performance.now() - t)} s`);
    return result;
  };
  await c.query("SET synchronous_commit = off");
  await c.query("SET work_mem = '256MB'");
  await c.query("SET maintenance_work_mem = '512MB'");
  await insertTenants(c, size, step);
  const rows = await loadDailyRows(c, { size, fresh, log, onProgress }, step);
  await rebuildPeriods(c, "bench_ws_", step);
  await step(
    "usage versions",
    `INSERT INTO "UsageVersion" ("workspaceId", version, "historyVersion", "updatedAt")
     SELECT id, 1, 1, now() FROM "Workspace" WHERE id LIKE 'bench\\_ws\\_%'
     ON CONFLICT ("workspaceId") DO UPDATE
        SET version = "UsageVersion".version + 1, "historyVersion" = "UsageVersion"."historyVersion" + 1, "updatedAt" = now()`,
  );
  if (vacuum) {
    const t = performance.now();
    await c.query("VACUUM ANALYZE");
    log(`  VACUUM ANALYZE: ${seconds(performance.now() - t)} s`);
  }
  log(`  seeded the large tier in ${seconds(performance.now() - started)} s`);
  return { rows };
}

/** The extra product areas, the workspaces and the admin who is a member of all of them. */
async function insertTenants(c: BulkClient, size: LargeTierSize, step: Step): Promise<void> {
  await step(
    "extra product areas",
    `INSERT INTO "ProductArea" (key, "displayName", unit)
     SELECT 'bench-area-' || lpad(i::text, 2, '0'), 'Bench area ' || i,
            (ARRAY['vCPU-hours', 'requests', 'GB', 'GB-days', 'tokens', 'emails'])[1 + i % 6]
       FROM generate_series(1, $1::int) AS i
     ON CONFLICT (key) DO NOTHING`,
    [size.extraAreas],
  );
  await step(
    "workspaces",
    `INSERT INTO "Workspace" (id, slug, name, "timeZone", currency, "billingAnchorDay", "updatedAt")
     SELECT 'bench_ws_' || lpad(i::text, 4, '0'), 'bench-' || lpad(i::text, 4, '0'), 'Bench ' || lpad(i::text, 4, '0'),
            ($2::text[])[1 + i % array_length($2::text[], 1)],
            (ARRAY['USD', 'EUR', 'GBP'])[1 + i % 3],
            CASE WHEN i = 0 THEN $3::int ELSE 1 + (i * 7) % 28 END, now()
       FROM generate_series(0, $1::int - 1) AS i
     ON CONFLICT (id) DO NOTHING`,
    [size.workspaces, TIME_ZONES, longestPeriodAnchor(LARGEST_TIME_ZONE)],
  );
  await c.query(`UPDATE "Workspace" SET "timeZone" = $2 WHERE id = $1`, [LARGEST_ID, LARGEST_TIME_ZONE]);
  await step(
    "admin user",
    `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ($1, $2, 'Bench Admin', $3, now())
     ON CONFLICT (email) DO NOTHING`,
    [BENCH_ADMIN_ID, BENCH_ADMIN, await hashPassword(BENCH_PASSWORD)],
  );
  await step(
    "memberships (ADMIN)",
    `INSERT INTO "Membership" ("userId", "workspaceId", role)
     SELECT $1, id, 'ADMIN'::"MembershipRole" FROM "Workspace" WHERE id LIKE 'bench\\_ws\\_%' ON CONFLICT DO NOTHING`,
    [BENCH_ADMIN_ID],
  );
}

/** Every workspace's daily rows, a hundred workspaces per statement, then the largest one's older history. */
async function loadDailyRows(
  c: BulkClient,
  {
    size,
    fresh,
    log,
    onProgress,
  }: { size: LargeTierSize; fresh: boolean; log: (line: string) => void; onProgress?: LoadOptions["onProgress"] },
  step: Step,
): Promise<number> {
  const areas = 12 + size.extraAreas;
  const total = size.workspaces * areas * size.historyDays + areas * Math.max(0, size.largestHistoryDays - size.historyDays);
  let rows = 0;
  await withBulkLoad(c, async () => {
    const chunk = 100;
    const load = performance.now();
    for (let from = 0; from < size.workspaces; from += chunk) {
      const result = await c.query(dailyInsertSql("w.id >= $1 AND w.id < $2", "$3", !fresh), [
        benchWorkspaceId(from),
        benchWorkspaceId(Math.min(from + chunk, size.workspaces)),
        size.historyDays,
      ]);
      rows += result.rowCount ?? 0;
      onProgress?.(rows, total);
      if ((from / chunk) % 5 === 4 || from + chunk >= size.workspaces) {
        const s = (performance.now() - load) / 1000;
        log(`  daily rows: ${count(rows)} after ${seconds(s * 1000)} s (${count(Math.round(rows / s))} rows/s)`);
      }
    }
    const older = await step("daily rows, the largest workspace's older history", dailyInsertSql("w.id = ANY($1::text[])", "$2", true), [
      [LARGEST_ID],
      size.largestHistoryDays,
    ]);
    rows += older.rowCount ?? 0;
    onProgress?.(rows, total);
  });
  return rows;
}

/** The triggers that keep BillingUsagePeriod (migration 20261208100000_period_rollup_per_statement). */
const PERIOD_TRIGGERS = [
  "BillingUsageDaily_period_rollup",
  "BillingUsageDaily_period_rollup_update",
  "BillingUsageDaily_period_rollup_delete",
];

/**
 * Runs a bulk load of daily rows with the period triggers off (and, where the role may, the
 * foreign-key triggers too: every row is generated from existing Workspace and ProductArea rows),
 * then on again. A role that may not switch the trigger off (not the tables' owner) loads with it
 * on: slower, the same rows. Callers rebuild the rollups afterwards either way.
 */
export async function withBulkLoad(c: BulkClient, load: () => Promise<void>): Promise<void> {
  const off = await c.query(`ALTER TABLE "BillingUsageDaily" ${PERIOD_TRIGGERS.map((t) => `DISABLE TRIGGER "${t}"`).join(", ")}`).then(
    () => true,
    () => false,
  );
  const replica =
    off &&
    (await c.query("SET session_replication_role = replica").then(
      () => true,
      () => false,
    ));
  try {
    await load();
  } finally {
    if (replica) await c.query("SET session_replication_role = DEFAULT");
    if (off) await c.query(`ALTER TABLE "BillingUsageDaily" ${PERIOD_TRIGGERS.map((t) => `ENABLE TRIGGER "${t}"`).join(", ")}`);
  }
}

/**
 * Daily rows for the bench workspaces matching `where`: `days` days ending on each one's local
 * today, every product area, pseudo-random quantities (numeric) around a per-area base, in
 * primary-key order. `onlyMissing` skips days that exist (a second seed, history extension).
 */
export function dailyInsertSql(where: string, days: string, onlyMissing: boolean): string {
  return `
    INSERT INTO "BillingUsageDaily" ("workspaceId", "productArea", "usageDate", quantity, unit, "sourceEventCount", "updatedAt")
    SELECT w.id, a.key, (now() AT TIME ZONE w."timeZone")::date - d.n,
           round((a.base * (CASE WHEN w.id = '${LARGEST_ID}' THEN 100 ELSE 0.2 + (hashtext(w.id) & 1023) / 512.0 END)
                  * (1 + 0.25 * sin(d.n / 7.0 * 2 * pi())) * (0.8 + 0.4 * random()))::numeric, 3),
           a.unit,
           (CASE WHEN w.id = '${LARGEST_ID}' THEN 100000 ELSE 500 END * (0.5 + random()))::int,
           now()
      FROM "Workspace" w
      CROSS JOIN (SELECT key, unit, power(10, 1 + (row_number() OVER (ORDER BY key)) % 6) AS base FROM "ProductArea") a
      CROSS JOIN generate_series(0, ${days}::int - 1) AS d(n)
     WHERE ${where} AND w.id LIKE 'bench\\_ws\\_%'
     ORDER BY 1, 2, 3
    ${onlyMissing ? `ON CONFLICT ("workspaceId", "productArea", "usageDate") DO NOTHING` : ""}`;
}

/** BillingUsagePeriod for workspaces whose id starts with `prefix` (or exactly these ids), from their daily rows. */
export async function rebuildPeriods(
  c: BulkClient,
  prefixOrIds: string | string[],
  step: (title: string, sql: string, values?: unknown[]) => Promise<unknown>,
): Promise<void> {
  const where = typeof prefixOrIds === "string" ? `LIKE $1::text || '%'` : `= ANY($1::text[])`;
  const arg = typeof prefixOrIds === "string" ? prefixOrIds.replace(/_/g, "\\_") : prefixOrIds;
  await step("period rollup: delete", `DELETE FROM "BillingUsagePeriod" WHERE "workspaceId" ${where}`, [arg]);
  await step(
    "period rollup: one INSERT … SELECT … GROUP BY",
    `INSERT INTO "BillingUsagePeriod" ("workspaceId", "productArea", "periodStart", unit, quantity, "sourceEventCount")
     SELECT d."workspaceId", d."productArea", billing_period_start(d."usageDate", w."billingAnchorDay"), min(d.unit),
            sum(d.quantity), sum(d."sourceEventCount")
       FROM "BillingUsageDaily" d JOIN "Workspace" w ON w.id = d."workspaceId"
      WHERE d."workspaceId" ${where}
      GROUP BY 1, 2, 3`,
    [arg],
  );
}
