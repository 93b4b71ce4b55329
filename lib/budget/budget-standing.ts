// Where the current period stands against a workspace's budget: its cost so far and projected cost
// (the projection's central value, in the budget's currency) against each threshold, and for a
// threshold only the projection crosses, the day its pace reaches it. Reads only.
import "server-only";
import { unsafeSystemAccess } from "@/lib/access/workspace-access";
import type { Budget, Workspace } from "@/lib/db/generated/client";
import { currentPeriod } from "@/lib/periods/period";
import { Exact } from "@/lib/pricing/money";
import { priceBooksInEffect, type StoredPriceBook } from "@/lib/pricing/price-books";
import { computeProjection } from "@/lib/projection/project-usage";
import type { ProjectionResponse } from "@/lib/projection/projection-response";
import { projectedPace, reachesOn } from "./budget-pace";

export interface BudgetCrossing {
  threshold: number;
  limit: string;
  by: "to_date" | "projection";
  observed: string;
  /** Crossed by the projection: the day its pace reaches the threshold. */
  reachesOn: string | null;
}

export interface BudgetStanding {
  periodStart: string;
  periodEnd: string;
  amountToDate: string;
  projectedAmount: string;
  crossed: BudgetCrossing[];
}

/** The price book of the workspace's current period; null without one. */
async function currentPriceBook(workspace: Workspace, now: Date): Promise<StoredPriceBook | null> {
  const { scope } = unsafeSystemAccess([workspace], "anomalies:view");
  const books = await priceBooksInEffect(scope, new Map([[workspace.id, currentPeriod(workspace, now).start]]));
  return books.get(workspace.id) ?? null;
}

/** The currency a budget is set in: the current price book's, the workspace's without one. */
export async function budgetCurrency(workspace: Workspace, now: Date): Promise<string> {
  return (await currentPriceBook(workspace, now))?.currency ?? workspace.currency;
}

const projectionNow = (workspace: Workspace, now: Date) => computeProjection(unsafeSystemAccess([workspace], "anomalies:view"), { now });

function costIn(projection: ProjectionResponse, currency: string): { toDate: Exact; projected: Exact } {
  const total = projection.totals.find((t) => t.currency === currency);
  return { toDate: new Exact(total?.amountToDate ?? "0"), projected: new Exact(total?.projectedAmount ?? "0") };
}

/** The current period's cost so far and projected cost (the projection's central value) in `currency`. */
export async function periodCost(workspace: Workspace, currency: string, now: Date): Promise<{ toDate: Exact; projected: Exact }> {
  return costIn(await projectionNow(workspace, now), currency);
}

/** Where the current period stands against the budget (no writes). */
export async function budgetStanding(workspace: Workspace, budget: Budget, now: Date): Promise<BudgetStanding> {
  const projection = await projectionNow(workspace, now);
  const { toDate, projected } = costIn(projection, budget.currency);
  const book = await currentPriceBook(workspace, now);
  const pace = projectedPace(projection, book?.currency === budget.currency ? book : null);
  const crossed = [...budget.thresholds]
    .sort((a, b) => a - b)
    .flatMap<BudgetCrossing>((threshold) => {
      const limit = new Exact(budget.amount.toFixed()).times(threshold).div(100);
      const crossing = { threshold, limit: limit.toFixed() };
      if (toDate.gte(limit)) return [{ ...crossing, by: "to_date", observed: toDate.toFixed(), reachesOn: null }];
      if (projected.gte(limit))
        return [{ ...crossing, by: "projection", observed: projected.toFixed(), reachesOn: reachesOn(pace, limit) }];
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
