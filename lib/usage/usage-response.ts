// The response contract of GET /api/billing/usage. Field names are a public contract: add, never rename.
import { z } from "zod";

/** A non-negative exact decimal as a string: the one shape of every quantity and amount. */
export const decimalString = z
  .string()
  .regex(/^\d+(\.\d+)?$/)
  .describe("Exact decimal, as a string");
const decimal = decimalString;

export const periodInfoSchema = z.object({
  start: z.string().describe("First day, YYYY-MM-DD, in the workspace's billing time zone"),
  end: z.string().describe("Last day, inclusive"),
  timeZone: z.string(),
  closed: z.boolean().describe("True once the period has ended and its grace period has passed: figures are final"),
  closesAt: z
    .string()
    .describe(
      "When the figures become final: the instant the period ends (local midnight) plus the grace period for late events, ISO 8601",
    ),
});

export const usageRowSchema = z.object({
  workspaceId: z.string().optional(),
  date: z.string().optional(),
  productArea: z.string().optional(),
  unit: z.string(),
  quantity: decimal,
  sourceEventCount: z.number().int(),
});

export const usageTotalSchema = z.object({
  productArea: z.string(),
  unit: z.string(),
  quantity: decimal,
  sourceEventCount: z.number().int(),
});

const dateWindowSchema = z.object({ from: z.string(), to: z.string().describe("Inclusive") });

export const comparisonSchema = z.union([
  z.object({
    available: z.literal(true),
    windows: z
      .array(
        z.object({
          workspaceId: z.string(),
          basis: z.enum(["whole-periods", "same-weekdays"]),
          current: dateWindowSchema.describe(
            "The days of the shown period compared: all of them once it has ended, else its complete days",
          ),
          previous: dateWindowSchema.describe("The previous period's days they are compared with"),
        }),
      )
      .describe("Per workspace, the days compared"),
    totals: z
      .array(z.object({ productArea: z.string(), unit: z.string(), current: decimal, previous: decimal }))
      .describe("Per product area: the quantity over the current windows and over the previous ones"),
  }),
  z.object({
    available: z.literal(false),
    reason: z.literal("too-early").describe("The period's first day is not over yet"),
    availableAt: z.string().describe("When a comparison can first be made, ISO 8601"),
  }),
]);

const money = { currency: z.string().describe("ISO 4217"), amount: decimal.describe("In the currency's minor unit, e.g. 12.30") };

export const usageCostSchema = z
  .object({
    totals: z
      .array(z.object(money))
      .describe("Per currency: the sum of the invoice lines of the figures shown; currencies are never added"),
    byArea: z.array(z.object({ productArea: z.string(), ...money })).describe("Per product area and currency"),
    byWorkspace: z
      .array(
        z.object({
          workspaceId: z.string(),
          ...money,
          effectiveFrom: z.string().describe("The price book that priced it: its first day"),
          lines: z.array(z.object({ productArea: z.string(), quantity: decimal, billableQuantity: decimal, amount: decimal })),
        }),
      )
      .optional()
      .describe("Each workspace's invoice lines; listed workspaces only"),
    unpriced: z
      .array(z.object({ workspaceId: z.string(), productArea: z.string() }))
      .describe("Usage no price book prices: in no amount above"),
  })
  .describe("Cost to date, for billing-period views (null for a custom date range: tiers restart each period)");

export const usageReportSchema = z.object({
  period: periodInfoSchema.describe("The first requested workspace's period"),
  workspaces: z
    .array(z.object({ workspaceId: z.string(), slug: z.string(), name: z.string(), currency: z.string(), period: periodInfoSchema }))
    .optional()
    .describe("Each workspace and its own period. Always there for listed workspaces; for workspaceId=all only with include=workspaces"),
  daily: z
    .array(usageRowSchema)
    .describe("Rows by workspace, day and product area; with groupBy, exactly the grouped dimensions (plus unit)"),
  totals: z.array(usageTotalSchema).describe("Per product area, over all requested workspaces and days"),
  totalsByWorkspace: z
    .array(usageTotalSchema.extend({ workspaceId: z.string() }))
    .optional()
    .describe(
      "Per workspace and product area. Always there for listed workspaces; for workspaceId=all only with include=totalsByWorkspace",
    ),
  comparison: comparisonSchema.optional().describe("With compare=previous: the change against the previous period, like with like"),
  cost: usageCostSchema.nullable(),
});

export const usageResponseSchema = usageReportSchema.extend({
  completeThrough: z.string().describe("Every metering event received before this instant is included"),
  generatedAt: z.string(),
});

export type PeriodInfo = z.infer<typeof periodInfoSchema>;
export type UsageRow = z.infer<typeof usageRowSchema>;
export type UsageTotal = z.infer<typeof usageTotalSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;
export type UsageCost = z.infer<typeof usageCostSchema>;
export type UsageReport = z.infer<typeof usageReportSchema>;
export type UsageResponse = z.infer<typeof usageResponseSchema>;
