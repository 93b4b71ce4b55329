"use client";

import Link from "next/link";
import { useParams } from "next/navigation";
import { useDateFormat } from "@/components/layout/date-format";
import { percentChange } from "@/lib/format/decimal-format";
import { formatMoney, inCurrencyOrder } from "@/lib/format/money-format";
import type { ProjectionResponse } from "@/lib/projection/projection-response";
import { accuracyLine } from "./projection-wording";

/** The previous period's invoice (GET /api/billing/projection: previousInvoice). */
type PreviousInvoice = NonNullable<ProjectionResponse["previousInvoice"]>;

/**
 * The period's projected invoice: central value, likely range, what it is (an estimate) and how
 * good it has been. In a filtered view it projects those areas alone, and its heading says so.
 */
export function ProjectedInvoice({
  projection,
  isError,
  error,
  areas = null,
  combined = false,
}: {
  projection: ProjectionResponse | undefined;
  isError: boolean;
  error: Error | null;
  /** "Realtime only": the areas of a filtered view; null for the whole invoice. */
  areas?: string | null;
  /** Several workspaces are in view. */
  combined?: boolean;
}) {
  const dates = useDateFormat();
  const { slug } = useParams<{ slug: string }>();
  // The card says it is an estimate in its own words; the API's notes add the rest.
  const notes = projection?.notes.filter((note) => !note.startsWith("An estimate, not a charge")) ?? [];
  const previous = projection?.previousInvoice ?? null;
  return (
    <section
      className="card projection"
      aria-labelledby={areas ? "projection-title projection-areas" : "projection-title"}
      data-testid="projected-invoice"
    >
      <h2 id="projection-title">Projected invoice</h2>
      {areas && (
        <p id="projection-areas" className="projection-areas" data-testid="projection-areas">
          {areas}
        </p>
      )}
      {isError ? (
        <p role="alert" className="error-text">
          {error?.message}
        </p>
      ) : !projection ? (
        <p className="muted" role="status">
          Projecting the rest of the period…
        </p>
      ) : projection.totals.length === 0 ? (
        <p className="muted">
          {projection.areas.length > 0
            ? "No invoice can be projected: this usage has no price in the workspace's price book."
            : "Nothing to project yet: no usage in this period."}
        </p>
      ) : (
        <>
          <ul className="projection-totals">
            {inCurrencyOrder(projection.totals).map((t) => (
              <li key={t.currency}>
                <strong className="headline-value" data-testid={`projected-${t.currency}`}>
                  {formatMoney(t.projectedAmount, t.currency, dates.locale)}
                </strong>
                <span>
                  likely between {formatMoney(t.projectedAmountP10, t.currency, dates.locale)} and{" "}
                  {formatMoney(t.projectedAmountP90, t.currency, dates.locale)} (8 periods in 10)
                </span>
              </li>
            ))}
          </ul>
          {previous && (
            <p className="previous-invoice" data-testid="previous-invoice">
              <span className="headline-label">Last period&apos;s invoice</span>{" "}
              <strong>{formatMoney(previous.amount, previous.currency, dates.locale)}</strong>{" "}
              <span className="muted">({dates.dayRange(previous.periodStart, previous.periodEnd)})</span>
              <PreviousChange projection={projection} previous={previous} />
            </p>
          )}
          <p className="muted">
            <strong>An estimate, not a charge.</strong> As of {dates.instant(projection.asOf, projection.period.timeZone, { named: true })}.{" "}
            <span data-testid="projection-accuracy">{accuracyLine(projection.accuracy, { combined })}</span>
          </p>
          {notes.length > 0 && (
            <ul className="muted projection-notes">
              {notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
          {/* One workspace's price book and invoice: a combined view has several. */}
          {!combined && <MoneyLinks slug={slug} periodStart={projection.period.start} />}
        </>
      )}
    </section>
  );
}

/** The projection against last period's invoice, in the same currency only. */
function PreviousChange({ projection, previous }: { projection: ProjectionResponse; previous: PreviousInvoice }) {
  const projected = projection.totals.find((t) => t.currency === previous.currency);
  const change = projected ? percentChange(projected.projectedAmount, previous.amount) : null;
  if (change === null) return null;
  const direction = change > 5 ? "up" : change < -5 ? "down" : "flat";
  return (
    <span className={`change ${direction}`} data-testid="previous-invoice-change">
      {" "}
      · projected {direction === "up" ? "▲ +" : direction === "down" ? "▼ " : "● "}
      {change.toFixed(1)}% against it
    </span>
  );
}

/** The rate card (why the amount jumps: included quantities running out) and the invoice line by line, for the same period. */
function MoneyLinks({ slug, periodStart }: { slug: string; periodStart: string }) {
  const search = `?period=${periodStart.slice(0, 7)}`;
  return (
    <p className="projection-links">
      <Link href={`/w/${slug}/billing/rates${search}`}>Rate card: included quantities and tiers</Link>
      <Link href={`/w/${slug}/billing/invoice${search}`}>Invoice preview, line by line</Link>
    </p>
  );
}
