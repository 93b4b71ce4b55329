"use client";

import Link from "next/link";
import { useInvoicePreview, type InvoiceFigures, type InvoicePreviewLine } from "@/components/data/use-invoice-preview";
import { useDateFormat } from "@/components/layout/date-format";
import { TableScroll } from "@/components/layout/table-scroll";
import type { DashboardProductArea } from "@/components/billing/types";
import { formatEstimate, formatExact } from "@/lib/format/decimal-format";
import { formatExactMoney, formatMoney } from "@/lib/format/money-format";
import { fromScaled, toScaled } from "@/lib/usage/decimal";
import { PrintButton } from "./print-button";

const isZero = (value: string) => /^0*(\.0*)?$/.test(value);

/**
 * How a line's amount comes about: the included units, then each tier with units in it. A
 * projected line's quantities are shown no finer than the recorded ones they extend (`recorded`),
 * and its tier amounts to the cent, as estimates ("≈"); an actual line's, every digit.
 */
function TierBreakdown({
  figures,
  unit,
  currency,
  recorded = null,
}: {
  figures: InvoiceFigures;
  unit: string;
  currency: string;
  recorded?: string | null;
}) {
  const { locale } = useDateFormat();
  const quantity = (value: string) => (recorded === null ? formatExact(value) : `≈${formatEstimate(value, recorded)}`);
  const amount = (value: string) =>
    recorded === null ? `= ${formatExactMoney(value, currency, locale)}` : `≈ ${formatMoney(value, currency, locale)}`;
  const included = fromScaled(toScaled(figures.quantity) - toScaled(figures.billableQuantity));
  const tiers = figures.tiers.map((tier, index) => ({ ...tier, index })).filter((tier) => !isZero(tier.quantity));
  return (
    <ul className="tier-breakdown" data-testid="tier-breakdown">
      {included !== "0" && (
        <li>
          {formatExact(included)} {unit} included
        </li>
      )}
      {tiers.map((tier) => (
        <li key={tier.index}>
          Tier {tier.index + 1}: {quantity(tier.quantity)} × {formatExactMoney(tier.unitAmount, currency, locale)} {amount(tier.amount)}
        </li>
      ))}
      {tiers.length === 0 && included === "0" && <li>No usage</li>}
    </ul>
  );
}

function LineRow({
  line,
  name,
  currency,
  projecting,
}: {
  line: InvoicePreviewLine;
  name: string;
  currency: string;
  /** The main columns are the projection's; the actual so far stands beside them. */
  projecting: boolean;
}) {
  const { locale } = useDateFormat();
  const shown = projecting ? (line.projected ?? line.actual) : line.actual;
  const unit = line.unit ?? "units";
  // A projected quantity, no finer than the recorded one it extends (as on the dashboard).
  const recorded = projecting && line.projected ? line.actual.quantity : null;
  const quantity = recorded === null ? formatExact(shown.quantity) : formatEstimate(shown.quantity, recorded);
  return (
    <tr data-testid={`invoice-line-${line.productArea}`}>
      <th scope="row">
        {name}
        <span className="narrow-only muted">
          {quantity} {unit}
        </span>
        <div className="narrow-only">
          <TierBreakdown figures={shown} unit={unit} currency={currency} recorded={recorded} />
        </div>
      </th>
      <td className="numeric wide-only">
        {quantity} <span className="muted">{unit}</span>
      </td>
      <td className="wide-only">
        <TierBreakdown figures={shown} unit={unit} currency={currency} recorded={recorded} />
      </td>
      <td className="numeric" data-amount>
        {formatMoney(shown.amount, currency, locale)}
      </td>
      {projecting && (
        <td className="numeric so-far" data-actual>
          {formatMoney(line.actual.amount, currency, locale)}
          <span className="wide-only">
            <span className="amount-line muted">
              {formatExact(line.actual.quantity)} {unit}
            </span>
          </span>
        </td>
      )}
    </tr>
  );
}

/**
 * The period's invoice as it would be issued: from the projection while the period runs (with
 * the actual so far beside each line, and "An estimate, not a charge" on it), its actual lines
 * once the period is over.
 */
