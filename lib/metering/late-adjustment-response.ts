// The response contract of GET /api/metering/late-adjustments. Field names are a public contract: add, never rename.
import { z } from "zod";

export const lateAdjustmentSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  eventId: z.string(),
  productArea: z.string(),
  unit: z.string(),
  quantity: z.string().describe("Exact decimal, as a string"),
  occurredAt: z.string(),
  usageDate: z.string().nullable().describe("The day (workspace time zone) it was applied to"),
  receivedAt: z.string(),
  processedAt: z.string().nullable().describe("When the consumer applied it"),
});

export const lateAdjustmentsPageSchema = z.object({ lateAdjustments: z.array(lateAdjustmentSchema), nextCursor: z.string().nullable() });

export type LateAdjustmentResponse = z.infer<typeof lateAdjustmentSchema>;
export type LateAdjustmentsPage = z.infer<typeof lateAdjustmentsPageSchema>;
