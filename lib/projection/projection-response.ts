import { z } from "zod";
import { decimalString as decimal } from "@/lib/usage/usage-response";
const amounts = {
  amountToDate: decimal,
  projectedAmount: decimal.describe("The projection's central value, priced"),
  projectedAmountP10: decimal.describe("Nine periods in ten end above this"),
  projectedAmountP90: decimal.describe("Nine periods in ten end below this"),
};

export const projectionResponseSchema = z.object({
  period: z.object({ start: z.string(), end: z.string(), timeZone: z.string(), closed: z.boolean(), closesAt: z.string() }),
  asOf: z.string().describe("When the projection was made, ISO 8601"),
  completeThrough: z.string().describe("Days before this instant are complete; the projection forecasts the rest of the period"),
  method: z
    .string()
    .describe(
      "The forecast used: combined (the two simple forecasters that did best on this series' own replays, averaged; docs/projection.md), or recent-mean / none with little history",
    ),
  estimate: z.boolean().describe("False once the period is closed: the figures are then its actual, final ones"),
  totals: z.array(z.object({ currency: z.string(), ...amounts })).describe("Per currency, never added across currencies"),
  areas: z.array(
    z.object({
      workspaceId: z.string(),
      productArea: z.string(),
      unit: z.string(),
      quantityToDate: decimal,
      projectedQuantity: decimal,
      projectedQuantityP10: decimal,
      projectedQuantityP90: decimal,
      currency: z.string().nullable().describe("Null for an area no price book prices"),
      amountToDate: decimal.nullable(),
      projectedAmount: decimal.nullable(),
      projectedAmountP10: decimal.nullable(),
      projectedAmountP90: decimal.nullable(),
    }),
  ),
  forecast: z
    .array(
      z.object({
        workspaceId: z.string(),
        productArea: z.string(),
        date: z.string().describe("A remaining day of the period, from the day in progress on"),
        quantity: decimal,
        quantityP10: decimal,
        quantityP90: decimal,
      }),
    )
    .describe("Each remaining day's forecast, for drawing the projected path; empty once the period has ended"),
  accuracy: z
    .object({
      periods: z.number().int().describe("Past periods replayed, projected from the same day of the period as today"),
      daysSeen: z
        .number()
        .int()
        .describe(
          "Days of each replayed period the projections saw: the period's complete days today (today's day of the period minus one). The first workspace's when the view has several, as for `period`",
        ),
      meanAbsolutePercentageError: z.number().describe("Mean of |projected − actual| ÷ actual of the invoice total, as a fraction"),
      straightLineMeanAbsolutePercentageError: z
        .number()
        .nullable()
        .describe(
          "The same mean error, over the same periods priced the same way, of a straight line: each period's first daysSeen days averaged and carried to its end. Null when daysSeen is 0 (no day to draw a line from)",
        ),
      rangeCoverage: z.number().describe("Share of those periods whose actual total fell inside P10–P90"),
    })
    .nullable(),
  notes: z.array(z.string()).describe("Plain-language caveats"),
  previousInvoice: z
    .object({
      currency: z.string().describe("ISO 4217"),
      amount: decimal.describe("The invoice total: the sum of its rounded lines"),
      periodStart: z.string(),
      periodEnd: z.string().describe("Inclusive"),
    })
    .nullable()
    .describe(
      "The actual invoice of the period before the projected one (of the areas shown), to set the projected total beside. With several workspaces, their invoices summed when they bill in one currency (dates are the first workspace's); null with several currencies or no price book",
    ),
});
export type ProjectionResponse = z.infer<typeof projectionResponseSchema>;
