// PUT /api/billing/budget: a workspace ADMIN sets its budget, in the currency of its current price
// book (the workspace's when it has none). Audited in the same transaction; the budget check runs
// right after, and the job sees the changed budget on its next tick anyway.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere } from "@/lib/access/workspace-access";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import type { BudgetBody } from "./budget-body";
import { oneWorkspace } from "@/lib/access/one-workspace";
import { budgetCurrency } from "./budget-standing";
import { checkBudget } from "./check-budget";
import { budgetResponse } from "./view-budget";

export async function setBudget({ ctx: { access, actor, request }, input }: DomainCall<WorkspaceContext, BudgetBody & { now?: Date }>) {
  const now = input.now ?? new Date();
  const workspace = oneWorkspace(access);
  const currency = await budgetCurrency(workspace, now);
  const thresholds = [...input.thresholds].sort((a, b) => a - b);
  const budget = await db().$transaction(async (tx) => {
    const before = await tx.budget.findFirst({ where: scopedWhere(access.scope) });
    const data = { amount: input.amount, currency, thresholds, updatedAt: now, updatedById: actor.id };
    const saved = await tx.budget.upsert({
      where: { workspaceId: workspace.id },
      create: { workspaceId: workspace.id, ...data },
      update: data,
    });
    await auditRequest(access, "billing.budget.changed", { amount: input.amount, currency, thresholds }, request, {
      metadata: { before: before ? { amount: before.amount.toFixed(), thresholds: before.thresholds } : null },
      client: tx,
    });
    return saved;
  });
  await checkBudget(workspace, now);
  return budgetResponse(workspace, budget, now);
}
