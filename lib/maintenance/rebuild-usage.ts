// Rebuilds a workspace's daily read model and period rollups from the retained raw events
// (npm run rebuild-usage; docs/operations-data.md#rebuilding-the-read-model, decision 0073).
// Every write is a correction added to the row as it is when written, never an absolute value:
// an event the consumer applies during the rebuild is either in the snapshot the correction was
// computed from on both sides (row and raw events) or on neither, so it is counted exactly once.
// Days before the retention horizon and imported history are refused or skipped, never wiped.
import "server-only";
import { recordAuditEvents } from "@/lib/audit/record-audit-event";
import { Prisma, systemDb } from "@/lib/db";
import { DEADLOCK_DETECTED, sqlState } from "@/lib/db/sql-errors";
import { env } from "@/lib/env";
import { MAX_FUTURE_SKEW_MS } from "@/lib/metering/event-schema";
import { addDays, calendarDateIn, isValidCalendarDate, startOfDayIn, type CalendarDate } from "@/lib/periods/calendar-date";

export class RebuildRefused extends Error {}

export interface RebuildProgress {
  workspace: string;
  /** 1-based position of the workspace, and how many there are. */
  index: number;
  total: number;
  from: CalendarDate;
  to: CalendarDate;
  changedRows: number;
}

export interface RebuildInput {
  /** A slug, an id, or "all". */
  workspace: string;
  from: string;
  to: string;
  /** A staff account's email; when absent the run is attributed to `operator` only. */
  by?: string;
  /** Who ran it when there is no staff account (the OS user, say): kept in the audit row. */
  operator: string;
  now?: Date;
  retentionDays?: number;
  chunkDays?: number;
  onProgress?: (progress: RebuildProgress) => void;
}

export interface WorkspaceRebuild {
  workspace: string;
  from: CalendarDate;
  to: CalendarDate;
  changedRows: number;
  changedPeriods: number;
  /** Days left as they are because they hold imported history (decision 0062). */
  skippedImportedThrough: CalendarDate | null;
}

type Tx = Prisma.TransactionClient;
interface Target {
  id: string;
  slug: string;
  timeZone: string;
  billingAnchorDay: number;
}

const RETRIES = 5;
const RETRYABLE = new Set([DEADLOCK_DETECTED, "40001"]);

export async function rebuildUsage(input: RebuildInput): Promise<WorkspaceRebuild[]> {
  const { from, to, now = new Date(), chunkDays = 31 } = input;
  for (const [flag, value] of [
    ["--from", from],
    ["--to", to],
  ] as const) {
    if (!isValidCalendarDate(value)) throw new RebuildRefused(`${flag} ${JSON.stringify(value)} is not a day (YYYY-MM-DD).`);
  }
  if (from > to) throw new RebuildRefused(`--from ${from} is after --to ${to}.`);
  const retentionDays = input.retentionDays ?? env().METERING_RETENTION_DAYS;

  const prisma = systemDb();
  const staff = input.by ? await prisma.user.findUnique({ where: { email: input.by } }) : null;
  if (input.by && !staff?.staffRole) throw new RebuildRefused(`${input.by} is not a staff account.`);
  const select = { id: true, slug: true, timeZone: true, billingAnchorDay: true } as const;
  const targets: Target[] =
    input.workspace === "all"
      ? await prisma.workspace.findMany({ select, orderBy: { slug: "asc" } })
      : await prisma.workspace.findMany({ select, where: { OR: [{ slug: input.workspace }, { id: input.workspace }] }, take: 1 });
  if (targets.length === 0) throw new RebuildRefused(`No workspace ${input.workspace}.`);

  // Checked for every workspace before anything is written: a refused run changes nothing.
  const late = targets
    .map((w) => ({ slug: w.slug, horizon: retentionHorizon(w.timeZone, now, retentionDays) }))
    .filter((w) => from < w.horizon);
  if (late.length > 0) {
    const earliest = late
      .map((w) => w.horizon)
      .sort()
      .at(-1)!;
    throw new RebuildRefused(
      `--from ${from} reaches before the raw-event retention horizon (${retentionDays} days): events before ${earliest} ` +
        `may have been purged, and rebuilding those days would lose usage. Start at ${earliest} or later` +
        (late.length === 1 ? ` (${late[0]!.slug}).` : ` (${late.length} workspaces affected).`),
    );
  }

  const results: WorkspaceRebuild[] = [];
  for (const [i, workspace] of targets.entries()) {
    const importedThrough = await importedHistoryThrough(workspace.id);
    const start = importedThrough && importedThrough >= from ? addDays(importedThrough, 1) : from;
    const result: WorkspaceRebuild = {
      workspace: workspace.slug,
      from,
      to,
      changedRows: 0,
      changedPeriods: 0,
      skippedImportedThrough: start === from ? null : importedThrough,
    };
    for (let chunkFrom = start; chunkFrom <= to; chunkFrom = addDays(chunkFrom, chunkDays)) {
      const chunkTo = [addDays(chunkFrom, chunkDays - 1), to].sort()[0]!;
      const changed = await withRetries(() =>
        prisma.$transaction((tx) => rebuildChunk(tx, workspace, chunkFrom, chunkTo, now), { maxWait: 15_000, timeout: 120_000 }),
      );
      result.changedRows += changed.rows;
      result.changedPeriods += changed.periods;
      input.onProgress?.({
        workspace: workspace.slug,
        index: i + 1,
        total: targets.length,
        from: chunkFrom,
        to: chunkTo,
        changedRows: changed.rows,
      });
    }
    await recordAuditEvents(
      [
        {
          actor: staff ? { id: staff.id, email: staff.email } : null,
          workspaceId: workspace.id,
          action: "billing.usage.rebuilt",
          target: {
            from,
            to,
            changedRows: result.changedRows,
            changedPeriods: result.changedPeriods,
            skippedImportedThrough: result.skippedImportedThrough,
          },
          metadata: { operator: input.operator, role: staff?.staffRole ?? null },
        },
      ],
      prisma,
    );
    results.push(result);
  }
  return results;
}

