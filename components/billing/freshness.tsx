import { useDateFormat } from "@/components/layout/date-format";
import type { DateFormat } from "@/lib/format/dates";
import { calendarDateIn } from "@/lib/periods/calendar-date";
import type { PeriodInfo, UsageResponse } from "@/lib/usage/usage-response";

/** Where the period stands: open and growing, ended but still taking late usage, or final. */
export function finality(period: PeriodInfo, now: Date, dates: DateFormat): string {
  const closesAt = dates.instant(period.closesAt, period.timeZone, { named: true });
  if (period.closed) return `Final since ${closesAt}: late usage no longer changes these figures.`;
  const today = calendarDateIn(now, period.timeZone);
  if (today > period.end)
    return `Ended ${dates.day(period.end)}; late usage is still counted until ${closesAt}, then the figures are final.`;
  return `Figures grow as usage is reported. The period ends ${dates.day(period.end)} and its figures are final from ${closesAt}.`;
}

export function Freshness({
  report,
  isFetching,
  range = null,
}: {
  report: UsageResponse;
  isFetching: boolean;
  /** A date range rather than a billing period: said as such, since it may span open and closed periods. */
  range?: { from: string; to: string } | null;
}) {
  const { period } = report;
  const dates = useDateFormat();
  // Combined workspaces whose periods start on different days cover more days than the first one's;
  // then every workspace is named with its period, those that share the first one's too.
  const workspaces = report.workspaces ?? [];
  const spread = workspaces.some((w) => w.period.start !== period.start || w.period.end !== period.end);
  return (
    <p className="freshness" data-testid="freshness">
      {range ? (
        <span>
          <strong>Date range</strong> {dates.dayRange(range.from, range.to)}.{" "}
          <span data-testid="finality">Days of a billing period that has not closed yet can still change as late usage arrives.</span>
        </span>
      ) : (
        <span>
          <strong>{period.closed ? "Closed period" : "Open period"}</strong> {dates.dayRange(period.start, period.end)}.{" "}
          <span data-testid="finality">{finality(period, new Date(report.generatedAt), dates)}</span>
        </span>
      )}
      {spread && (
        <span className="period-spread" data-testid="period-spread">
          Each workspace counts its own billing period, in its own time zone:{" "}
          {workspaces.map((w) => `${w.name} ${dates.dayRange(w.period.start, w.period.end)} (${w.period.timeZone})`).join("; ")}. The chart
          spans every day of them, each workspace&apos;s usage on its own calendar day.
        </span>
      )}
      <span className="muted">
        Data complete through {dates.instant(report.completeThrough, period.timeZone, { named: true })}
        {isFetching ? " · refreshing…" : ""}
      </span>
    </p>
  );
}
