// Ingest: validate each event on its own, store the valid ones durably and idempotently, and
// keep every refused one with its reason. Shared by the HTTP endpoint and the NATS source.
import { database, Prisma } from "@/lib/db";
import {
  BACKDATE_LIMIT_DAYS,
  MAX_FUTURE_SKEW_MS,
  meteringEventSchema,
  type MeteringEvent,
  type Rejection,
  type RejectionCode,
} from "./event-schema";
import { productAreaUnits } from "./product-catalogue";

export type IngestSource = "api" | "nats";

/** One element of a request: a parsed value, or the text of a line that was not JSON. */
export type IngestItem = { value: unknown } | { unparsable: string; error: string };

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
}

interface Refused extends Rejection {
  payload: unknown;
  workspaceId?: string;
  eventId?: string;
}

const MAX_STORED_PAYLOAD_CHARS = 8192;

export async function ingestEvents(
  items: IngestItem[],
  options: { source: IngestSource; requestId?: string; now?: Date },
): Promise<IngestResult> {
  const now = options.now ?? new Date();
  const refused: Refused[] = [];
  const parsed: { index: number; event: MeteringEvent }[] = [];

  items.forEach((item, index) => {
    if ("unparsable" in item) {
      refused.push({ index, code: "invalid_json", message: item.error, payload: item.unparsable });
      return;
    }
    const result = meteringEventSchema.safeParse(item.value);
    if (result.success) {
      parsed.push({ index, event: result.data });
    } else {
      const message = result.error.issues.map((i) => `${i.path.join(".") || "event"} ${i.message}`).join("; ");
      refused.push({ index, code: "invalid_event", message, payload: item.value, ...identity(item.value) });
    }
  });

  const units = await productAreaUnits();
  const workspaceIds = [...new Set(parsed.map(({ event }) => event.workspaceId))];
  const known = new Set(
    (await database().query<{ id: string }>(Prisma.sql`SELECT id FROM "Workspace" WHERE id = ANY(${workspaceIds}::text[])`)).map((w) => w.id),
  );

  const valid: (MeteringEvent & { unit: string })[] = [];
  for (const { index, event } of parsed) {
    const problem = checkEvent(event, known, units, now);
    if (problem) {
      refused.push({ index, ...problem, payload: event, workspaceId: event.workspaceId, eventId: event.id });
    } else {
      valid.push({ ...event, unit: units.get(event.productArea)! });
    }
  }

  const inserted = await storeEvents(valid, refused, options.source, options.requestId ?? null);
  return {
    accepted: inserted,
    duplicates: valid.length - inserted,
    rejected: refused.sort((a, b) => a.index - b.index).map(({ index, code, message }) => ({ index, code, message })),
  };
}

function checkEvent(
  event: MeteringEvent,
  knownWorkspaces: Set<string>,
  units: Map<string, string>,
  now: Date,
): { code: RejectionCode; message: string } | null {
  if (!knownWorkspaces.has(event.workspaceId)) {
    return { code: "unknown_workspace", message: `workspaceId ${event.workspaceId} does not exist` };
  }
  const unit = units.get(event.productArea);
  if (!unit) return { code: "unknown_product_area", message: `productArea ${event.productArea} is not in the catalogue` };
  if (event.unit !== undefined && event.unit !== unit) {
    return { code: "unit_mismatch", message: `unit must be ${unit} for ${event.productArea}, got ${event.unit}` };
  }
  const occurredAt = Date.parse(event.occurredAt);
  if (occurredAt > now.getTime() + MAX_FUTURE_SKEW_MS) {
    return { code: "occurred_in_future", message: "occurredAt is more than 5 minutes in the future" };
  }
  if (occurredAt < now.getTime() - BACKDATE_LIMIT_DAYS * 86_400_000) {
    return {
      code: "occurred_too_long_ago",
      message: `occurredAt is more than ${BACKDATE_LIMIT_DAYS} days in the past (the backdating limit)`,
    };
  }
  return null;
}

