// Budget flags: the current period's cost to date and projected cost (the projection's central
// value, in the budget's currency) against each threshold of the workspace's budget. One flag per
// period and threshold, raised when either figure crosses it; the crossing figure is the one
// observed (cost to date once it has crossed, else the projection), and the flag says which one
// and the workspace's day it did. Idempotent like series flags.
import "server-only";
import { scopedWhere, unsafeSystemAccess } from "@/lib/access/workspace-access";
import { db } from "@/lib/db";
import type { Budget, Workspace } from "@/lib/db/generated/client";
import { calendarDateIn, parseCalendarDate } from "@/lib/periods/calendar-date";
import { currentPeriod } from "@/lib/periods/period";
import { Exact } from "@/lib/pricing/money";
import { priceBooksInEffect } from "@/lib/pricing/price-books";
import { computeProjection } from "@/lib/projection/project-usage";
import type { Severity } from "@/lib/anomalies/finding";
import { FLAG_WRITE_TRANSACTION } from "@/lib/anomalies/flag-transaction";
import { sameDecimal } from "@/lib/anomalies/flag-values";
import { resolveStale, type SyncOutcome } from "@/lib/anomalies/sync-flags";

export const BUDGET_CHECK_VERSION = "budget-1";

export const budgetSeverity = (threshold: number): Severity => (threshold < 75 ? "low" : threshold < 100 ? "medium" : "high");

export interface BudgetStanding {
  periodStart: string;
  periodEnd: string;
  amountToDate: string;
  projectedAmount: string;
  crossed: { threshold: number; limit: string; by: "to_date" | "projection"; observed: string }[];
}

/** The currency a budget is set in: the current price book's, the workspace's without one. */
export async function budgetCurrency(workspace: Workspace, now: Date): Promise<string> {
  const { scope } = unsafeSystemAccess([workspace], "anomalies:view");
  const books = await priceBooksInEffect(scope, new Map([[workspace.id, currentPeriod(workspace, now).start]]));
  return books.get(workspace.id)?.currency ?? workspace.currency;
}

/** The current period's cost so far and projected cost (the projection's central value) in `currency`. */
export async function periodCost(workspace: Workspace, currency: string, now: Date): Promise<{ toDate: Exact; projected: Exact }> {
  const projection = await computeProjection(unsafeSystemAccess([workspace], "anomalies:view"), { now });
  const total = projection.totals.find((t) => t.currency === currency);
  return { toDate: new Exact(total?.amountToDate ?? "0"), projected: new Exact(total?.projectedAmount ?? "0") };
}

/** Where the current period stands against the budget (no writes). */
export async function budgetStanding(workspace: Workspace, budget: Budget, now: Date): Promise<BudgetStanding> {
  const { toDate, projected } = await periodCost(workspace, budget.currency, now);
  const crossed = [...budget.thresholds]
    .sort((a, b) => a - b)
    .flatMap<BudgetStanding["crossed"][number]>((threshold) => {
      const limit = new Exact(budget.amount.toFixed()).times(threshold).div(100);
      if (toDate.gte(limit)) return [{ threshold, limit: limit.toFixed(), by: "to_date" as const, observed: toDate.toFixed() }];
      if (projected.gte(limit)) return [{ threshold, limit: limit.toFixed(), by: "projection" as const, observed: projected.toFixed() }];
      return [];
    });
  const period = currentPeriod(workspace, now);
  return {
    periodStart: period.start,
    periodEnd: period.end,
    amountToDate: toDate.toFixed(),
    projectedAmount: projected.toFixed(),
    crossed,
  };
}

export async function checkBudget(workspace: Workspace, now: Date = new Date()): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { created: 0, updated: 0, resolved: 0 };
  const { scope } = unsafeSystemAccess([workspace], "anomalies:view");
  const budget = await db().budget.findFirst({ where: scopedWhere(scope) });
  const period = currentPeriod(workspace, now);
  const periodStart = parseCalendarDate(period.start);
  const standing = budget ? await budgetStanding(workspace, budget, now) : null;
  const today = parseCalendarDate(calendarDateIn(now, workspace.timeZone));
  await db().$transaction(async (tx) => {
    const stored = await tx.anomalyFlag.findMany({ where: { ...scopedWhere(scope), kind: "budget", periodStart } });
    const matched = new Set<string>();
    for (const cross of standing?.crossed ?? []) {
      const flag = stored.find((f) => f.threshold === cross.threshold);
      const values = {
        severity: budgetSeverity(cross.threshold),
        expected: cross.limit,
        observed: cross.observed,
        impactAmount: new Exact(cross.observed).minus(cross.limit).toFixed(),
        crossedBy: cross.by,
      };
      if (flag) {
        matched.add(flag.id);
        const same =
          flag.severity === values.severity &&
          sameDecimal(flag.expected, values.expected) &&
          sameDecimal(flag.observed, values.observed) &&
          flag.crossedBy === values.crossedBy;
        if (same || (flag.status !== "open" && flag.status !== "acknowledged")) continue;
        // The day moves only when another figure crosses: the cost so far catching up with the projection.
        const crossedOn = flag.crossedOn && (flag.crossedBy ?? values.crossedBy) === values.crossedBy ? flag.crossedOn : today;
        await tx.anomalyFlag.update({ where: { id: flag.id, ...scopedWhere(scope) }, data: { ...values, crossedOn, updatedAt: now } });
        outcome.updated++;
        continue;
      }
      const created = await tx.anomalyFlag.create({
        data: {
          workspaceId: workspace.id,
          productArea: null,
          kind: "budget",
          ...values,
          currency: budget!.currency,
          startDate: periodStart,
          endDate: parseCalendarDate(period.end),
          periodStart,
          threshold: cross.threshold,
          crossedOn: today,
          detectorVersion: BUDGET_CHECK_VERSION,
          createdAt: now,
          updatedAt: now,
        },
      });
      await tx.anomalyFlagChange.create({ data: { flagId: created.id, workspaceId: workspace.id, toStatus: "open", at: now } });
      outcome.created++;
    }
    // A projection that fell back under a threshold (or a budget raised or removed) no longer crosses it.
    const stale = stored.filter((flag) => !matched.has(flag.id) && (flag.status === "open" || flag.status === "acknowledged"));
    outcome.resolved += await resolveStale(tx, scope, stale, now);
  }, FLAG_WRITE_TRANSACTION);
  return outcome;
}
