import { z } from "zod";

export const pricesResponseSchema = z.object({
  workspaceId: z.string(),
  currency: z.string().describe("ISO 4217"),
  effectiveFrom: z.string().describe("The first day (workspace calendar) whose period this book prices"),
  period: z.object({ start: z.string(), end: z.string() }).describe("The period the book prices: the workspace's current one"),
  items: z.array(
    z.object({
      productArea: z.string(),
      unit: z.string().nullable(),
      includedQuantity: z.string().describe("Free units per period, as a decimal string"),
      tiers: z.array(
        z.object({
          upTo: z.string().nullable().describe("Last billable unit (after the included quantity) the tier covers; null: no end"),
          unitAmount: z.string().describe("Price per unit, as a decimal string"),
        }),
      ),
    }),
  ),
});
export type PricesResponse = z.infer<typeof pricesResponseSchema>;
