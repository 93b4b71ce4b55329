// Budget flags: the current period's figures (lib/budget/budget-standing.ts) against each threshold
// of the workspace's budget. A threshold is raised when the cost so far or the projection crosses
// it; while its flag is open or acknowledged that flag follows the figures. Once resolved or
// dismissed, the flag holds back a new one only as long as the budget is the one it was raised
// under and the figures have stayed over the threshold: a changed budget, or figures that fall
// back below and cross again, raise it anew (docs/decisions/0095-budget-thresholds-re-arm.md).
// Idempotent like series flags.
import "server-only";
import { scopedWhere, unsafeSystemAccess, type WorkspaceScope } from "@/lib/access/workspace-access";
import { db } from "@/lib/db";
import type { AnomalyFlag, Budget, Workspace } from "@/lib/db/generated/client";
import { calendarDateIn, parseCalendarDate } from "@/lib/periods/calendar-date";
import { currentPeriod } from "@/lib/periods/period";
import { Exact } from "@/lib/pricing/money";
import type { Severity } from "@/lib/anomalies/finding";
import { FLAG_WRITE_TRANSACTION } from "@/lib/anomalies/flag-transaction";
import { sameDecimal } from "@/lib/anomalies/flag-values";
import { resolveStale, type SyncOutcome } from "@/lib/anomalies/sync-flags";
import { budgetKey } from "./budget-key";
import { budgetStanding, type BudgetCrossing } from "./budget-standing";

export const BUDGET_CHECK_VERSION = "budget-1";

export const budgetSeverity = (threshold: number): Severity => (threshold < 75 ? "low" : threshold < 100 ? "medium" : "high");

type Tx = Parameters<Parameters<ReturnType<typeof db>["$transaction"]>[0]>[0];

interface Check {
  tx: Tx;
  scope: WorkspaceScope;
  workspace: Workspace;
  budget: Budget;
  period: { start: string; end: string };
  today: Date;
  now: Date;
  outcome: SyncOutcome;
}

const ACTIVE = new Set(["open", "acknowledged"]);

const sameDay = (a: Date | null, b: Date | null) => a?.getTime() === b?.getTime();

export async function checkBudget(workspace: Workspace, now: Date = new Date()): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { created: 0, updated: 0, resolved: 0 };
  const { scope } = unsafeSystemAccess([workspace], "anomalies:view");
  const budget = await db().budget.findFirst({ where: scopedWhere(scope) });
  const period = currentPeriod(workspace, now);
  const standing = budget ? await budgetStanding(workspace, budget, now) : null;
  const today = parseCalendarDate(calendarDateIn(now, workspace.timeZone));
  await db().$transaction(async (tx) => {
    const stored = await tx.anomalyFlag.findMany({
      where: { ...scopedWhere(scope), kind: "budget", periodStart: parseCalendarDate(period.start) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    // Only a threshold's open flag, or else its latest, counts: the ones before were closed and superseded.
    const latest = new Map<number | null, AnomalyFlag>();
    for (const flag of stored) {
      const kept = latest.get(flag.threshold);
      if (!kept || (ACTIVE.has(flag.status) && !ACTIVE.has(kept.status))) latest.set(flag.threshold, flag);
    }
    const crossed = standing?.crossed ?? [];
    for (const cross of crossed) {
      await raiseOrFollow({ tx, scope, workspace, budget: budget!, period, today, now, outcome }, cross, latest.get(cross.threshold));
    }
    const below = [...latest.values()].filter((flag) => !crossed.some((cross) => cross.threshold === flag.threshold));
    await settleBelow(tx, scope, below, today, now, outcome);
  }, FLAG_WRITE_TRANSACTION);
  return outcome;
}

/** A crossed threshold: its open flag follows the figures; a closed one that no longer holds gives way to a new flag. */
async function raiseOrFollow(check: Check, cross: BudgetCrossing, flag: AnomalyFlag | undefined): Promise<void> {
  const { tx, scope, workspace, budget, period, today, now, outcome } = check;
  const key = budgetKey(budget);
  const values = {
    severity: budgetSeverity(cross.threshold),
    expected: cross.limit,
    observed: cross.observed,
    impactAmount: new Exact(cross.observed).minus(cross.limit).toFixed(),
    crossedBy: cross.by,
    reachesOn: cross.reachesOn === null ? null : parseCalendarDate(cross.reachesOn),
    budgetKey: key,
  };
  if (flag && ACTIVE.has(flag.status)) {
    const same =
      flag.severity === values.severity &&
      sameDecimal(flag.expected, values.expected) &&
      sameDecimal(flag.observed, values.observed) &&
      flag.crossedBy === values.crossedBy &&
      sameDay(flag.reachesOn, values.reachesOn) &&
      flag.budgetKey === key;
    if (same) return;
    // The day moves only when another figure crosses: the cost so far catching up with the projection.
    const crossedOn = flag.crossedOn && (flag.crossedBy ?? values.crossedBy) === values.crossedBy ? flag.crossedOn : today;
    await tx.anomalyFlag.update({ where: { id: flag.id, ...scopedWhere(scope) }, data: { ...values, crossedOn, updatedAt: now } });
    outcome.updated++;
    return;
  }
  // A person closed it under this very budget, and the figures have not been below it since.
  if (flag && flag.budgetKey === key && flag.fellBelowOn === null) return;
  const periodStart = parseCalendarDate(period.start);
  const created = await tx.anomalyFlag.create({
    data: {
      workspaceId: workspace.id,
      productArea: null,
      kind: "budget",
      ...values,
      currency: budget.currency,
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

/**
 * Thresholds no longer crossed (the figures fell, the budget was raised or removed): an open flag
 * is resolved as "no longer anomalous", and every latest flag is marked as having fallen below,
 * so the next crossing raises a new one whatever became of this one.
 */
async function settleBelow(tx: Tx, scope: WorkspaceScope, below: AnomalyFlag[], today: Date, now: Date, outcome: SyncOutcome) {
  outcome.resolved += await resolveStale(
    tx,
    scope,
    below.filter((flag) => ACTIVE.has(flag.status)),
    now,
  );
  const unmarked = below.filter((flag) => flag.fellBelowOn === null).map((flag) => flag.id);
  if (unmarked.length === 0) return;
  await tx.anomalyFlag.updateMany({ where: { id: { in: unmarked }, ...scopedWhere(scope) }, data: { fellBelowOn: today } });
}
