import { z } from "zod";
import { isValidCalendarDate } from "@/lib/periods/calendar-date";
import { ANOMALY_KINDS, SEVERITIES } from "./finding";
import { ANOMALY_STATUSES } from "./anomaly-response";

const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((value) => value.split(",").map((v) => v.trim()))
    .pipe(z.array(z.enum(values)).min(1));

const date = z.string().refine(isValidCalendarDate, "must be a date (YYYY-MM-DD)");

export const anomaliesQuery = z
  .object({
    status: list(ANOMALY_STATUSES).optional().describe("Comma-separated statuses"),
    kind: list(ANOMALY_KINDS).optional().describe("Comma-separated kinds"),
    severity: list(SEVERITIES).optional().describe("Comma-separated severities"),
    from: date.optional().describe("Flags whose window ends on or after this day"),
    to: date.optional().describe("Flags whose window starts on or before this day"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional().describe("From the previous page's nextCursor"),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "must not be before from" });
export type AnomaliesQuery = z.output<typeof anomaliesQuery>;

export const triageBody = z
  .object({
    status: z.enum(["acknowledged", "resolved", "dismissed"]),
    note: z.string().trim().max(2000).optional(),
  })
  .refine((b) => b.status !== "dismissed" || (b.note ?? "").length > 0, { path: ["note"], message: "is required to dismiss a flag" });
export type TriageBody = z.output<typeof triageBody>;