/**
 * One statement stores everything a request brought, atomically: the refused events with their
 * reasons, and the valid ones, each new one also queued in MeteringInbox for the consumer. The row
 * count is the number of new events.
 *
 * Duplicates are rare and, when a producer retries a batch, usually come first in it. So on
 * PostgreSQL the statement is tried without ON CONFLICT, whose speculative insertion is about a
 * fifth of the statement's cost (docs/performance.md). A repeated (workspaceId, id) then
 * fails the whole statement with a unique violation, and it runs again with ON CONFLICT DO
 * NOTHING, which skips the repeats. Either way nothing is stored twice or half-stored.
 *
 * Timestamps are truncated to the millisecond first: PostgreSQL would round 23:59:59.9996 up
 * into the next day. The rows travel as JSON parameters, and on PostgreSQL
 * through a plain `pg` connection: JSON.stringify and PostgreSQL's JSON parser cost far less than
 * per-row parameters or Prisma's query interpreter (see docs/performance.md).
 */
async function storeEvents(
  events: (MeteringEvent & { unit: string })[],
  refused: Refused[],
  source: IngestSource,
  requestId: string | null,
): Promise<number> {
  if (events.length === 0 && refused.length === 0) return 0;
  const rows = JSON.stringify(
    events.map((e) => ({
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
      w: r.workspaceId ?? null,
      e: r.eventId ?? null,
      i: r.index,
      c: r.code,
      m: r.message,
      pl: storablePayload(r.payload),
    })),
  );
  const statement = (skipRepeats: boolean) => Prisma.sql`
    WITH refused AS (
      INSERT INTO "MeteringRejection" (source, "workspaceId", "eventId", position, code, message, payload, "requestId")
      SELECT ${source}::text, r.w, r.e, r.i, r.c, r.m, r.pl, ${requestId}::text
        FROM jsonb_to_recordset(${rejections}::jsonb) AS r(w text, e text, i int, c text, m text, pl jsonb)
    ), accepted AS (
      INSERT INTO "MeteringEvent" ("workspaceId", "eventId", "productArea", quantity, unit, "occurredAt", properties, source)
      SELECT t.w, t.e, t.p, t.q, t.u, t.o, t.pr, ${source}::text
        FROM jsonb_to_recordset(${rows}::jsonb) AS t(w text, e text, p text, q numeric, u text, o timestamptz, pr jsonb)
      ${skipRepeats ? Prisma.sql`ON CONFLICT ("workspaceId", "eventId") DO NOTHING` : Prisma.empty}
      RETURNING seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt"
    )
    INSERT INTO "MeteringInbox" (seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt")
    SELECT seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt" FROM accepted`;
  // PGlite's Prisma adapter drops the SQLSTATE, so a unique violation cannot be told from any
  // other failure there; the embedded database serves one process and has no throughput goal.
  if (database().backend === "pglite") return database().execute(statement(true));
  try {
    return await database().execute(statement(false));
  } catch (error) {
    if (!isRepeatedEvent(error)) throw error;
    return database().execute(statement(true));
  }
}

/** `pg`'s error for a unique violation on MeteringEvent's (workspaceId, eventId). */
function isRepeatedEvent(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === "23505" && constraint === "MeteringEvent_workspaceId_eventId_key";
}

function identity(value: unknown): { workspaceId?: string; eventId?: string } {
  if (typeof value !== "object" || value === null) return {};
  const { workspaceId, id } = value as Record<string, unknown>;
  return {
    workspaceId: typeof workspaceId === "string" ? workspaceId.slice(0, 64) : undefined,
    eventId: typeof id === "string" ? id.slice(0, 255) : undefined,
  };
}

/** The payload as kept for support: JSON, cut down to a bounded size. */
function storablePayload(payload: unknown): unknown {
  if (payload === null || payload === undefined) return null;
  if (typeof payload === "string") {
    return payload.length <= MAX_STORED_PAYLOAD_CHARS ? payload : { truncated: payload.slice(0, MAX_STORED_PAYLOAD_CHARS) };
  }
  const text = JSON.stringify(payload);
  return text.length <= MAX_STORED_PAYLOAD_CHARS ? payload : { truncated: text.slice(0, MAX_STORED_PAYLOAD_CHARS) };
}
