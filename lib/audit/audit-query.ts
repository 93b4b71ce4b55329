import { z } from "zod";
import { timeCursor } from "@/lib/api/time-cursor";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD");

export const auditQueryInput = z.object({
  action: z.string().trim().min(1).max(64).optional().describe("Exact action, e.g. billing.usage.viewed"),
  actor: z.string().trim().min(1).max(255).optional().describe("Actor e-mail (case-insensitive) or user id"),
  from: day.optional().describe("First day, inclusive, in the workspace's time zone"),
  to: day.optional().describe("Last day, inclusive, in the workspace's time zone"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: timeCursor.optional().describe("From the previous page's nextCursor"),
});

export const auditQuery = auditQueryInput.refine((q) => !q.from || !q.to || q.from <= q.to, {
  path: ["to"],
  message: "must not be before from",
});

export type AuditQuery = z.output<typeof auditQuery>;
