"use client";

import { useState } from "react";
import { useDateFormat } from "@/components/layout/date-format";
import type { DateFormat } from "@/lib/format/dates";
import { formatCompact, formatExact } from "@/lib/format/decimal-format";
import { formatAmounts } from "@/lib/format/money-format";
import type { Comparison, UsageCost, UsageTotal } from "@/lib/usage/usage-response";
import { changeOf, comparisonBasis, type Available } from "./comparison";
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
}

function Change({ comparison, productArea }: { comparison: Available; productArea: string }) {
  const change = changeOf(comparison, productArea);
  if (change === null) return <span className="change muted">No usage on the compared days last period</span>;
  const direction = change > 5 ? "up" : change < -5 ? "down" : "flat";
  return (
    <span className={`change ${direction}`}>
      {direction === "up" ? "▲" : direction === "down" ? "▼" : "●"} {direction === "up" ? "+" : ""}
      {change.toFixed(1)}% vs last period
    </span>
  );
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

export function HeadlineCards({ totals, comparison, timeZone, areas, cost, closed }: HeadlineCardsProps) {
  const name = (total: UsageTotal) => areas.get(total.productArea)?.displayName ?? total.productArea;
  const available = "available" in comparison && comparison.available ? comparison : null;
  const dates = useDateFormat();
  return (
    <>
      <p className="muted comparison-note" data-testid="comparison-note">
        {comparisonNote(comparison, timeZone, dates)}
      </p>
      {cost && (
        <p className="card headline cost-total" data-testid="cost-total">
          <span className="headline-label">{closed ? "Period cost" : "Cost to date"}</span>
          <strong className="headline-value">{formatAmounts(cost.totals, dates.locale)}</strong>
          <span className="muted">
            {closed ? "The invoice's usage lines" : "Usage so far at your prices"}, before taxes and credits
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
