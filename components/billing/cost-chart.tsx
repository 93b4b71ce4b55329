"use client";

import { useDateFormat } from "@/components/layout/date-format";
import { TableScroll } from "@/components/layout/table-scroll";
import { formatMoney } from "@/lib/format/money-format";
import type { Granularity } from "@/lib/usage/chart-buckets";
import type { CostSeries } from "@/lib/usage/cost-series";
import type { ProjectedCostPoint } from "./projected-cost";

// The cost view of the chart: its table and the names it shares with its plot (cost-plot.tsx). One
// currency at a time: amounts in different currencies are never drawn on one axis or added.

export const CUMULATIVE = "cumulative";
export const PROJECTED_COST = "projectedCumulative";

export interface CostBudget {
  amount: string;
  currency: string;
}

/** How a bucket is named: a day, "Week of Dec 1, 2026", or a month. */
export function useBucketLabels(granularity: Granularity) {
  const dates = useDateFormat();
  return {
    long: (date: string) =>
      granularity === "month" ? dates.month(date) : granularity === "week" ? `Week of ${dates.day(date)}` : dates.day(date),
    tick: (date: string) => (granularity === "month" ? dates.month(date) : dates.dayShort(date)),
  };
}

/** The cost chart's figures, exact: every bucket per area, its total and the running total, then the sums. */
export function CostTable({
  series,
  label,
  granularity,
  projected,
  projectedTotal,
  budget,
}: {
  series: CostSeries;
  label: (key: string) => string;
  granularity: Granularity;
  projected: readonly ProjectedCostPoint[];
  /** The projection's total in this currency, exact: where the projected path ends. */
  projectedTotal: string | null;
  budget: CostBudget | null;
}) {
  const { locale } = useDateFormat();
  const names = useBucketLabels(granularity);
  const money = (amount: string) => formatMoney(amount, series.currency, locale);
  const heading = granularity === "day" ? "Day" : granularity === "week" ? "Week" : "Month";
  return (
    <TableScroll className="chart-table" label={`Cost in ${series.currency} per ${granularity}, as a table`}>
      <table data-testid="cost-table" data-currency={series.currency}>
        <caption className="skip-link">
          Cost in {series.currency} per {granularity}: the chart&apos;s figures
        </caption>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            {series.keys.map((key) => (
              <th scope="col" key={key} className="numeric">
                {label(key)}
              </th>
            ))}
            <th scope="col" className="numeric">
              {heading} total
            </th>
            <th scope="col" className="numeric">
              Running total
            </th>
          </tr>
        </thead>
        <tbody>
          {series.buckets.map((bucket) => (
            <tr key={bucket.date}>
              <th scope="row" data-date={bucket.date}>
                {names.long(bucket.date)}
              </th>
              {series.keys.map((key) => (
                <td key={key} className="numeric">
                  {bucket.amounts[key] === undefined ? "—" : money(bucket.amounts[key])}
                </td>
              ))}
              <td className="numeric" data-bucket-total={bucket.total}>
                {money(bucket.total)}
              </td>
              <td className="numeric">{money(bucket.cumulative)}</td>
            </tr>
          ))}
          {projected.map((point, index) => (
            <tr key={point.date} className="projected-row" data-testid="cost-table-projected">
              <th scope="row" data-date={point.date}>
                {names.long(point.date)} <span className="muted">(projected)</span>
              </th>
              <td colSpan={series.keys.length + 1} />
              <td className="numeric muted">
                {index === projected.length - 1 && projectedTotal !== null
                  ? money(projectedTotal)
                  : formatMoney(point.cumulative.toFixed(2), series.currency, locale)}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="cost-table-totals">
            <th scope="row">Total</th>
            {series.keys.map((key) => (
              <td key={key} className="numeric" data-area={key}>
                {money(series.totals[key] ?? "0")}
              </td>
            ))}
            <td className="numeric" data-testid="cost-table-total" data-amount={series.total}>
              {money(series.total)}
            </td>
            <td />
          </tr>
          {budget && (
            <tr data-testid="cost-table-budget">
              <th scope="row">Budget</th>
              <td colSpan={series.keys.length + 1} />
              <td className="numeric">{formatMoney(budget.amount, budget.currency, locale)}</td>
            </tr>
          )}
        </tfoot>
      </table>
    </TableScroll>
  );
}
