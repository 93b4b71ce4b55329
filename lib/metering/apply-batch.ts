// The consumer's unit of work: take a batch of queued events out of MeteringInbox and add them to
// the daily read model — one SQL statement inside one transaction, so a crash at any point either
// applies the whole batch or none of it (the DELETE rolls back with the rollup). Claiming uses
// FOR UPDATE SKIP LOCKED, so several workers can run at once and never apply the same event twice.
// Raw events are not rewritten, except the rare late adjustments, which are flagged for support.
// A system job over every workspace's queue: it runs on the system handle.
import "server-only";
import { Prisma, systemDb, type PrismaClient } from "@/lib/db";
import { isOutOfRange } from "@/lib/db/sql-errors";
import { addToDailyRows, MOVE_USAGE_VERSION } from "./read-model-writes";

export interface ApplyBatchOptions {
  batchSize: number;
  /** Hours after a period's end during which events still count as ordinary usage. */
  graceHours: number;
  /** The clock late adjustments are judged by. */
  now?: Date;
  /** Test seam: runs after the batch is applied, before commit. Throwing rolls the batch back. */
  beforeCommit?: () => Promise<void> | void;
}

export interface BatchResult {
  /** Events added to the read model. */
  applied: number;
  /** Events taken from the queue: the applied ones plus any dead-lettered (workspace gone). */
  claimed: number;
  lateAdjustments: number;
  workspaceIds: string[];
  /** Applied events per product area, daily rows written, and events set aside by reason (for metrics). */
  appliedByArea: Record<string, number>;
  rowsWritten: number;
  rejectedByReason: Record<string, number>;
}

const NOTHING: BatchResult = {
  applied: 0,
  claimed: 0,
  lateAdjustments: 0,
  workspaceIds: [],
  appliedByArea: {},
  rowsWritten: 0,
  rejectedByReason: {},
};

interface Row {
  applied: bigint | number;
  late: bigint | number;
  orphaned: bigint | number;
  workspaces: string[] | null;
  by_area: Record<string, number> | null;
  rows_written: bigint | number;
}

// A busy pool (many readers) must delay a batch, not fail it: wait for a connection longer than
// Prisma's 2 s default.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 60_000 };

type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export async function applyBatch({ batchSize, graceHours, now = new Date(), beforeCommit }: ApplyBatchOptions): Promise<BatchResult> {
  return systemDb().$transaction(async (tx) => {
    await walkTheQueueInOrder(tx);
    const result = await applyClaimed(tx, { batchSize, graceHours, now });
    if (result.applied > 0) await bumpUsageRevision(tx);
    await beforeCommit?.();
    return result;
  }, TRANSACTION_OPTIONS);
}

/**
 * The queue's first event on its own. Should adding it take a total past what its column holds
 * (a day's quantity beyond numeric(38,12), say), the same would
 * happen on every try and hold up every workspace queued behind it: it is taken off the queue and
 * kept in MeteringRejection as `unprocessable`, with the database's reason, and the read model is
 * left as it was. Any other failure is the workspace's or the database's (a time zone PostgreSQL
 * does not know, say), not the event's: it is thrown, and the event stays queued.
 */
export async function applyFirstOrSetAside({ graceHours, now = new Date() }: Omit<ApplyBatchOptions, "batchSize">): Promise<BatchResult> {
  return systemDb().$transaction(async (tx) => {
    await walkTheQueueInOrder(tx);
    const [first] = await tx.$queryRaw<{ seq: bigint }[]>`SELECT seq FROM "MeteringInbox" ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED`;
    if (!first) return NOTHING;
    await tx.$executeRaw`SAVEPOINT apply_first`;
    try {
      const result = await applyClaimed(tx, { batchSize: 1, graceHours, now, seq: first.seq });
      if (result.applied > 0) await bumpUsageRevision(tx);
      return result;
    } catch (error) {
      if (!isOutOfRange(error)) throw error;
      await tx.$executeRaw`ROLLBACK TO SAVEPOINT apply_first`;
      await setAside(tx, first.seq, (error as Error).message);
      return { ...NOTHING, claimed: 1, rejectedByReason: { unprocessable: 1 } };
    }
  }, TRANSACTION_OPTIONS);
}

// The claim must walk the inbox's primary key in seq order and stop after batchSize rows. The
// planner's estimate of the inbox's size is nearly always stale (a backlog builds up between two
// ANALYZEs), and with a small estimate it prefers to read the whole backlog and sort it: every
// batch would then cost O(backlog). Only for this transaction:
async function walkTheQueueInOrder(tx: Transaction): Promise<void> {
  await tx.$queryRaw`SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)`;
}

async function setAside(tx: Transaction, seq: bigint, reason: string): Promise<void> {
  const message = `the database could not apply this event: ${reason.replace(/\s+/g, " ").trim().slice(0, 1000)}`;
  await tx.$executeRaw`
    WITH taken AS (
      DELETE FROM "MeteringInbox" WHERE seq = ${seq} RETURNING seq, "workspaceId", "productArea", quantity
    )
    INSERT INTO "MeteringRejection" (source, "workspaceId", "eventId", code, message, payload)
    SELECT 'consumer', t."workspaceId", e."eventId", 'unprocessable', ${message},
           jsonb_build_object('seq', t.seq::text, 'productArea', t."productArea", 'quantity', t.quantity::text)
      FROM taken t LEFT JOIN "MeteringEvent" e ON e.seq = t.seq`;
}

