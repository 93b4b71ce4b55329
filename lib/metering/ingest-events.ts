// Ingest: validate each event on its own, store the valid ones durably and idempotently, and
// keep every refused one with its reason. Shared by the HTTP endpoint and the NATS source.
import { db, Prisma } from "@/lib/db";
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
  // Raw: once per request on the ingest hot path; a Prisma model query costs several times more CPU.
  const known = new Set(
    (await db().$queryRaw<{ id: string }[]>`SELECT id FROM "Workspace" WHERE id = ANY(${workspaceIds}::text[])`).map((w) => w.id),
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

  // Prisma queries are lazy: `insert` runs once, alone or inside the transaction. With nothing
  // refused (the usual case) the INSERT is atomic on its own: no BEGIN/COMMIT round trips.
  const insert = insertEvents(valid, options.source);
  const inserted =
    refused.length === 0
      ? await insert
      : (
          await db().$transaction([
            db().meteringRejection.createMany({
              data: refused.map((r) => ({
                source: options.source,
                workspaceId: r.workspaceId ?? null,
                eventId: r.eventId ?? null,
                position: r.index,
                code: r.code,
                message: r.message,
                payload: storablePayload(r.payload),
                requestId: options.requestId ?? null,
              })),
            }),
            insert,
          ])
        )[1];

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
  const occurredAt = new Date(event.occurredAt).getTime();
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
 * One set-based statement; ON CONFLICT makes a repeated (workspaceId, id) a no-op. Timestamps are
 * truncated to the millisecond first: PostgreSQL would round 23:59:59.9996 up into the next day.
 * The events travel as one JSON parameter: JSON.stringify and PostgreSQL's JSON parser cost far
 * less than seven array parameters escaped element by element by pg and carried through
 * Prisma's query interpreter (see docs/performance.md).
 */
function insertEvents(events: (MeteringEvent & { unit: string })[], source: string) {
  if (events.length === 0) return db().$executeRaw`SELECT 1 WHERE false`;
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
  return db().$executeRaw`
    INSERT INTO "MeteringEvent" ("workspaceId", "eventId", "productArea", "quantity", "unit", "occurredAt", "properties", "source")
    SELECT t.w, t.e, t.p, t.q, t.u, t.o, t.pr, ${source}
      FROM jsonb_to_recordset(${rows}::jsonb) AS t(w text, e text, p text, q numeric, u text, o timestamptz, pr jsonb)
    ON CONFLICT ("workspaceId", "eventId") DO NOTHING`;
}

function identity(value: unknown): { workspaceId?: string; eventId?: string } {
  if (typeof value !== "object" || value === null) return {};
  const { workspaceId, id } = value as Record<string, unknown>;
  return {
    workspaceId: typeof workspaceId === "string" ? workspaceId.slice(0, 64) : undefined,
    eventId: typeof id === "string" ? id.slice(0, 255) : undefined,
  };
}

function storablePayload(payload: unknown): Prisma.InputJsonValue | typeof Prisma.JsonNull {
  if (payload === null || payload === undefined) return Prisma.JsonNull;
  if (typeof payload === "string") {
    return payload.length <= MAX_STORED_PAYLOAD_CHARS ? payload : { truncated: payload.slice(0, MAX_STORED_PAYLOAD_CHARS) };
  }
  const text = JSON.stringify(payload);
  return text.length <= MAX_STORED_PAYLOAD_CHARS
    ? (payload as Prisma.InputJsonValue)
    : { truncated: text.slice(0, MAX_STORED_PAYLOAD_CHARS) };
}
