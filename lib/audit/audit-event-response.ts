// The response contract of GET /api/audit-events. Field names are a public contract: add, never rename.
import { z } from "zod";

export const auditEventSchema = z.object({
  id: z.string(),
  occurredAt: z.string(),
  action: z.string(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  workspaceId: z.string().nullable().describe("The event's own workspace, or the first named one the reader may see"),
  workspaceIds: z.array(z.string()).describe("Every workspace the event names that the reader may see, its own first"),
  target: z.unknown().describe("What the action was on (JSON)"),
  requestId: z.string().nullable().describe("This server's id for the request"),
  clientRequestId: z.string().nullable().describe("The x-request-id the client sent, if any"),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  metadata: z.unknown().describe("Details of the action (JSON)"),
});

export const auditEventsPageSchema = z.object({ events: z.array(auditEventSchema), nextCursor: z.string().nullable() });

export type AuditEventResponse = z.infer<typeof auditEventSchema>;
export type AuditEventsPage = z.infer<typeof auditEventsPageSchema>;
