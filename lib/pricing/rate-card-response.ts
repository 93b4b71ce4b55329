import { z } from "zod";
import { decimalString as decimal } from "@/lib/usage/usage-response";

const day = z.string().describe("YYYY-MM-DD, in the workspace's billing time zone");

export const rateCardResponseSchema = z.object({
  workspaceId: z.string(),
  currency: z.string().describe("ISO 4217"),
  effectiveFrom: z.string().describe("The first day of the price book that prices the period"),
  period: z.object({ start: z.string(), end: z.string().describe("Inclusive") }),
  items: z
    .array(
      z.object({
        productArea: z.string(),
        unit: z.string().nullable(),
        includedQuantity: decimal.describe("Free units per period"),
        quantityToDate: decimal.describe("The period's usage so far (all of it once the period has ended)"),
        includedUsedUpOn: day
          .nullable()
          .describe("The day the period's cumulative usage reached the included quantity; null before that, or with none included"),
        tiers: z.array(
          z.object({
            upTo: decimal.nullable().describe("Last billable unit (after the included quantity) the tier covers; null: no end"),
            unitAmount: decimal.describe("Price per unit"),
            reachedOn: day.nullable().describe("The first day the period's cumulative usage entered this tier; null if it has not"),
          }),
        ),
        currentTier: z
          .number()
          .int()
          .nullable()
          .describe("Index into tiers of the tier usage is in now; null while within the included quantity or without usage"),
      }),
    )
    .describe("Every area the book prices, in the book's order"),
  unpriced: z.array(z.string()).describe("Areas with usage in the period that the book does not price"),
});
export type RateCardResponse = z.infer<typeof rateCardResponseSchema>;
