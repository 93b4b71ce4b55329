// GET /api/billing/budget: one workspace's budget and the thresholds its current period crossed
// (for the dashboard's banner); audited as billing.budget.viewed.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere } from "@/lib/access/workspace-access";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import type { Budget, Workspace } from "@/lib/db/generated/client";
import { oneWorkspace } from "@/lib/access/one-workspace";
import { budgetCurrency, budgetStanding, periodCost } from "./budget-standing";
import type { BudgetResponse } from "./budget-response";

export async function budgetResponse(workspace: Workspace, budget: Budget | null, now: Date): Promise<BudgetResponse> {
  const currency = await budgetCurrency(workspace, now);
  const standing = budget ? await budgetStanding(workspace, budget, now) : null;
  // A budget set now is in `currency`: its cost so far, for the form to warn about a budget below it.
  const amountToDate =
    standing && budget?.currency === currency ? standing.amountToDate : (await periodCost(workspace, currency, now)).toDate.toFixed();
  if (!budget || !standing) return { workspaceId: workspace.id, currency, amountToDate, budget: null, period: null };
  return {
    workspaceId: workspace.id,
    currency,
    amountToDate,
    budget: {
      amount: budget.amount.toFixed(),
      currency: budget.currency,
      thresholds: budget.thresholds,
      updatedAt: budget.updatedAt.toISOString(),
      updatedBy: budget.updatedById,
    },
    period: {
      start: standing.periodStart,
      end: standing.periodEnd,
      amountToDate: standing.amountToDate,
      projectedAmount: standing.projectedAmount,
      crossed: standing.crossed,
    },
  };
}

export async function viewBudget({ ctx: { access, request }, input: { now = new Date() } }: DomainCall<WorkspaceContext, { now?: Date }>) {
  const workspace = oneWorkspace(access);
  const budget = await db().budget.findFirst({ where: scopedWhere(access.scope) });
  const response = await budgetResponse(workspace, budget, now);
  await auditRequest(access, "billing.budget.viewed", {}, request);
  return response;
}
