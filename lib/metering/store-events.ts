// Storing what an ingest request brought: the valid events, added to the daily read model in the
// same statement (decision 0108), and every refused event with its reason. Should PostgreSQL refuse
// that statement for a value, the request goes the older way instead: each new event stored and
// queued in MeteringInbox, for the consumer to apply or set aside. Producers write for any
// workspace: a system write (systemDatabase), not a tenant's read.
import "server-only";
import { Prisma, systemDatabase } from "@/lib/db";
import { DEADLOCK_DETECTED, isDataError, sqlState, UNIQUE_VIOLATION } from "@/lib/db/sql-errors";
import type { MeteringEvent, Rejection } from "./event-schema";
import { eventsQueued } from "./queue-wake";
import { addToDailyRows, MOVE_USAGE_VERSION } from "./read-model-writes";
import { storableJson, storableText } from "./storable-json";

/** Where events came in: the ingest endpoint or the NATS consumer. Stored with each event. */
export type IngestSource = "api" | "nats";

export type StorableEvent = MeteringEvent & { unit: string; index: number };

export interface Refused extends Rejection {
  payload: unknown;
  workspaceId?: string;
  eventId?: string;
}

interface Origin {
  source: IngestSource;
  requestId: string | null;
  /** The producer's name, stored with every event and rejection (null from in-process callers). */
  producer: string | null;
}

/** What late means, as the consumer judges it: the instant of the judgement and the grace period. */
export interface Lateness {
  now: Date;
  /** Hours after a period's end during which events still count as ordinary usage. */
  graceHours: number;
}

/** What the request added to the read model (nothing when it went through the queue). */
export interface AppliedAtIngest {
  appliedByArea: Record<string, number>;
  lateAdjustments: number;
  rowsWritten: number;
}

export interface Stored {
  /** New events stored. */
  inserted: number;
  /** Valid events refused while storing them: a value the database refused, or a workspace deleted meanwhile. */
  refusedOnStore: Refused[];
  applied: AppliedAtIngest;
}

const MAX_STORED_PAYLOAD_CHARS = 8192;
const MAX_STORED_PAYLOAD_DEPTH = 32;
const DEADLOCK_RETRIES = 2;
const NOTHING_APPLIED: AppliedAtIngest = { appliedByArea: {}, lateAdjustments: 0, rowsWritten: 0 };

/**
 * Stores everything and applies the new events in one statement, so a request's accepted and
 * refused events and their sums in the read model commit together. A value PostgreSQL refuses
 * there (the event's own, a day's total beyond what its column holds, a time zone it does not
 * know) sends the request the queued way (storeQueued), whose consumer deals with each case; so
 * does METERING_APPLY=consumer.
 */
export async function storeRequest(
  valid: StorableEvent[],
  refused: Refused[],
  origin: Origin,
  lateness: Lateness,
  applyAt: "ingest" | "consumer",
): Promise<Stored> {
  if (applyAt === "ingest") {
    try {
      return await applyAtIngest(valid, refused, origin, lateness);
    } catch (error) {
      if (!isDataError(error)) throw error;
    }
  }
  const queued = await storeQueued(valid, refused, origin);
  if (queued.inserted > 0) eventsQueued();
  return { ...queued, applied: NOTHING_APPLIED };
}

/**
 * The queued way. Stores everything in one statement; should PostgreSQL refuse a value all the
 * same (validation keeps out every one known to fail), the request is split until the event it
 * cannot store is found: that one is refused as `unprocessable`, and everything else is still
 * stored. The parts then commit one by one, so a request cut short on that path and sent again
 * finds some events stored (duplicates, as they should be) and may record its refusals twice.
 */