export function InvoicePreview({
  workspaceId,
  workspaceName,
  timeZone,
  period,
  areas,
  rateCardHref,
}: {
  workspaceId: string;
  workspaceName: string;
  /** The workspace's time zone, in which the projection's instant is shown. */
  timeZone: string;
  /** current | previous | YYYY-MM, as the dashboard's ?period= */
  period: string;
  areas: DashboardProductArea[];
  rateCardHref: string;
}) {
  const dates = useDateFormat();
  const preview = useInvoicePreview({ workspaceId, period });
  const names = new Map(areas.map((a) => [a.key, a.displayName]));
  const name = (key: string) => names.get(key) ?? key;
  if (preview.isPending) {
    return (
      <div className="dashboard-loading" role="status" aria-live="polite">
        <div className="skeleton chart" />
        <span className="skip-link">Loading the invoice…</span>
      </div>
    );
  }
  if (preview.isError) {
    return (
      <div className="card alert error" role="alert">
        <strong>The invoice preview could not be made.</strong> {preview.error.message}{" "}
        <button type="button" className="link-button" onClick={() => preview.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  const { data } = preview;
  const { locale } = dates;
  const projecting = data.estimate && data.totals.projected !== null;
  const lines = [...data.lines].sort((a, b) => name(a.productArea).localeCompare(name(b.productArea)));
  const total = projecting ? data.totals.projected! : data.totals.actual;
  const status = data.period.closed
    ? "The period is closed: these are its invoice lines, final."
    : projecting
      ? `Projected to the period's end${data.projectedAt ? `, as of ${dates.instant(data.projectedAt, timeZone, { named: true })}` : ""}.`
      : "The period has ended; usage reported late may still be added until it closes.";
  return (
    <article className="card invoice" aria-labelledby="invoice-title" data-testid="invoice">
      <header className="invoice-header">
        <div>
          <h2 id="invoice-title">{data.estimate ? "Invoice preview" : "Invoice"}</h2>
          <p>
            {workspaceName} · billing period {dates.dayRange(data.period.start, data.period.end)} · {data.currency}
          </p>
          <p className="muted" data-testid="invoice-status">
            {status}
          </p>
        </div>
        {data.estimate && (
          <p className="estimate-label" data-testid="estimate-label">
            An estimate, not a charge
          </p>
        )}
      </header>
      <TableScroll label="Invoice lines">
        <table className="invoice-lines">
          <caption className="skip-link">Invoice lines by product area</caption>
          <thead>
            <tr>
              <th scope="col">Product area</th>
              <th scope="col" className="numeric wide-only">
                Quantity
              </th>
              <th scope="col" className="wide-only">
                Tier breakdown
              </th>
              <th scope="col" className="numeric">
                {projecting ? "Projected" : "Amount"}
              </th>
              {projecting && (
                <th scope="col" className="numeric">
                  Actual so far
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <LineRow key={line.productArea} line={line} name={name(line.productArea)} currency={data.currency} projecting={projecting} />
            ))}
            {lines.length === 0 && (
              <tr>
                <td colSpan={projecting ? 5 : 4} className="muted">
                  No priced usage in this period.
                </td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr data-testid="invoice-total">
              <th scope="row">
                Total<span className="amount-line muted">before taxes and credits</span>
              </th>
              <td className="wide-only" />
              <td className="wide-only" />
              <td className="numeric" data-amount>
                <strong>{formatMoney(total, data.currency, locale)}</strong>
              </td>
              {projecting && (
                <td className="numeric so-far" data-actual>
                  <strong>{formatMoney(data.totals.actual, data.currency, locale)}</strong>
                </td>
              )}
            </tr>
          </tfoot>
        </table>
      </TableScroll>
      {data.unpriced.length > 0 && (
        <p className="muted" data-testid="invoice-unpriced">
          Not on the invoice: {data.unpriced.map(name).join(", ")}, which the price book does not price.
        </p>
      )}
      <p className="muted invoice-footnote">
        Each line is rounded once, to the currency&apos;s smallest unit; the total is the sum of the lines.{" "}
        {data.estimate && "The projection is an estimate of where usage will end: the issued invoice counts the usage actually reported. "}
        <Link href={rateCardHref} className="print-hide">
          How each line is priced: the rate card
        </Link>
      </p>
      <div className="invoice-actions print-hide">
        <PrintButton />
      </div>
    </article>
  );
}
