// The response contract of GET /api/billing/usage. Field names are a public contract: add, never rename.
import { z } from "zod";

const decimal = z.string().regex(/^\d+(\.\d+)?$/).describe("Exact decimal, as a string");

export const periodInfoSchema = z.object({
  start: z.string().describe("First day, YYYY-MM-DD, in the workspace's billing time zone"),
  end: z.string().describe("Last day, inclusive"),
  timeZone: z.string(),
  closed: z.boolean().describe("True once the period has ended and its grace period has passed: figures are final"),
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
    .describe("Per workspace and product area. Always there for listed workspaces; for workspaceId=all only with include=totalsByWorkspace"),
});

export const usageResponseSchema = usageReportSchema.extend({
  completeThrough: z.string().describe("Every metering event received before this instant is included"),
  generatedAt: z.string(),
});

export type PeriodInfo = z.infer<typeof periodInfoSchema>;
export type UsageRow = z.infer<typeof usageRowSchema>;
export type UsageTotal = z.infer<typeof usageTotalSchema>;
export type UsageReport = z.infer<typeof usageReportSchema>;
export type UsageResponse = z.infer<typeof usageResponseSchema>;
