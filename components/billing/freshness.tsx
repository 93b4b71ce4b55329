import type { UsageResponse } from "@/lib/usage/usage-response";

function formatInstant(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }) + ` (${timeZone})`;
}

export function Freshness({ report, isFetching }: { report: UsageResponse; isFetching: boolean }) {
  const { period } = report;
  return (
    <p className="freshness" data-testid="freshness">
      <span>
        <strong>{period.closed ? "Closed period" : "Open period"}</strong> {period.start} – {period.end}
        {period.closed ? ": figures are final." : ": figures grow as usage is reported."}
      </span>
      <span className="muted">
        Data complete through {formatInstant(report.completeThrough, period.timeZone)}
        {isFetching ? " · refreshing…" : ""}
      </span>
    </p>
  );
}
