"use client";

import { useDateFormat } from "@/components/layout/date-format";
import { formatMoney } from "@/lib/format/money-format";
import type { BudgetResponse } from "@/lib/budget/budget-response";

/**
 * A warning once the cost so far, or the projected invoice, crosses one of the budget's thresholds,
 * and for the projection the day its pace gets there. A budget covers the whole invoice: the
 * banner says so, as a filtered view's cards show less of it.
 */
export function BudgetBanner({ budget }: { budget: BudgetResponse | undefined }) {
  const dates = useDateFormat();
  const crossed = budget?.period?.crossed ?? [];
  if (!budget?.budget || crossed.length === 0) return null;
  const money = (amount: string) => formatMoney(amount, budget.budget!.currency, dates.locale);
  // The highest threshold crossed says the most; to-date beats projection at the same threshold.
  const worst = [...crossed].sort((a, b) => b.threshold - a.threshold || (a.by === "to_date" ? -1 : 1))[0]!;
  const severe = worst.threshold >= 100;
  return (
    <div className={`alert ${severe ? "error" : "notice"} budget-banner`} role="alert" data-testid="budget-banner">
      <strong>
        {worst.by === "to_date"
          ? `The whole invoice's cost so far has reached ${worst.threshold} % of this period's budget`
          : `The projected whole invoice would reach ${worst.threshold} % of this period's budget`}
      </strong>{" "}
      ({money(worst.observed)} of {money(budget.budget.amount)}; {worst.threshold} % is {money(worst.limit)}).
      {worst.by === "projection" && worst.reachesOn && (
        <span data-testid="budget-pace">
          {" "}
          At this pace it reaches {worst.threshold} % on {dates.day(worst.reachesOn)}.
        </span>
      )}
    </div>
  );
}
