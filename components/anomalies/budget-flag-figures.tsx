"use client";

import type { ReactNode } from "react";
import type { DateFormat } from "@/lib/format/dates";
import { formatMoney } from "@/lib/format/money-format";
import type { AnomalyFlagView } from "./types";

// A budget is the whole invoice's, whatever areas the page around the flag is filtered to.
const FIGURES = { to_date: "Cost so far, whole invoice", projection: "Projected whole invoice" } as const;

/** "75 % of $40,000.00": a budget flag's threshold, named in full. */
export function budgetThreshold(flag: AnomalyFlagView, locale: string): string {
  if (!flag.budget || !flag.currency) return `${flag.threshold ?? "?"} %`;
  return `${flag.budget.threshold} % of ${formatMoney(flag.budget.amount, flag.currency, locale)}`;
}

/**
 * What crossed the threshold (the cost so far or the projected invoice), on which day, by how much,
 * and for the projection the day its pace reaches the threshold.
 */
export function BudgetFlagFigures({ flag, dates, children }: { flag: AnomalyFlagView; dates: DateFormat; children?: ReactNode }) {
  const money = (value: string) => (flag.currency ? formatMoney(value, flag.currency, dates.locale) : value);
  const crossedOn = flag.budget?.crossedOn;
  const figure = flag.budget?.crossedBy;
  return (
    <dl className="anomaly-figures">
      <div>
        <dt>{crossedOn ? "Crossed on" : "Crossed during"}</dt>
        <dd data-testid="budget-crossed-on">{crossedOn ? dates.day(crossedOn) : dates.dayRange(flag.startDate, flag.endDate)}</dd>
      </div>
      <div>
        <dt>Threshold</dt>
        <dd>
          {budgetThreshold(flag, dates.locale)} = {money(flag.expected)}
        </dd>
      </div>
      <div>
        <dt>{figure ? FIGURES[figure] : "Reached"}</dt>
        <dd data-testid="budget-crossed-by">{money(flag.observed)}</dd>
      </div>
      {figure === "projection" && flag.budget?.reachesOn && (
        <div>
          <dt>At this pace</dt>
          <dd data-testid="budget-reaches-on">
            {flag.budget.threshold} % on {dates.day(flag.budget.reachesOn)}
          </dd>
        </div>
      )}
      {children}
    </dl>
  );
}
