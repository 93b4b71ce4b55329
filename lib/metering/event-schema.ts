// The metering event contract, as producers send it.
import { z } from "zod";
import { jsonProblem } from "./storable-json";

export const MAX_EVENTS_PER_REQUEST = 1000;
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
export const BACKDATE_LIMIT_DAYS = 35;
/** 26 integer digits fit numeric(38,12); 18 leave room for summing a day's events. */
const QUANTITY = /^\d{1,18}(\.\d{1,12})?$/;
const MAX_PROPERTIES_BYTES = 4096;
const MAX_PROPERTIES_DEPTH = 16;
/** A double holds any decimal of up to 15 significant digits exactly (DBL_DIG). */
const EXACT_NUMBER_DIGITS = 15;

// PostgreSQL cannot store NUL or unpaired surrogates in these strings either; ingest checks them
// after the schema (a refinement per field cost 2 µs per event, more than every other check).
const text = (max: number) => z.string().trim().min(1).max(max);
/** An event id is compared exactly, so it is never trimmed: see `eventIdProblem`. */
const eventId = z
  .string()
  .min(1)
  .max(255)
  .describe("Exact, never trimmed: no whitespace at either end and no control characters (refused as `invalid_event_id`)");

/** Whitespace at either end, or a C0, DEL or C1 control character anywhere. */
const UNCLEAR_EVENT_ID = /^\s|\s$|[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why an id cannot identify an event, or null. Ids that differ only by invisible characters would
 * otherwise look like one id to people and tools while counting as two events (or, trimmed, as one).
 */
export function eventIdProblem(id: string): string | null {
  return UNCLEAR_EVENT_ID.test(id)
    ? "id must not start or end with whitespace or contain control characters; ids are compared exactly, never trimmed"
    : null;
}

const quantity = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const decimal = typeof value === "number" ? exactDecimal(value) : value.trim();
  if (decimal === null) {
    ctx.addIssue({
      code: "custom",
      message: `as a JSON number must be exact (at most ${EXACT_NUMBER_DIGITS} significant digits, no exponent): send it as a string`,
    });
    return z.NEVER;
  }
  if (!QUANTITY.test(decimal)) {
    ctx.addIssue({ code: "custom", message: "must be a non-negative decimal with at most 18 integer and 12 fractional digits" });
    return z.NEVER;
  }
  return decimal;
});

/**
 * The number as a decimal string, or null when it may already differ from what the producer
 * wrote: more significant digits than a double keeps, or exponent form. Nothing here can tell.
 */
function exactDecimal(value: number): string | null {
  const text = String(value);
  if (/e/i.test(text)) return null;
  return text.replace(/^-/, "").replace(".", "").replace(/^0+/, "").length <= EXACT_NUMBER_DIGITS ? text : null;
}

// Checked by walking the value (no recursion) before it is serialised to measure its size.
const properties = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const problem = jsonProblem(value, MAX_PROPERTIES_DEPTH);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
  else if (Buffer.byteLength(JSON.stringify(value)) > MAX_PROPERTIES_BYTES) {
    ctx.addIssue({ code: "custom", message: `must serialise to at most ${MAX_PROPERTIES_BYTES} bytes` });
  }
});

export const meteringEventSchema = z.strictObject({
  id: eventId,
  workspaceId: text(64),
  productArea: text(64),
  quantity,
  occurredAt: z.iso.datetime({ offset: true, error: "must be an ISO 8601 timestamp with a time zone offset" }),
  unit: text(64).optional(),
  properties: properties.optional(),
});

export type MeteringEventInput = z.input<typeof meteringEventSchema>;
export type MeteringEvent = z.output<typeof meteringEventSchema>;

export type RejectionCode =
  | "invalid_json"
  | "invalid_event"
  | "invalid_event_id"
  | "unknown_workspace"
  | "unknown_product_area"
  | "unit_mismatch"
  | "occurred_in_future"
  | "occurred_too_long_ago"
  | "unprocessable"
  | "producer_not_allowed";

export interface Rejection {
  index: number;
  code: RejectionCode;
  message: string;
}