async function applyClaimed(
  tx: Transaction,
  { batchSize, graceHours, now, seq }: { batchSize: number; graceHours: number; now: Date; seq?: bigint },
): Promise<BatchResult> {
  const only = seq === undefined ? Prisma.empty : Prisma.sql`WHERE seq = ${seq}`;
  const [row] = await tx.$queryRaw<Row[]>`
    WITH claimed_events AS (
      DELETE FROM "MeteringInbox"
       WHERE seq IN (SELECT seq FROM "MeteringInbox" ${only} ORDER BY seq LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)
      RETURNING seq, "workspaceId", "productArea", unit, quantity, "occurredAt"
    ), with_workspace AS (
      SELECT c.seq, c."workspaceId", c."productArea", c.unit, c.quantity,
             (c."occurredAt" AT TIME ZONE w."timeZone")::date AS usage_date,
             w."timeZone" AS time_zone, w."billingAnchorDay" AS anchor, w.id IS NULL AS orphan
        FROM claimed_events c
        LEFT JOIN "Workspace" w ON w.id = c."workspaceId"
    ), orphans AS (
      -- the workspace was deleted after ingest accepted the event: keep the reason, apply nothing
      INSERT INTO "MeteringRejection" (source, "workspaceId", "eventId", code, message, payload)
      SELECT 'consumer', o."workspaceId", e."eventId", 'unknown_workspace',
             'workspace ' || o."workspaceId" || ' no longer exists; the event was not applied',
             jsonb_build_object('seq', o.seq::text, 'productArea', o."productArea", 'quantity', o.quantity::text)
        FROM with_workspace o
        LEFT JOIN "MeteringEvent" e ON e.seq = o.seq
       WHERE o.orphan
      RETURNING 1
    ), claimed AS (
      SELECT * FROM with_workspace WHERE NOT orphan
    ), days AS (
      -- lateness depends only on the workspace and the day: judged once per group, not per event
      SELECT "workspaceId", usage_date,
             ${now}::timestamptz >
               ((billing_period_start(usage_date, min(anchor)) + interval '1 month')::date::timestamp AT TIME ZONE min(time_zone))
               + make_interval(hours => ${graceHours}::int) AS late,
             -- a day before the workspace's today (with a margin for a batch that commits just
             -- after its midnight): what a projection's cached history depends on
             usage_date < ((${now}::timestamptz + interval '10 minutes') AT TIME ZONE min(time_zone))::date AS past
        FROM claimed
       GROUP BY "workspaceId", usage_date
    ), late_marked AS (
      UPDATE "MeteringEvent" m
         SET "processedAt" = now(), "usageDate" = c.usage_date, "lateAdjustment" = true
        FROM claimed c
        JOIN days d ON d."workspaceId" = c."workspaceId" AND d.usage_date = c.usage_date
       WHERE d.late AND m.seq = c.seq
      RETURNING m.seq
    ), rolled_up AS (
      ${addToDailyRows("claimed", "usage_date")}
    ), versions AS (
      INSERT INTO "UsageVersion" ("workspaceId", version, "historyVersion", "updatedAt")
      SELECT "workspaceId", 1, bool_or(past)::int, now() FROM days GROUP BY "workspaceId" ORDER BY "workspaceId"
      ${MOVE_USAGE_VERSION}
    )
    SELECT (SELECT count(*) FROM claimed) AS applied,
           (SELECT count(*) FROM late_marked) AS late,
           (SELECT count(*) FROM orphans) AS orphaned,
           (SELECT array_agg(DISTINCT "workspaceId") FROM days) AS workspaces,
           (SELECT json_object_agg("productArea", n) FROM (SELECT "productArea", count(*) AS n FROM claimed GROUP BY 1) a) AS by_area,
           (SELECT count(*) FROM rolled_up) AS rows_written,
           (SELECT count(*) FROM rolled_up) + (SELECT count(*) FROM versions) AS written`;
  return {
    applied: Number(row?.applied ?? 0),
    claimed: Number(row?.applied ?? 0) + Number(row?.orphaned ?? 0),
    lateAdjustments: Number(row?.late ?? 0),
    workspaceIds: row?.workspaces ?? [],
    appliedByArea: row?.by_area ?? {},
    rowsWritten: Number(row?.rows_written ?? 0),
    rejectedByReason: Number(row?.orphaned ?? 0) > 0 ? { unknown_workspace: Number(row?.orphaned) } : {},
  };
}

// A statement of its own, after the per-workspace versions: every worker takes this row's lock
// last, so concurrent batches queue here but never deadlock.
async function bumpUsageRevision(tx: Transaction): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "UsageRevision" (id, revision) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET revision = "UsageRevision".revision + 1`;
}
