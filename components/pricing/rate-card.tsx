"use client";

import Link from "next/link";
import { useRateCard, type RateCardItem } from "@/components/data/use-rate-card";
import { useDateFormat } from "@/components/layout/date-format";
import { TableScroll } from "@/components/layout/table-scroll";
import type { DashboardProductArea } from "@/components/billing/types";
import { formatExact } from "@/lib/format/decimal-format";
import { formatExactMoney } from "@/lib/format/money-format";
import { isZero, standing, tierRange } from "./rate-card-wording";

function AreaRates({ item, name, currency }: { item: RateCardItem; name: string; currency: string }) {
  const dates = useDateFormat();
  const titleId = `rates-${item.productArea}`;
  const unit = item.unit ?? "units";
  const included = !isZero(item.includedQuantity);
  const includedState = item.includedUsedUpOn ? `Used up ${dates.day(item.includedUsedUpOn)}` : "In use";
  return (
    <section className="card rate-area" aria-labelledby={titleId} data-testid={`rate-${item.productArea}`}>
      <h2 id={titleId}>{name}</h2>
      <p className="rate-standing" data-testid="rate-standing">
        {standing(item, currency, dates)}
      </p>
      <p className="muted">
        {formatExact(item.quantityToDate)} {unit} this period.
      </p>
      <TableScroll label={`${name} prices`}>
        <table className="rate-table">
          <caption className="skip-link">{name}: included quantity and price tiers</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Billable {unit}</th>
              <th scope="col" className="numeric">
                Unit price
              </th>
              <th scope="col" className="wide-only">
                Reached
              </th>
            </tr>
          </thead>
          <tbody>
            {included && (
              <tr data-testid="rate-included" data-used-up={item.includedUsedUpOn ?? undefined}>
                <th scope="row">
                  Included
                  <span className="narrow-only muted">{includedState}</span>
                </th>
                <td>First {formatExact(item.includedQuantity)} free</td>
                <td className="numeric">{formatExactMoney("0", currency, dates.locale)}</td>
                <td className="wide-only">{includedState}</td>
              </tr>
            )}
            {item.tiers.map((tier, index) => {
              const current = item.currentTier === index;
              return (
                <tr
                  key={index}
                  className={current ? "current-tier" : undefined}
                  aria-current={current ? "true" : undefined}
                  data-testid={`rate-tier-${index + 1}`}
                >
                  <th scope="row">
                    Tier {index + 1}
                    {current && <span className="badge">Now</span>}
                    {tier.reachedOn && <span className="narrow-only muted">Reached {dates.day(tier.reachedOn)}</span>}
                  </th>
                  <td>{tierRange(item.tiers, index)}</td>
                  <td className="numeric">{formatExactMoney(tier.unitAmount, currency, dates.locale)}</td>
                  <td className="wide-only">{tier.reachedOn ? dates.day(tier.reachedOn) : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

/** The book's prices for areas without usage this period, one row each. */
function OtherPrices({ items, name, currency }: { items: RateCardItem[]; name: (key: string) => string; currency: string }) {
  const { locale } = useDateFormat();
  return (
    <section className="card" aria-labelledby="other-prices-title" data-testid="rate-other">
      <h2 id="other-prices-title">Other prices in the book</h2>
      <p className="muted">No usage of these areas this period.</p>
      <TableScroll label="Other prices in the book">
        <table className="rate-table">
          <thead>
            <tr>
              <th scope="col">Product area</th>
              <th scope="col" className="numeric">
                Included
              </th>
              <th scope="col">Tiers (billable units: unit price)</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.productArea}>
                <th scope="row">{name(item.productArea)}</th>
                <td className="numeric">
                  {formatExact(item.includedQuantity)} <span className="muted">{item.unit ?? "units"}</span>
                </td>
                <td>
                  {item.tiers.map((tier, index) => (
                    <span key={index} className="amount-line">
                      {tierRange(item.tiers, index)}: {formatExactMoney(tier.unitAmount, currency, locale)}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

/** The price book in effect for a period, area by area, and where the period's usage stands on it. */
export function RateCard({
  workspaceId,
  period,
  areas,
  invoiceHref,
}: {
  workspaceId: string;
  /** current | previous | YYYY-MM, as the dashboard's ?period= */
  period: string;
  areas: DashboardProductArea[];
  invoiceHref: string;
}) {
  const dates = useDateFormat();
  const card = useRateCard({ workspaceId, period });
  const names = new Map(areas.map((a) => [a.key, a.displayName]));
  const name = (key: string) => names.get(key) ?? key;
  if (card.isPending) {
    return (
      <div className="dashboard-loading" role="status" aria-live="polite">
        <div className="skeleton cards" />
        <span className="skip-link">Loading the rate card…</span>
      </div>
    );
  }
  if (card.isError) {
    return (
      <div className="card alert error" role="alert">
        <strong>The rate card could not be loaded.</strong> {card.error.message}{" "}
        <button type="button" className="link-button" onClick={() => card.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const { data } = card;
  const byName = (a: RateCardItem, b: RateCardItem) => name(a.productArea).localeCompare(name(b.productArea));
  // The areas this period used come first, each with its standing; the book's other prices after, in brief.
  const used = data.items.filter((item) => !isZero(item.quantityToDate)).sort(byName);
  const unused = data.items.filter((item) => isZero(item.quantityToDate)).sort(byName);
  return (
    <div className="rate-card">
      <p className="muted" data-testid="rate-card-summary">
        Prices in {data.currency}, from the price book in effect since {dates.day(data.effectiveFrom)}, for the period{" "}
        {dates.dayRange(data.period.start, data.period.end)}. Each period starts with the included quantities; usage past them is priced
        tier by tier, each tier&apos;s price applying only to the units in it.{" "}
        <Link href={invoiceHref} className="print-hide">
          Preview the invoice
        </Link>
      </p>
      {data.unpriced.length > 0 && (
        <p className="alert notice" data-testid="rate-unpriced">
          No price for {data.unpriced.map(name).join(", ")}: {data.unpriced.length === 1 ? "its" : "their"} usage is on no invoice line.
        </p>
      )}
      {data.items.length === 0 && <p className="card muted">The price book prices no product area.</p>}
      {used.length > 0 && (
        <div className="rate-areas">
          {used.map((item) => (
            <AreaRates key={item.productArea} item={item} name={name(item.productArea)} currency={data.currency} />
          ))}
        </div>
      )}
      {unused.length > 0 && <OtherPrices items={unused} name={name} currency={data.currency} />}
    </div>
  );
}