async function storeQueued(valid: StorableEvent[], refused: Refused[], origin: Origin): Promise<Omit<Stored, "applied">> {
  try {
    return { inserted: await queueEvents(valid, refused, origin), refusedOnStore: [] };
  } catch (error) {
    if (!isDataError(error)) throw error;
  }
  await queueEvents([], refused, origin).catch((error: unknown) => {
    if (!isDataError(error)) throw error;
    return queueEvents(
      [],
      refused.map((r) => ({ ...r, payload: null })),
      origin,
    );
  });
  const unprocessable: Refused[] = [];
  let inserted = 0;
  const storeHalves = async (part: StorableEvent[]): Promise<void> => {
    try {
      inserted += await queueEvents(part, [], origin);
    } catch (error) {
      if (!isDataError(error)) throw error;
      if (part.length === 1) {
        const [event] = part as [StorableEvent];
        const message = `the database could not store this event: ${(error as Error).message}`;
        unprocessable.push({
          index: event.index,
          code: "unprocessable",
          message,
          payload: null,
          workspaceId: event.workspaceId,
          eventId: event.id,
        });
        return;
      }
      const middle = Math.ceil(part.length / 2);
      await storeHalves(part.slice(0, middle));
      await storeHalves(part.slice(middle));
    }
  };
  if (valid.length > 0) await storeHalves(valid);
  if (unprocessable.length > 0) await queueEvents([], unprocessable, origin);
  return { inserted, refusedOnStore: unprocessable };
}

interface AppliedRow {
  inserted: number;
  late: number;
  by_area: Record<string, number> | null;
  rows_written: number;
  orphans: string[] | null;
}

/**
 * One statement stores the refused events with their reasons and the new valid ones, and adds
 * the new ones to the read model exactly as the consumer would (apply-batch.ts): each dated in its
 * workspace's time zone, flagged as a late adjustment when its period closed more than the grace
 * period ago, summed per workspace, area and day into BillingUsageDaily, the touched workspaces'
 * usage versions and the usage revision bumped. The writes are chained so every request takes its
 * locks in one order, event keys, day rows (sorted), versions (sorted), then the revision row: two
 * requests wait for each other but do not deadlock, short of both carrying one new event id.
 * Repeats are handled as in queueEvents. An event whose workspace was deleted since validation is
 * refused (`unknown_workspace`) instead of stored.
 */
