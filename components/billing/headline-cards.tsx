"use client";

import { useState } from "react";
import { useDateFormat } from "@/components/layout/date-format";
import type { DateFormat } from "@/lib/format/dates";
import { formatCompact, formatExact } from "@/lib/format/decimal-format";
import { percentChange } from "@/lib/format/decimal-format";
import { formatAmounts, formatMoney, inCurrencyOrder } from "@/lib/format/money-format";
import type { Comparison, UsageCost, UsageTotal } from "@/lib/usage/usage-response";
import { changeOf, comparisonBasis, costTotalChanges, type Available, type CostComparison } from "./comparison";
import type { DashboardProductArea } from "./types";

interface HeadlineCardsProps {
  totals: UsageTotal[];
  /** Like-with-like change against the previous period, or why there is none. */
  comparison: Comparison | { unavailable: string };
  /** The time zone the comparison's instants are shown in. */
  timeZone: string;
  areas: Map<string, DashboardProductArea>;
  /** Cost to date (billing-period views), or null. */
  cost: UsageCost | null;
  /** The period is final: its cost is the invoice's, not "to date". */
  closed: boolean;
  /** A date range rather than a billing period: its cost is the sum of its days. */
  range?: { from: string; to: string } | null;
}

/** "▲ +12.3% vs last period", from a change in percent; null: nothing to compare with. */
function ChangeText({ change }: { change: number | null }) {
  if (change === null) return <span className="change muted">Nothing on the compared days last period</span>;
  const direction = change > 5 ? "up" : change < -5 ? "down" : "flat";
  return (
    <span className={`change ${direction}`}>
      {direction === "up" ? "▲" : direction === "down" ? "▼" : "●"} {direction === "up" ? "+" : ""}
      {change.toFixed(1)}% vs last period
    </span>
  );
}

/** The cost's change against the previous period, per currency: the percentage and both amounts. */
function CostChanges({ changes, locale }: { changes: CostComparison[]; locale: string }) {
  return (
    <span className="cost-changes" data-testid="cost-change">
      {inCurrencyOrder(changes).map((c) => (
        <span key={c.currency} className="cost-change" data-currency={c.currency}>
          <ChangeText change={percentChange(c.current, c.previous)} />{" "}
          <span className="muted">
            ({formatMoney(c.current, c.currency, locale)} against {formatMoney(c.previous, c.currency, locale)})
          </span>
        </span>
      ))}
    </span>
  );
}

function Change({ comparison, productArea }: { comparison: Available; productArea: string }) {
  const change = changeOf(comparison, productArea);
  if (change === null) return <span className="change muted">No usage on the compared days last period</span>;
  return <ChangeText change={change} />;
}

function comparisonNote(comparison: HeadlineCardsProps["comparison"], timeZone: string, dates: DateFormat): string {
  if ("unavailable" in comparison) return `${comparison.unavailable}.`;
  if (!comparison.available) {
    return `Too early to compare with the previous period: the first full day ends ${dates.instant(comparison.availableAt, timeZone, { named: true })}.`;
  }
  return `Change: ${comparisonBasis(comparison, dates)}`;
}

/** The headline figure, rounded; its exact value one press (or tap) away, for keyboard and touch too. */
function Figure({ total }: { total: UsageTotal }) {
  const [exact, setExact] = useState(false);
  return (
    <button
      type="button"
      className="headline-value"
      aria-expanded={exact}
      aria-label={exact ? undefined : `${formatCompact(total.quantity)} ${total.unit}; show the exact value`}
      onClick={() => setExact(!exact)}
    >
      {exact ? <span className="exact-figure">{formatExact(total.quantity)}</span> : formatCompact(total.quantity)}{" "}
      <span className="unit">{total.unit}</span>
    </button>
  );
}

export function HeadlineCards({ totals, comparison, timeZone, areas, cost, closed, range = null }: HeadlineCardsProps) {
  const name = (total: UsageTotal) => areas.get(total.productArea)?.displayName ?? total.productArea;
  const available = "available" in comparison && comparison.available ? comparison : null;
  const dates = useDateFormat();
  const costChanges = available ? costTotalChanges(available) : [];
  return (
    <>
      <p className="muted comparison-note" data-testid="comparison-note">
        {comparisonNote(comparison, timeZone, dates)}
      </p>
      {cost && (
        <p className="card headline cost-total" data-testid="cost-total">
          <span className="headline-label">
            {range ? `Cost, ${dates.dayRange(range.from, range.to)}` : closed ? "Period cost" : "Cost to date"}
          </span>
          <strong className="headline-value" data-testid="cost-total-value">
            {formatAmounts(cost.totals, dates.locale)}
          </strong>
          {costChanges.length > 0 && <CostChanges changes={costChanges} locale={dates.locale} />}
          <span className="muted">
            {range
              ? "The cost each day added to its period's invoice, summed over the range"
              : closed
                ? "The invoice's usage lines"
                : "Usage so far at your prices"}
            , before taxes and credits
            {cost.unpriced.length > 0 &&
              ` · ${cost.unpriced.length} product area${cost.unpriced.length === 1 ? " has" : "s have"} no price`}
          </span>
        </p>
      )}
      <ul className="headline-cards" aria-label="Usage to date by product area">
        {[...totals]
          .sort((a, b) => name(a).localeCompare(name(b)))
          .map((total) => (
            <li key={total.productArea} className="card headline" data-testid={`headline-${total.productArea}`}>
              <span className="headline-label">{name(total)}</span>
              <Figure total={total} />
              {cost && (
                <span className="headline-cost" data-testid={`headline-cost-${total.productArea}`}>
                  {formatAmounts(
                    cost.byArea.filter((a) => a.productArea === total.productArea),
                    dates.locale,
                  )}
                </span>
              )}
              {available && <Change comparison={available} productArea={total.productArea} />}
            </li>
          ))}
      </ul>
    </>
  );
}
