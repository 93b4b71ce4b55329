// DELETE /api/billing/budget: a workspace ADMIN removes its budget. Audited in the same
// transaction, with what was removed; the budget check then resolves the period's open budget
// flags, since nothing is crossed any more.
import "server-only";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { scopedWhere } from "@/lib/access/workspace-access";
import { ApiError } from "@/lib/errors/api-error";
import { auditRequest } from "@/lib/audit/audit-request";
import { db } from "@/lib/db";
import { checkBudget } from "./check-budget";
import { oneWorkspace } from "@/lib/access/one-workspace";
import { budgetResponse } from "./view-budget";

export async function removeBudget({
  ctx: { access, request },
  input: { now = new Date() },
}: DomainCall<WorkspaceContext, { now?: Date }>) {
  const workspace = oneWorkspace(access);
  await db().$transaction(async (tx) => {
    const before = await tx.budget.findFirst({ where: scopedWhere(access.scope) });
    if (!before) throw new ApiError("not_found", `Workspace ${workspace.id} has no budget to remove.`);
    await tx.budget.deleteMany({ where: scopedWhere(access.scope) });
    await auditRequest(access, "billing.budget.removed", {}, request, {
      metadata: { before: { amount: before.amount.toFixed(), currency: before.currency, thresholds: before.thresholds } },
      client: tx,
    });
  });
  await checkBudget(workspace, now);
  return budgetResponse(workspace, null, now);
}
