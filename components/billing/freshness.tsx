import type { UsageResponse } from "@/lib/usage/usage-response";

function formatInstant(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }) + ` (${timeZone})`;
}

export function Freshness({ report, isFetching }: { report: UsageResponse; isFetching: boolean }) {
  const { period } = report;
  // Combined workspaces whose periods start on different days cover more days than the first one's.
  const others = (report.workspaces ?? []).filter((w) => w.period.start !== period.start || w.period.end !== period.end);
  const first = report.workspaces?.[0];
  return (
    <p className="freshness" data-testid="freshness">
      <span>
        <strong>{period.closed ? "Closed period" : "Open period"}</strong> {period.start} – {period.end}
        {period.closed ? ": figures are final." : ": figures grow as usage is reported."}
      </span>
      {others.length > 0 && first && (
        <span className="period-spread" data-testid="period-spread">
          Each workspace counts its own billing period: {[first, ...others].map((w) => `${w.name} ${w.period.start} – ${w.period.end}`).join("; ")}. The chart shows every day of them.
        </span>
      )}
      <span className="muted">
        Data complete through {formatInstant(report.completeThrough, period.timeZone)}
        {isFetching ? " · refreshing…" : ""}
      </span>
    </p>
  );
}
