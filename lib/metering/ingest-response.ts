// The response contract of POST /api/metering/events. Field names are a public contract: add, never rename.
import { z } from "zod";
import type { RejectionCode } from "./event-schema";

const REJECTION_CODES = [
  "invalid_json",
  "invalid_event",
  "invalid_event_id",
  "unknown_workspace",
  "unknown_product_area",
  "unit_mismatch",
  "occurred_in_future",
  "occurred_too_long_ago",
  "unprocessable",
  "producer_not_allowed",
] as const satisfies readonly RejectionCode[];

export const ingestResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(
    z.object({
      index: z.number().int().describe("Position in the request (NDJSON: line, from 0)"),
      code: z.enum(REJECTION_CODES),
      message: z.string(),
    }),
  ),
});

export type IngestResult = z.infer<typeof ingestResultSchema>;
