import { formatDay, formatDayRange, formatInstant } from "@/lib/format/dates";
import { calendarDateIn } from "@/lib/time/calendar-date";
import type { PeriodInfo, UsageResponse } from "@/lib/usage/usage-response";

/** Where the period stands: open and growing, ended but still taking late usage, or final. */
export function finality(period: PeriodInfo, now: Date): string {
  const closesAt = formatInstant(period.closesAt, period.timeZone, { named: true });
  if (period.closed) return `Final since ${closesAt}: late usage no longer changes these figures.`;
  const today = calendarDateIn(now, period.timeZone);
  if (today > period.end) return `Ended ${formatDay(period.end)}; late usage is still counted until ${closesAt}, then the figures are final.`;
  return `Figures grow as usage is reported. The period ends ${formatDay(period.end)} and its figures are final from ${closesAt}.`;
}

export function Freshness({ report, isFetching }: { report: UsageResponse; isFetching: boolean }) {
  const { period } = report;
  // Combined workspaces whose periods start on different days cover more days than the first one's.
  const others = (report.workspaces ?? []).filter((w) => w.period.start !== period.start || w.period.end !== period.end);
  const first = report.workspaces?.[0];
  return (
    <p className="freshness" data-testid="freshness">
      <span>
        <strong>{period.closed ? "Closed period" : "Open period"}</strong> {formatDayRange(period.start, period.end)}.{" "}
        <span data-testid="finality">{finality(period, new Date(report.generatedAt))}</span>
      </span>
      {others.length > 0 && first && (
        <span className="period-spread" data-testid="period-spread">
          Each workspace counts its own billing period, in its own time zone:{" "}
          {[first, ...others].map((w) => `${w.name} ${formatDayRange(w.period.start, w.period.end)} (${w.period.timeZone})`).join("; ")}. The chart
          spans every day of them, each workspace&apos;s usage on its own calendar day.
        </span>
      )}
      <span className="muted">
        Data complete through {formatInstant(report.completeThrough, period.timeZone, { named: true })}
        {isFetching ? " · refreshing…" : ""}
      </span>
    </p>
  );
}
