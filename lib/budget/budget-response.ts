// The response contract of GET and PUT /api/billing/budget. Field names are a public contract.
import { z } from "zod";
import { decimalString } from "@/lib/usage/usage-response";

export const budgetResponseSchema = z.object({
  workspaceId: z.string(),
  currency: z.string().describe("The currency a budget set now is in: the current price book's, else the workspace's"),
  amountToDate: decimalString.describe("The current period's cost so far in that currency (a budget below it is crossed at once)"),
  budget: z
    .object({
      amount: decimalString,
      currency: z.string(),
      thresholds: z.array(z.number().int()).describe("Percentages of the amount, ascending"),
      updatedAt: z.string(),
      updatedBy: z.string().describe("The user id that last set it"),
    })
    .nullable()
    .describe("null: no budget set"),
  period: z
    .object({
      start: z.string(),
      end: z.string(),
      amountToDate: decimalString,
      projectedAmount: decimalString.describe("The projection's central value"),
      crossed: z.array(
        z.object({
          threshold: z.number().int(),
          limit: decimalString,
          by: z.enum(["to_date", "projection"]).describe("to_date: the cost so far crossed it; projection: only the projection does"),
          observed: decimalString,
          reachesOn: z
            .string()
            .nullable()
            .describe(
              "by projection: the day (YYYY-MM-DD) the projected pace reaches the threshold (the days so far and each remaining day's forecast, priced); null for to_date",
            ),
        }),
      ),
    })
    .nullable()
    .describe("Where the current period stands against the budget; null without one"),
});
export type BudgetResponse = z.infer<typeof budgetResponseSchema>;
