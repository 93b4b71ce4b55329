// Storing what an ingest request brought: the valid events, each new one also queued in
// MeteringInbox for the consumer, and every refused event with its reason. Producers write for any
// workspace: a system write (systemDatabase), not a tenant's read.
import "server-only";
import { Prisma, systemDatabase } from "@/lib/db";
import { DEADLOCK_DETECTED, isDataError, sqlState, UNIQUE_VIOLATION } from "@/lib/db/sql-errors";
import type { MeteringEvent, Rejection } from "./event-schema";
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

const MAX_STORED_PAYLOAD_CHARS = 8192;
const MAX_STORED_PAYLOAD_DEPTH = 32;
const DEADLOCK_RETRIES = 2;

/**
 * Stores everything in one statement, so a request's accepted and refused events commit together.
 * Should PostgreSQL refuse a value all the same (validation keeps out every one known to fail),
 * the request is split until the event it cannot store is found: that one is refused as
 * `unprocessable`, and everything else is still stored. The parts then commit one by one, so a
 * request cut short on that path and sent again finds some events stored (duplicates, as they
 * should be) and may record its refusals twice. Returns the number of new events and the events
 * refused that way.
 */
export async function storeRequest(
  valid: StorableEvent[],
  refused: Refused[],
  origin: Origin,
): Promise<{ inserted: number; unprocessable: Refused[] }> {
  try {
    return { inserted: await storeEvents(valid, refused, origin), unprocessable: [] };
  } catch (error) {
    if (!isDataError(error)) throw error;
  }
  await storeEvents([], refused, origin).catch((error: unknown) => {
    if (!isDataError(error)) throw error;
    return storeEvents(
      [],
      refused.map((r) => ({ ...r, payload: null })),
      origin,
    );
  });
  const unprocessable: Refused[] = [];
  let inserted = 0;
  const storeHalves = async (part: StorableEvent[]): Promise<void> => {
    try {
      inserted += await storeEvents(part, [], origin);
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
  if (unprocessable.length > 0) await storeEvents([], unprocessable, origin);
  return { inserted, unprocessable };
}

/**
 * One statement stores the refused events with their reasons and the valid ones, each new one
 * also queued in MeteringInbox. The row count is the number of new events.
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
 * per event, five times as much. Should a deadlock happen all the same, the statement is retried. Timestamps are truncated to the millisecond first: PostgreSQL would
 * round 23:59:59.9996 up into the next day. The rows travel as JSON parameters, and on PostgreSQL
 * through a plain `pg` connection: JSON.stringify and PostgreSQL's JSON parser cost far less than
 * per-row parameters or Prisma's query interpreter (see docs/performance.md).
 */
async function storeEvents(events: StorableEvent[], refused: Refused[], { source, requestId, producer }: Origin): Promise<number> {
  if (events.length === 0 && refused.length === 0) return 0;
  const rows = JSON.stringify(
    [...events].sort(inKeyOrder).map((e) => ({
      w: e.workspaceId,
      e: e.id,
      p: e.productArea,
      q: e.quantity,
      u: e.unit,
      o: new Date(e.occurredAt).toISOString(),
      pr: e.properties ?? null,
    })),
  );
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
  const statement = (skipRepeats: boolean) => Prisma.sql`
    WITH refused AS (
      INSERT INTO "MeteringRejection" (source, "workspaceId", "eventId", position, code, message, payload, "requestId", producer)
      SELECT ${source}::text, r.w, r.e, r.i, r.c, r.m, r.pl, ${requestId}::text, ${producer}::text
        FROM jsonb_to_recordset(${rejections}::jsonb) AS r(w text, e text, i int, c text, m text, pl jsonb)
    ), accepted AS (
      INSERT INTO "MeteringEvent" ("workspaceId", "eventId", "productArea", quantity, unit, "occurredAt", properties, source, producer)
      SELECT t.w, t.e, t.p, t.q, t.u, t.o, t.pr, ${source}::text, ${producer}::text
        FROM jsonb_to_recordset(${rows}::jsonb) AS t(w text, e text, p text, q numeric, u text, o timestamptz, pr jsonb)
      ${skipRepeats ? Prisma.sql`ON CONFLICT ("workspaceId", "eventId") DO NOTHING` : Prisma.empty}
      RETURNING seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt"
    )
    INSERT INTO "MeteringInbox" (seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt")
    SELECT seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt" FROM accepted`;
  // PGlite's Prisma adapter drops the SQLSTATE, so a unique violation cannot be told from any
  // other failure there; the embedded database serves one process and has no throughput goal.
  if (systemDatabase().backend === "pglite") return systemDatabase().execute(statement(true));
  try {
    return await executeRetryingDeadlocks(statement(false));
  } catch (error) {
    if (!isRepeatedEvent(error)) throw error;
    return executeRetryingDeadlocks(statement(true));
  }
}

async function executeRetryingDeadlocks(sql: Prisma.Sql): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await systemDatabase().execute(sql);
    } catch (error) {
      if (sqlState(error) !== DEADLOCK_DETECTED || attempt >= DEADLOCK_RETRIES) throw error;
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