async function applyAtIngest(events: StorableEvent[], refused: Refused[], origin: Origin, { now, graceHours }: Lateness): Promise<Stored> {
  if (events.length === 0 && refused.length === 0) return { inserted: 0, refusedOnStore: [], applied: NOTHING_APPLIED };
  const { source, requestId, producer } = origin;
  const workspaceIds = [...new Set(events.map((e) => e.workspaceId))];
  const statement = (skipRepeats: boolean) => Prisma.sql`
    WITH refused AS (
      ${rejectionsInsert(refused, origin)}
    ), workspace AS (
      -- per workspace: the first day whose period is still open to ordinary usage (a day before it
      -- is late: its period ended more than the grace period before now), and its today
      SELECT w.id, w."timeZone" AS time_zone,
             CASE WHEN g.at > (p.start::timestamp AT TIME ZONE w."timeZone") THEN p.start
                  ELSE billing_period_start(p.start - 1, w."billingAnchorDay") END AS open_from,
             ((${now}::timestamptz + interval '10 minutes') AT TIME ZONE w."timeZone")::date AS today
        FROM "Workspace" w
       CROSS JOIN LATERAL (SELECT ${now}::timestamptz - make_interval(hours => ${graceHours}::int) AS at) g
       CROSS JOIN LATERAL (SELECT billing_period_start((g.at AT TIME ZONE w."timeZone")::date, w."billingAnchorDay") AS start) p
       WHERE w.id = ANY(${workspaceIds}::text[])
    ), input AS MATERIALIZED (
      SELECT t.*, w.id IS NULL AS orphan, (t.o AT TIME ZONE w.time_zone)::date AS day, w.open_from
        FROM ${eventRecordset(events)}
        LEFT JOIN workspace w ON w.id = t.w
    ), orphaned AS (
      INSERT INTO "MeteringRejection" (source, "workspaceId", "eventId", code, message, payload, "requestId", producer)
      SELECT ${source}::text, i.w, i.e, 'unknown_workspace', 'workspaceId ' || i.w || ' does not exist',
             jsonb_build_object('productArea', i.p, 'quantity', i.q::text, 'occurredAt', i.o), ${requestId}::text, ${producer}::text
        FROM input i WHERE i.orphan
      RETURNING "eventId"
    ), accepted AS (
      INSERT INTO "MeteringEvent" ("workspaceId", "eventId", "productArea", quantity, unit, "occurredAt", properties, source, producer,
                                   "usageDate", "lateAdjustment", "processedAt")
      SELECT i.w, i.e, i.p, i.q, i.u, i.o, i.pr, ${source}::text, ${producer}::text,
             i.day, i.day < i.open_from, CASE WHEN i.day < i.open_from THEN now() END
        FROM input i WHERE NOT i.orphan
      ${skipRepeats ? Prisma.sql`ON CONFLICT ("workspaceId", "eventId") DO NOTHING` : Prisma.empty}
      RETURNING "workspaceId", "productArea", unit, quantity, "usageDate", "lateAdjustment"
    ), rolled_up AS (
      ${addToDailyRows("accepted", '"usageDate"')}
    ), versions AS (
      INSERT INTO "UsageVersion" ("workspaceId", version, "historyVersion", "updatedAt")
      SELECT a."workspaceId", 1, (min(a."usageDate") < min(w.today))::int, now()
        FROM accepted a JOIN workspace w ON w.id = a."workspaceId"
       WHERE (SELECT count(*) FROM rolled_up) >= 0 -- after the day rows
       GROUP BY a."workspaceId"
       ORDER BY a."workspaceId"
      ${MOVE_USAGE_VERSION}
    ), revision AS (
      INSERT INTO "UsageRevision" (id, revision) SELECT 1, 1 WHERE (SELECT count(*) FROM versions) > 0
      ON CONFLICT (id) DO UPDATE SET revision = "UsageRevision".revision + 1
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM accepted)::int AS inserted,
           (SELECT count(*) FROM accepted WHERE "lateAdjustment")::int AS late,
           (SELECT json_object_agg("productArea", n) FROM (SELECT "productArea", count(*) AS n FROM accepted GROUP BY 1) a) AS by_area,
           (SELECT count(*) FROM rolled_up)::int AS rows_written,
           (SELECT count(*) FROM revision)::int AS revised,
           (SELECT count(*) FROM refused)::int AS refused,
           (SELECT array_agg("eventId") FROM orphaned) AS orphans`;
  const run = (skipRepeats: boolean) => retryingDeadlocks(() => systemDatabase().query<AppliedRow>(statement(skipRepeats)));
  // PGlite's Prisma adapter drops the SQLSTATE, so a unique violation cannot be told from any
  // other failure there; the embedded database serves one process and has no throughput goal.
  let rows: AppliedRow[];
  if (systemDatabase().backend === "pglite") rows = await run(true);
  else {
    try {
      rows = await run(false);
    } catch (error) {
      if (!isRepeatedEvent(error)) throw error;
      rows = await run(true);
    }
  }
  const row = rows[0]!;
  const orphans = new Set(row.orphans ?? []);
  return {
    inserted: Number(row.inserted),
    refusedOnStore: events
      .filter((e) => orphans.has(e.id))
      .map((e) => ({
        index: e.index,
        code: "unknown_workspace",
        message: `workspaceId ${e.workspaceId} does not exist`,
        payload: null,
        workspaceId: e.workspaceId,
        eventId: e.id,
      })),
    applied: { appliedByArea: row.by_area ?? {}, lateAdjustments: Number(row.late), rowsWritten: Number(row.rows_written) },
  };
}

/**
 * The valid events as the statements read them, in key order: one JSON parameter (far cheaper
 * for both sides than a parameter per value). The instant travels as milliseconds since the
 * epoch, so PostgreSQL neither parses a timestamp per event nor rounds 23:59:59.9996 up into the
 * next day (timestamptz(3) would); properties are left out when there are none.
 */
function eventRecordset(events: StorableEvent[]): Prisma.Sql {
  const rows = JSON.stringify(
    [...events].sort(inKeyOrder).map((e) => ({
      w: e.workspaceId,
      e: e.id,
      p: e.productArea,
      q: e.quantity,
      u: e.unit,
      ms: Date.parse(e.occurredAt),
      pr: e.properties ?? undefined,
    })),
  );
  return Prisma.sql`(
    SELECT r.w, r.e, r.p, r.q, r.u, timestamptz 'epoch' + r.ms * interval '1 millisecond' AS o, r.pr
      FROM jsonb_to_recordset(${rows}::jsonb) AS r(w text, e text, p text, q numeric, u text, ms bigint, pr jsonb)
  ) AS t`;
}

