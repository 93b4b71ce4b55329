// The response contract of GET /api/metering/status. Field names are a public contract: add, never rename.
import { z } from "zod";

export const consumerLagResponseSchema = z.object({
  backlog: z.number().int().describe("Events stored but not yet applied"),
  oldestUnprocessedAt: z.string().nullable().describe("When the oldest of them arrived, ISO 8601; null when none waits"),
  oldestAgeSeconds: z.number(),
});

export type ConsumerLagResponse = z.infer<typeof consumerLagResponseSchema>;
