import { useDateFormat } from "@/components/layout/date-format";
import { calendarDateIn } from "@/lib/periods/calendar-date";
import type { UsageResponse } from "@/lib/usage/usage-response";

/** A period without usage, in words that fit where it stands: running, ended, or final. */
export function EmptyPeriod({ report, filtered, workspaces }: { report: UsageResponse; filtered: boolean; workspaces: number }) {
  const { period } = report;
  const dates = useDateFormat();
  const what = filtered ? "the selected product areas" : workspaces > 1 ? "these workspaces" : "this workspace";
  const running = calendarDateIn(new Date(report.generatedAt), period.timeZone) <= period.end;
  const then = period.closed
    ? "The period is closed: its figures are final."
    : running
      ? "Usage appears here within seconds of being reported."
      : `Late usage for it is still accepted until ${dates.instant(period.closesAt, period.timeZone, { named: true })}.`;
  return (
    <div className="card empty" role="status" data-testid="empty-period">
      <h2>No usage recorded in this period</h2>
      <p className="muted">
        Nothing was metered for {what} in {dates.dayRange(period.start, period.end)}. {then}
      </p>
    </div>
  );
}