/** The INSERT that keeps the refused events with their reasons (a CTE of either statement). */
function rejectionsInsert(refused: Refused[], { source, requestId, producer }: Origin): Prisma.Sql {
  const rejections = JSON.stringify(
    refused.map((r) => ({
      w: r.workspaceId === undefined ? null : storableText(r.workspaceId, 64),
      e: r.eventId === undefined ? null : storableText(r.eventId, 255),
      i: r.index,
      c: r.code,
      m: storableText(r.message, MAX_STORED_PAYLOAD_CHARS),
      pl: storablePayload(r.payload),
    })),
  );
  return Prisma.sql`
      INSERT INTO "MeteringRejection" (source, "workspaceId", "eventId", position, code, message, payload, "requestId", producer)
      SELECT ${source}::text, r.w, r.e, r.i, r.c, r.m, r.pl, ${requestId}::text, ${producer}::text
        FROM jsonb_to_recordset(${rejections}::jsonb) AS r(w text, e text, i int, c text, m text, pl jsonb)
      RETURNING 1`;
}

/**
 * The queued way's statement: stores the refused events with their reasons and the valid ones,
 * each new one also queued in MeteringInbox. The row count is the number of new events.
 *
 * Duplicates are rare and, when a producer retries a batch, usually come first in it. So on
 * PostgreSQL the statement is tried without ON CONFLICT, whose speculative insertion is about a
 * fifth of the statement's cost (docs/performance.md). A repeated (workspaceId, id) then fails
 * the whole statement with a unique violation, and it runs again with ON CONFLICT DO NOTHING,
 * which skips the repeats. Either way nothing is stored twice or half-stored.
 *
 * Events are inserted in key order (then by position), so two requests carrying the same events
 * in different orders wait for each other instead of deadlocking, and the first of repeats in one
 * request is the one kept. They are sorted here: a sort in the statement cost PostgreSQL 1.5 µs
 * per event, five times as much. Should a deadlock happen all the same, the statement is retried.
 * On PostgreSQL the statements go through a plain `pg` connection: Prisma's query interpreter
 * costs several µs per event for a statement this size (see docs/performance.md).
 */
async function queueEvents(events: StorableEvent[], refused: Refused[], origin: Origin): Promise<number> {
  if (events.length === 0 && refused.length === 0) return 0;
  const { source, producer } = origin;
  const statement = (skipRepeats: boolean) => Prisma.sql`
    WITH refused AS (
      ${rejectionsInsert(refused, origin)}
    ), accepted AS (
      INSERT INTO "MeteringEvent" ("workspaceId", "eventId", "productArea", quantity, unit, "occurredAt", properties, source, producer)
      SELECT t.w, t.e, t.p, t.q, t.u, t.o, t.pr, ${source}::text, ${producer}::text
        FROM ${eventRecordset(events)}
      ${skipRepeats ? Prisma.sql`ON CONFLICT ("workspaceId", "eventId") DO NOTHING` : Prisma.empty}
      RETURNING seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt"
    )
    INSERT INTO "MeteringInbox" (seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt")
    SELECT seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt" FROM accepted`;
  const run = (skipRepeats: boolean) => retryingDeadlocks(() => systemDatabase().execute(statement(skipRepeats)));
  if (systemDatabase().backend === "pglite") return run(true);
  try {
    return await run(false);
  } catch (error) {
    if (!isRepeatedEvent(error)) throw error;
    return run(true);
  }
}

async function retryingDeadlocks<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (sqlState(error) !== DEADLOCK_DETECTED || tries >= DEADLOCK_RETRIES) throw error;
    }
  }
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const inKeyOrder = (a: StorableEvent, b: StorableEvent) => byText(a.workspaceId, b.workspaceId) || byText(a.id, b.id) || a.index - b.index;

/** `pg`'s error for a unique violation on MeteringEvent's (workspaceId, eventId). */
function isRepeatedEvent(error: unknown): boolean {
  return sqlState(error) === UNIQUE_VIOLATION && (error as { constraint?: unknown }).constraint === "MeteringEvent_workspaceId_eventId_key";
}

/** The payload as kept for support: JSON PostgreSQL accepts, cut down to a bounded size. */
function storablePayload(payload: unknown): unknown {
  if (payload === null || payload === undefined) return null;
  if (typeof payload === "string") {
    return payload.length <= MAX_STORED_PAYLOAD_CHARS
      ? storableText(payload)
      : { truncated: storableText(payload, MAX_STORED_PAYLOAD_CHARS) };
  }
  const clean = storableJson(payload, MAX_STORED_PAYLOAD_DEPTH);
  const text = JSON.stringify(clean);
  return text.length <= MAX_STORED_PAYLOAD_CHARS ? clean : { truncated: storableText(text, MAX_STORED_PAYLOAD_CHARS) };
}
