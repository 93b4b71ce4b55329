// One workspace and up to a month of days, inside the caller's transaction: the statements of
// `npm run rebuild-usage` (decision 0073). Each computes corrections from one snapshot of the
// raw events and the rows, and adds them to the rows as they stand when written.
import "server-only";
import type { Prisma } from "@/lib/db";
import { addDays, calendarDateIn, startOfDayIn, type CalendarDate } from "@/lib/periods/calendar-date";

type Tx = Prisma.TransactionClient;

export interface Target {
  id: string;
  slug: string;
  timeZone: string;
  billingAnchorDay: number;
}

type Window = { lowest: Date; highest: Date };
type WrittenRow = { area: string; day: string; quantity: string; events: bigint };

export async function rebuildChunk(tx: Tx, w: Target, from: CalendarDate, to: CalendarDate, now: Date, dropUnbacked: boolean) {
  // Two rebuilds of one workspace would each add their correction: they take turns.
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('rebuild-usage'), hashtext(${w.id}))::text AS locked`;
  // Wide enough for any offset; the day filter below is exact.
  const lowest = new Date(startOfDayIn(from, w.timeZone).getTime() - 86_400_000);
  const highest = new Date(startOfDayIn(addDays(to, 1), w.timeZone).getTime() + 86_400_000);
  const written = await correctDays(tx, w, from, to, { lowest, highest }, dropUnbacked);
  await removeEmptied(tx, w, written);
  const unbacked = dropUnbacked ? 0 : await countUnbacked(tx, w, from, to, { lowest, highest });
  const periods = await rebuildPeriods(tx, w, from, to);
  if (written.length > 0 || periods > 0) {
    const past = written.some((r) => r.day < calendarDateIn(new Date(now.getTime() + 10 * 60_000), w.timeZone)) || periods > 0;
    await bumpVersions(tx, w, past);
  }
  return { rows: written.length, periods, unbacked };
}

/** Each day row made equal to the applied raw events behind it; the rows written, as they now stand. */
function correctDays(tx: Tx, w: Target, from: CalendarDate, to: CalendarDate, { lowest, highest }: Window, dropUnbacked: boolean) {
  return tx.$queryRaw<WrittenRow[]>`
    WITH applied AS (
      -- applied to the read model: out of the queue and not set aside by the consumer
      SELECT e."productArea", coalesce(e."usageDate", (e."occurredAt" AT TIME ZONE ${w.timeZone})::date) AS day, e.quantity, e.unit
        FROM "MeteringEvent" e
       WHERE e."workspaceId" = ${w.id} AND e."occurredAt" >= ${lowest} AND e."occurredAt" < ${highest}
         AND NOT EXISTS (SELECT 1 FROM "MeteringInbox" i WHERE i.seq = e.seq)
         AND NOT EXISTS (SELECT 1 FROM "MeteringRejection" r
                          WHERE r.source = 'consumer' AND r."workspaceId" = e."workspaceId" AND r.payload->>'seq' = e.seq::text)
    ), expected AS (
      SELECT "productArea", day, sum(quantity) AS quantity, min(unit) AS unit, count(*) AS events
        FROM applied WHERE day BETWEEN ${from}::date AND ${to}::date GROUP BY 1, 2
    ), held AS (
      SELECT "productArea", "usageDate" AS day, quantity, "sourceEventCount" AS events
        FROM "BillingUsageDaily" WHERE "workspaceId" = ${w.id} AND "usageDate" BETWEEN ${from}::date AND ${to}::date
    ), corrections AS (
      SELECT coalesce(x."productArea", h."productArea") AS area, coalesce(x.day, h.day) AS day,
             coalesce(x.quantity, 0) - coalesce(h.quantity, 0) AS quantity,
             coalesce(x.events, 0) - coalesce(h.events, 0) AS events,
             coalesce(x.unit, (SELECT a.unit FROM "ProductArea" a WHERE a.key = h."productArea")) AS unit,
             h.day IS NOT NULL AS held
        FROM expected x FULL JOIN held h ON h."productArea" = x."productArea" AND h.day = x.day
       -- a row without events is imported history: never rewritten
       WHERE h.events IS DISTINCT FROM 0
         -- a row with events but no retained raw event behind it was loaded, not metered (a seed,
         -- a bulk load): emptied only when asked to
         AND (x."productArea" IS NOT NULL OR ${dropUnbacked}::boolean)
         AND (coalesce(x.quantity, 0) <> coalesce(h.quantity, 0) OR coalesce(x.events, 0) <> coalesce(h.events, 0))
    ), updated AS (
      -- a negative correction may not pass through an INSERT's check constraints: rows held are updated
      UPDATE "BillingUsageDaily" d
         SET quantity = d.quantity + c.quantity, "sourceEventCount" = d."sourceEventCount" + c.events, "updatedAt" = now()
        FROM corrections c
       WHERE c.held AND d."workspaceId" = ${w.id} AND d."productArea" = c.area AND d."usageDate" = c.day
      RETURNING d."productArea" AS area, d."usageDate"::text AS day, d.quantity::text AS quantity, d."sourceEventCount" AS events
    ), inserted AS (
      INSERT INTO "BillingUsageDaily" ("workspaceId", "productArea", "usageDate", quantity, unit, "sourceEventCount", "updatedAt")
      SELECT ${w.id}, area, day, quantity, unit, events, now() FROM corrections WHERE NOT held ORDER BY area, day
      ON CONFLICT ("workspaceId", "productArea", "usageDate") DO UPDATE
         SET quantity = "BillingUsageDaily".quantity + EXCLUDED.quantity,
             "sourceEventCount" = "BillingUsageDaily"."sourceEventCount" + EXCLUDED."sourceEventCount",
             "updatedAt" = now()
      RETURNING "productArea" AS area, "usageDate"::text AS day, quantity::text AS quantity, "sourceEventCount" AS events
    )
    SELECT * FROM updated UNION ALL SELECT * FROM inserted`;
}

/** A row left with nothing in it held only what no raw event supports: the consumer would not have it. */
async function removeEmptied(tx: Tx, w: Target, written: readonly WrittenRow[]): Promise<void> {
  const emptied = written.filter((r) => r.events === 0n && isZero(r.quantity));
  if (emptied.length === 0) return;
  await tx.$executeRaw`
      DELETE FROM "BillingUsageDaily" d USING jsonb_to_recordset(${JSON.stringify(emptied.map(({ area, day }) => ({ area, day })))}::jsonb) AS k(area text, day date)
       WHERE d."workspaceId" = ${w.id} AND d."productArea" = k.area AND d."usageDate" = k.day
         AND d.quantity = 0 AND d."sourceEventCount" = 0`;
}

/** Rows with events but no retained raw event behind them (loaded, not metered): left as they are. */
async function countUnbacked(tx: Tx, w: Target, from: CalendarDate, to: CalendarDate, { lowest, highest }: Window): Promise<number> {
  const [counted] = await tx.$queryRaw<{ unbacked: number }[]>`
        SELECT count(*)::int AS unbacked FROM "BillingUsageDaily" d
         WHERE d."workspaceId" = ${w.id} AND d."usageDate" BETWEEN ${from}::date AND ${to}::date AND d."sourceEventCount" > 0
           AND NOT EXISTS (SELECT 1 FROM "MeteringEvent" e
                            WHERE e."workspaceId" = d."workspaceId" AND e."productArea" = d."productArea"
                              AND e."occurredAt" >= ${lowest} AND e."occurredAt" < ${highest}
                              AND coalesce(e."usageDate", (e."occurredAt" AT TIME ZONE ${w.timeZone})::date) = d."usageDate"
                              AND NOT EXISTS (SELECT 1 FROM "MeteringInbox" i WHERE i.seq = e.seq)
                              AND NOT EXISTS (SELECT 1 FROM "MeteringRejection" r
                                               WHERE r.source = 'consumer' AND r."workspaceId" = e."workspaceId" AND r.payload->>'seq' = e.seq::text))`;
  return counted?.unbacked ?? 0;
}

/** Caches are stamped with these: a cached report or projection history is not served again. */
async function bumpVersions(tx: Tx, w: Target, past: boolean): Promise<void> {
  await tx.$executeRaw`
      INSERT INTO "UsageVersion" ("workspaceId", version, "historyVersion", "updatedAt") VALUES (${w.id}, 1, ${past ? 1 : 0}, now())
      ON CONFLICT ("workspaceId") DO UPDATE
         SET version = "UsageVersion".version + 1, "historyVersion" = "UsageVersion"."historyVersion" + EXCLUDED."historyVersion",
             "updatedAt" = now()`;
  await tx.$executeRaw`
      INSERT INTO "UsageRevision" (id, revision) VALUES (1, 1)
      ON CONFLICT (id) DO UPDATE SET revision = "UsageRevision".revision + 1`;
}

/**
 * The period rollups of every billing period touching the range, made equal to the daily rows
 * they sum (the trigger keeps them in step with the writes above; this repairs a rollup that
 * drifted on its own). Empty rollups are removed, as the consumer never writes one.
 */
async function rebuildPeriods(tx: Tx, w: Target, from: CalendarDate, to: CalendarDate): Promise<number> {
  const written = await tx.$queryRaw<{ area: string; period: string; quantity: string; events: bigint }[]>`
    WITH periods AS (
      SELECT DISTINCT billing_period_start(d::date, ${w.billingAnchorDay}::int) AS start
        FROM generate_series(${from}::date, ${to}::date, interval '1 day') AS d
    ), sums AS (
      SELECT "productArea", billing_period_start("usageDate", ${w.billingAnchorDay}::int) AS start,
             sum(quantity) AS quantity, sum("sourceEventCount") AS events, min(unit) AS unit
        FROM "BillingUsageDaily"
       WHERE "workspaceId" = ${w.id}
         AND "usageDate" >= (SELECT min(start) FROM periods) AND "usageDate" < (SELECT max(start) FROM periods) + 62
       GROUP BY 1, 2
    ), expected AS (
      SELECT * FROM sums WHERE start IN (SELECT start FROM periods)
    ), held AS (
      SELECT "productArea", "periodStart" AS start, quantity, "sourceEventCount" AS events
        FROM "BillingUsagePeriod" WHERE "workspaceId" = ${w.id} AND "periodStart" IN (SELECT start FROM periods)
    ), corrections AS (
      SELECT coalesce(x."productArea", h."productArea") AS area, coalesce(x.start, h.start) AS start,
             coalesce(x.quantity, 0) - coalesce(h.quantity, 0) AS quantity,
             coalesce(x.events, 0) - coalesce(h.events, 0) AS events,
             coalesce(x.unit, (SELECT a.unit FROM "ProductArea" a WHERE a.key = h."productArea")) AS unit,
             h.start IS NOT NULL AS held
        FROM expected x FULL JOIN held h ON h."productArea" = x."productArea" AND h.start = x.start
       WHERE coalesce(x.quantity, 0) <> coalesce(h.quantity, 0) OR coalesce(x.events, 0) <> coalesce(h.events, 0)
          OR (x.start IS NULL AND h.quantity = 0 AND h.events = 0)
    ), updated AS (
      UPDATE "BillingUsagePeriod" p
         SET quantity = p.quantity + c.quantity, "sourceEventCount" = p."sourceEventCount" + c.events
        FROM corrections c
       WHERE c.held AND p."workspaceId" = ${w.id} AND p."productArea" = c.area AND p."periodStart" = c.start
      RETURNING p."productArea" AS area, p."periodStart"::text AS period, p.quantity::text AS quantity, p."sourceEventCount" AS events
    ), inserted AS (
      INSERT INTO "BillingUsagePeriod" ("workspaceId", "productArea", "periodStart", unit, quantity, "sourceEventCount")
      SELECT ${w.id}, area, start, unit, quantity, events FROM corrections WHERE NOT held ORDER BY area, start
      ON CONFLICT ("workspaceId", "periodStart", "productArea") DO UPDATE
         SET quantity = "BillingUsagePeriod".quantity + EXCLUDED.quantity,
             "sourceEventCount" = "BillingUsagePeriod"."sourceEventCount" + EXCLUDED."sourceEventCount"
      RETURNING "productArea" AS area, "periodStart"::text AS period, quantity::text AS quantity, "sourceEventCount" AS events
    )
    SELECT * FROM updated UNION ALL SELECT * FROM inserted`;
  const emptied = written.filter((r) => r.events === 0n && isZero(r.quantity));
  if (emptied.length > 0) {
    await tx.$executeRaw`
      DELETE FROM "BillingUsagePeriod" p USING jsonb_to_recordset(${JSON.stringify(emptied.map(({ area, period }) => ({ area, period })))}::jsonb) AS k(area text, period date)
       WHERE p."workspaceId" = ${w.id} AND p."productArea" = k.area AND p."periodStart" = k.period
         AND p.quantity = 0 AND p."sourceEventCount" = 0`;
  }
  return written.length;
}

const isZero = (decimal: string) => /^-?0(\.0*)?$/.test(decimal);