/**
 * The first day whose raw events are all still kept: purging removes events received before
 * now − retention, and an event is received at most MAX_FUTURE_SKEW_MS before it occurred.
 */
export function retentionHorizon(timeZone: string, now: Date, retentionDays: number): CalendarDate {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000 + MAX_FUTURE_SKEW_MS);
  return addDays(calendarDateIn(cutoff, timeZone), 1);
}

/** The last day any usage import wrote for the workspace (from its audit rows), if any. */
async function importedHistoryThrough(workspaceId: string): Promise<CalendarDate | null> {
  const [row] = await systemDb().$queryRaw<{ to: string | null }[]>`
    SELECT max(target->>'to') AS "to" FROM "AuditEvent"
     WHERE action = 'billing.usage.imported' AND "workspaceId" = ${workspaceId}`;
  return row?.to ?? null;
}

async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      // A deadlock with a consumer batch rolls back one side as a whole; both are safe to redo.
      if (attempt >= RETRIES || !RETRYABLE.has(sqlState(error) ?? "")) throw error;
    }
  }
}

async function rebuildChunk(tx: Tx, w: Target, from: CalendarDate, to: CalendarDate, now: Date) {
  // Two rebuilds of one workspace would each add their correction: they take turns.
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('rebuild-usage'), hashtext(${w.id}))::text AS locked`;
  // Wide enough for any offset; the day filter below is exact.
  const lowest = new Date(startOfDayIn(from, w.timeZone).getTime() - 86_400_000);
  const highest = new Date(startOfDayIn(addDays(to, 1), w.timeZone).getTime() + 86_400_000);
  const written = await tx.$queryRaw<{ area: string; day: string; quantity: string; events: bigint }[]>`
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
  // A row left with nothing in it held only what no raw event supports: the consumer would not have it.
  const emptied = written.filter((r) => r.events === 0n && isZero(r.quantity));
  if (emptied.length > 0) {
    await tx.$executeRaw`
      DELETE FROM "BillingUsageDaily" d USING jsonb_to_recordset(${JSON.stringify(emptied.map(({ area, day }) => ({ area, day })))}::jsonb) AS k(area text, day date)
       WHERE d."workspaceId" = ${w.id} AND d."productArea" = k.area AND d."usageDate" = k.day
         AND d.quantity = 0 AND d."sourceEventCount" = 0`;
  }
  const periods = await rebuildPeriods(tx, w, from, to);
  if (written.length > 0 || periods > 0) {
    const past = written.some((r) => r.day < calendarDateIn(new Date(now.getTime() + 10 * 60_000), w.timeZone)) || periods > 0;
    // Caches are stamped with these: a cached report or projection history is not served again.
    await tx.$executeRaw`
      INSERT INTO "UsageVersion" ("workspaceId", version, "historyVersion", "updatedAt") VALUES (${w.id}, 1, ${past ? 1 : 0}, now())
      ON CONFLICT ("workspaceId") DO UPDATE
         SET version = "UsageVersion".version + 1, "historyVersion" = "UsageVersion"."historyVersion" + EXCLUDED."historyVersion",
             "updatedAt" = now()`;
    await tx.$executeRaw`
      INSERT INTO "UsageRevision" (id, revision) VALUES (1, 1)
      ON CONFLICT (id) DO UPDATE SET revision = "UsageRevision".revision + 1`;
  }
  return { rows: written.length, periods };
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
