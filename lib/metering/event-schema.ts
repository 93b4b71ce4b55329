// The metering event contract, as producers send it.
import { z } from "zod";

export const MAX_EVENTS_PER_REQUEST = 1000;
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;
export const BACKDATE_LIMIT_DAYS = 35;
/** 26 integer digits fit numeric(38,12); 18 leave room for summing a day's events. */
const QUANTITY = /^\d{1,18}(\.\d{1,12})?$/;
const MAX_PROPERTIES_BYTES = 4096;

const quantity = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const text = typeof value === "number" ? numberToDecimal(value) : value.trim();
    if (text === null || !QUANTITY.test(text)) {
      ctx.addIssue({
        code: "custom",
        message: "must be a non-negative decimal with at most 18 integer and 12 fractional digits",
      });
      return z.NEVER;
    }
    return text;
  });

function numberToDecimal(value: number): string | null {
  if (!Number.isFinite(value) || value < 0) return null;
  const text = String(value);
  // JSON numbers beyond 2^53 or in exponent form have already lost exactness: send a string.
  return /e/i.test(text) || !Number.isSafeInteger(Math.trunc(value)) ? null : text;
}

const properties = z
  .record(z.string(), z.json())
  .refine((value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_PROPERTIES_BYTES, {
    message: `must serialise to at most ${MAX_PROPERTIES_BYTES} bytes`,
  });

export const meteringEventSchema = z.strictObject({
  id: z.string().trim().min(1).max(255),
  workspaceId: z.string().trim().min(1).max(64),
  productArea: z.string().trim().min(1).max(64),
  quantity,
  occurredAt: z.iso.datetime({ offset: true, error: "must be an ISO 8601 timestamp with a time zone offset" }),
  unit: z.string().trim().min(1).max(64).optional(),
  properties: properties.optional(),
});

export type MeteringEventInput = z.input<typeof meteringEventSchema>;
export type MeteringEvent = z.output<typeof meteringEventSchema>;

export type RejectionCode =
  | "invalid_json"
  | "invalid_event"
  | "unknown_workspace"
  | "unknown_product_area"
  | "unit_mismatch"
  | "occurred_in_future"
  | "occurred_too_long_ago"
  | "unprocessable";

export interface Rejection {
  index: number;
  code: RejectionCode;
  message: string;
}
