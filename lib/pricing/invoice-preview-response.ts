import { z } from "zod";
import { decimalString as decimal } from "@/lib/usage/usage-response";

const line = z.object({
  quantity: decimal,
  billableQuantity: decimal.describe("Above the included quantity: what the tiers price"),
  amount: decimal.describe("The line, rounded once to the currency's minor unit (docs/pricing.md)"),
  tiers: z.array(
    z.object({
      upTo: decimal.nullable(),
      unitAmount: decimal,
      quantity: decimal.describe("Billable units in this tier"),
      amount: decimal.describe("quantity × unitAmount, exact (not rounded)"),
    }),
  ),
});

export const invoicePreviewResponseSchema = z.object({
  workspaceId: z.string(),
  currency: z.string().describe("ISO 4217"),
  period: z.object({
    start: z.string(),
    end: z.string().describe("Inclusive"),
    closed: z.boolean().describe("Ended and past the grace period: the lines are the final invoice"),
  }),
  estimate: z.boolean().describe("False once the period is closed"),
  lines: z
    .array(
      z.object({
        productArea: z.string(),
        unit: z.string().nullable(),
        actual: line.describe("The invoice line of the usage so far"),
        projected: line
          .nullable()
          .describe("The invoice line of the projected period quantity (GET /api/billing/projection's); null once closed"),
      }),
    )
    .describe("Per priced product area with usage so far or projected, by area key"),
  totals: z.object({
    actual: decimal.describe("Sum of the actual lines"),
    projected: decimal.nullable().describe("Sum of the projected lines: the projection's total to the cent; null once closed"),
  }),
  unpriced: z.array(z.string()).describe("Areas with usage the price book does not price: in no line"),
  projectedAt: z.string().nullable().describe("When the projection was made, ISO 8601; null once closed"),
});
export type InvoicePreviewResponse = z.infer<typeof invoicePreviewResponseSchema>;
