import { z } from "zod";
import { calendarDateParam as day } from "@/lib/query/calendar-params";
import { timeCursor } from "@/lib/query/time-cursor";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const auditQueryInput = z.object({
  action: z.string().trim().min(1).max(64).optional().describe("Exact action, e.g. billing.usage.viewed"),
  actor: z.string().trim().min(1).max(255).optional().describe("Actor e-mail (case-insensitive) or user id"),
  from: day.optional().describe("First day, inclusive, in the workspace's time zone"),
  to: day.optional().describe("Last day, inclusive, in the workspace's time zone"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: timeCursor(UUID).optional().describe("From the previous page's nextCursor"),
});

export const auditQuery = auditQueryInput.refine((q) => !q.from || !q.to || q.from <= q.to, {
  path: ["to"],
  message: "must not be before from",
});

export type AuditQuery = z.output<typeof auditQuery>;

/** The filters as the download's audit row keeps them: validated values only, in the URL's terms. */
export function auditedAuditQuery(query: AuditQuery): Record<string, string> {
  const audited: Record<string, string> = {};
  for (const key of ["action", "actor", "from", "to"] as const) if (query[key]) audited[key] = query[key];
  if (query.cursor) audited.cursor = query.cursor.at.toISOString();
  return audited;
}
