// The response contract of GET /api/metering/rejections. Field names are a public contract: add, never rename.
import { z } from "zod";

export const rejectionSchema = z.object({
  id: z.string(),
  receivedAt: z.string(),
  source: z.string().describe("api, nats or consumer"),
  workspaceId: z.string().nullable().describe("As sent (may name no workspace that exists); null when unreadable"),
  eventId: z.string().nullable(),
  position: z.number().int().nullable().describe("Position in the ingest request, when there was one"),
  code: z.string(),
  message: z.string(),
  payload: z.unknown().describe("The event as sent (JSON), cut down to a bounded size; null when unreadable"),
  requestId: z.string().nullable(),
  producer: z
    .string()
    .nullable()
    .describe(
      "The producer that sent it (its key's name, legacy-ingest-token, or from NATS the subject's); null from the consumer and before producer keys",
    ),
});

export const rejectionsPageSchema = z.object({ rejections: z.array(rejectionSchema), nextCursor: z.string().nullable() });

export type RejectionResponse = z.infer<typeof rejectionSchema>;
export type RejectionsPage = z.infer<typeof rejectionsPageSchema>;
