// Ingest: validate each event on its own, store the valid ones durably and idempotently, and
// keep every refused one with its reason. Shared by the HTTP endpoint and the NATS source.
import "server-only";
import { database, Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { record } from "@/lib/observability/metrics";
import {
  BACKDATE_LIMIT_DAYS,
  eventIdProblem,
  MAX_FUTURE_SKEW_MS,
  meteringEventSchema,
  type MeteringEvent,
  type RejectionCode,
} from "./event-schema";
import type { IngestResult } from "./ingest-response";
import { ALL_SCOPES, allows, type ProducerScope } from "./producer-key";
import { productAreaUnits } from "./product-catalogue";
import { isStorableText } from "./storable-json";
import { storeRequest, type IngestSource, type Refused, type StorableEvent } from "./store-events";

/**
 * One element of a request, by position: a parsed value, the text of a line that was not JSON, or
 * a blank NDJSON line (it keeps the line numbers of the rest, and is otherwise ignored).
 */
export type IngestItem = { value: unknown } | { unparsable: string; error: string } | { blank: true };

export type { IngestResult };

/**
 * Who sent the events: its name is stored with each event and rejection. `scope` is what it may
 * write (null: nothing, for a NATS subject naming no live key); `counted` whether the name is a
 * key's, and so a bounded metrics label. Without one (in-process callers: tests, tools), every
 * scope and no name.
 */
export interface IngestProducer {
  name: string;
  scope: ProducerScope | null;
  counted: boolean;
}

const IN_PROCESS: IngestProducer = { name: "in-process", scope: ALL_SCOPES, counted: false };

export async function ingestEvents(
  items: IngestItem[],
  options: {
    source: IngestSource;
    producer?: IngestProducer;
    requestId?: string;
    now?: Date;
    graceHours?: number;
    /** Where the events are added to the read model (default: METERING_APPLY). */
    applyAt?: "ingest" | "consumer";
  },
): Promise<IngestResult> {
  const now = options.now ?? new Date();
  const producer = options.producer ?? IN_PROCESS;
  const refused: Refused[] = [];
  const parsed: { index: number; event: MeteringEvent }[] = [];

  items.forEach((item, index) => {
    if ("blank" in item) return;
    if ("unparsable" in item) {
      refused.push({ index, code: "invalid_json", message: item.error, payload: item.unparsable });
      return;
    }
    const outcome = validate(item.value);
    if ("event" in outcome) parsed.push({ index, event: outcome.event });
    else refused.push({ index, code: outcome.code, message: outcome.message, payload: item.value, ...identity(item.value) });
  });

  const units = await productAreaUnits();
  const workspaceIds = [...new Set(parsed.map(({ event }) => event.workspaceId))];
  const known = new Set(
    (await database().query<{ id: string }>(Prisma.sql`SELECT id FROM "Workspace" WHERE id = ANY(${workspaceIds}::text[])`)).map(
      (w) => w.id,
    ),
  );

  const valid: StorableEvent[] = [];
  for (const { index, event } of parsed) {
    const problem = outOfScope(event, producer) ?? checkEvent(event, known, units, now);
    if (problem) {
      refused.push({ index, ...problem, payload: event, workspaceId: event.workspaceId, eventId: event.id });
    } else {
      valid.push({ ...event, unit: units.get(event.productArea)!, index });
    }
  }

  const stored = await storeRequest(
    valid,
    refused,
    { source: options.source, requestId: options.requestId ?? null, producer: options.producer?.name ?? null },
    { now, graceHours: options.graceHours ?? env().METERING_GRACE_HOURS },
    options.applyAt ?? env().METERING_APPLY,
  );
  const result = {
    accepted: stored.inserted,
    duplicates: valid.length - stored.refusedOnStore.length - stored.inserted,
    rejected: [...refused, ...stored.refusedOnStore]
      .sort((a, b) => a.index - b.index)
      .map(({ index, code, message }) => ({ index, code, message })),
  };
  record.ingest(options.source === "api" ? "http" : "nats", result, producer.counted ? producer.name : null);
  record.applied(stored.applied);
  return result;
}

const TEXT_FIELDS = ["id", "workspaceId", "productArea", "unit"] as const;

type Invalid = { code: "invalid_event" | "invalid_event_id"; message: string };

/** The schema's verdict; an input that makes validation itself throw is refused like any other. */
function validate(value: unknown): { event: MeteringEvent } | Invalid {
  try {
    const result = meteringEventSchema.safeParse(value);
    if (result.success) {
      const idProblem = eventIdProblem(result.data.id);
      if (idProblem) return { code: "invalid_event_id", message: idProblem };
      const unstorable = TEXT_FIELDS.find((field) => !isStorableText(result.data[field] ?? ""));
      if (unstorable)
        return { code: "invalid_event", message: `${unstorable} must not contain NUL characters or unpaired UTF-16 surrogates` };
      return { event: result.data };
    }
    return { code: "invalid_event", message: result.error.issues.map((i) => `${i.path.join(".") || "event"} ${i.message}`).join("; ") };
  } catch (error) {
    return { code: "invalid_event", message: `event could not be validated: ${(error as Error).message}` };
  }
}

/**
 * Checked first, before whether the workspace exists: a producer learns nothing about workspaces
 * it may not write to.
 */
function outOfScope(
  { workspaceId, productArea }: MeteringEvent,
  producer: IngestProducer,
): { code: RejectionCode; message: string } | null {
  if (producer.scope && allows(producer.scope, workspaceId, productArea)) return null;
  return {
    code: "producer_not_allowed",
    message: producer.scope
      ? `producer ${producer.name} may not write ${productArea} events for workspace ${workspaceId}`
      : `producer ${producer.name} has no live key`,
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

function identity(value: unknown): { workspaceId?: string; eventId?: string } {
  if (typeof value !== "object" || value === null) return {};
  const { workspaceId, id } = value as Record<string, unknown>;
  return {
    workspaceId: typeof workspaceId === "string" ? workspaceId : undefined,
    eventId: typeof id === "string" ? id : undefined,
  };
}
