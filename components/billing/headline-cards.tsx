import { formatCompact, formatExact, percentChange } from "@/lib/format/decimal-format";
import type { UsageTotal } from "@/lib/usage/usage-response";
import type { DashboardProductArea } from "./types";

interface HeadlineCardsProps {
  totals: UsageTotal[];
  /** Totals over the same point of the previous period, or why there are none. */
  comparison: { totals: UsageTotal[] } | { unavailable: string } | { loading: true };
  areas: Map<string, DashboardProductArea>;
}

function Change({ current, comparison, productArea }: { current: string } & Pick<HeadlineCardsProps, "comparison"> & { productArea: string }) {
  if ("loading" in comparison) return <span className="change muted">Comparing with the previous period…</span>;
  if ("unavailable" in comparison) return null; // said once, above the cards
  const before = comparison.totals.find((t) => t.productArea === productArea)?.quantity ?? "0";
  const change = percentChange(current, before);
  if (change === null) return <span className="change muted">No usage at this point last period</span>;
  const direction = change > 0.05 ? "up" : change < -0.05 ? "down" : "flat";
  const sign = direction === "up" ? "+" : "";
  return (
    <span className={`change ${direction}`} title="Compared with the same number of days at the start of the previous period">
      {direction === "up" ? "▲" : direction === "down" ? "▼" : "●"} {sign}
      {change.toFixed(1)}% vs last period
    </span>
  );
}

export function HeadlineCards({ totals, comparison, areas }: HeadlineCardsProps) {
  const name = (total: UsageTotal) => areas.get(total.productArea)?.displayName ?? total.productArea;
  return (
    <>
      {"unavailable" in comparison && <p className="muted comparison-note">{comparison.unavailable}.</p>}
      <ul className="headline-cards" aria-label="Usage to date by product area">
        {[...totals]
          .sort((a, b) => name(a).localeCompare(name(b)))
          .map((total) => (
            <li key={total.productArea} className="card headline" data-testid={`headline-${total.productArea}`}>
              <span className="headline-label">{name(total)}</span>
              <span className="headline-value" title={`${formatExact(total.quantity)} ${total.unit}`}>
                {formatCompact(total.quantity)} <span className="unit">{total.unit}</span>
              </span>
              <Change current={total.quantity} comparison={comparison} productArea={total.productArea} />
            </li>
          ))}
      </ul>
    </>
  );
}
