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

/** An amount of money that can be below zero: a day's share of an invoice line. */
const signedAmount = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe("Exact decimal in the currency's minor unit, as a string");

export const dailyRowSchema = usageRowSchema.extend({
  amount: signedAmount
    .nullable()
    .describe(
      "What the row's days added to their periods' invoice lines: for each day, the rounded line of the area's quantity in its billing period through that day minus the line through the day before (each day priced by its own period's book, so an area's days add up exactly to its line). Rows that group days, workspaces or areas sum them per currency. Null for usage no price book prices, and for a row that would add two currencies",
    ),
  currency: z.string().nullable().describe("ISO 4217 of `amount`; null when `amount` is"),
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
    costs: z
      .array(z.object({ productArea: z.string(), currency: z.string(), current: decimal, previous: decimal }))
      .describe(
        "Per product area and currency: the sums of the daily amounts over the current windows and over the previous ones (each day priced in its own billing period)",
      ),
    costTotals: z
      .array(z.object({ currency: z.string(), current: decimal, previous: decimal }))
      .describe("Per currency: the same over every area; currencies are never added"),
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
      .describe("Each workspace's invoice lines; listed workspaces only, and billing periods only (left out for a from/to range)"),
    unpriced: z
      .array(z.object({ workspaceId: z.string(), productArea: z.string() }))
      .describe("Usage no price book prices: in no amount above"),
  })
  .describe(
    "Cost to date. For a billing period, its invoice lines; for a custom from/to range, the sums of its days' amounts (each day priced in its own billing period, so a range across two periods or workspaces adds only what each day added to its own invoice), per currency and per product area and currency, without byWorkspace",
  );

export const usageReportSchema = z.object({
  period: periodInfoSchema.describe("The first requested workspace's period"),
  workspaces: z
    .array(z.object({ workspaceId: z.string(), slug: z.string(), name: z.string(), currency: z.string(), period: periodInfoSchema }))
    .optional()
    .describe("Each workspace and its own period. Always there for listed workspaces; for workspaceId=all only with include=workspaces"),
  granularity: z.enum(["day", "week", "month"]).describe("How rows with days are bucketed: each row's date is its bucket's first day"),
  daily: z
    .array(dailyRowSchema)
    .describe(
      "Rows by workspace, day and product area; with groupBy, exactly the grouped dimensions (plus unit); with granularity week or month, days summed into buckets",
    ),
  totals: z.array(usageTotalSchema).describe("Per product area, over all requested workspaces and days"),
  totalsByWorkspace: z
    .array(usageTotalSchema.extend({ workspaceId: z.string() }))
    .optional()
    .describe(
      "Per workspace and product area. Always there for listed workspaces; for workspaceId=all only with include=totalsByWorkspace",
    ),
  comparison: comparisonSchema.optional().describe("With compare=previous: the change against the previous period, like with like"),
  cost: usageCostSchema.nullable().describe("Never null since ranges are priced; nullable as it was for older clients"),
});

export const usageResponseSchema = usageReportSchema.extend({
  completeThrough: z.string().describe("Every metering event received before this instant is included"),
  generatedAt: z.string(),
});

export type PeriodInfo = z.infer<typeof periodInfoSchema>;
export type UsageRow = z.infer<typeof usageRowSchema>;
export type DailyRow = z.infer<typeof dailyRowSchema>;
export type UsageTotal = z.infer<typeof usageTotalSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;
export type UsageCost = z.infer<typeof usageCostSchema>;
export type UsageReport = z.infer<typeof usageReportSchema>;
export type UsageResponse = z.infer<typeof usageResponseSchema>;
