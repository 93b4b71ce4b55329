"use client";

import { useExportHistory, type ExportItem } from "@/components/data/use-export-history";
import { useDateFormat } from "@/components/layout/date-format";
import { formatDecimal } from "@/lib/format/decimal-format";

function scopeOf(item: ExportItem, areaNames: ReadonlyMap<string, string>): string {
  const workspaces = item.workspaces.map((w) => w.name).join(" + ");
  const areas = item.productAreas ? item.productAreas.map((key) => areaNames.get(key) ?? key).join(", ") : "all product areas";
  return `${workspaces} · ${areas}`;
}

/**
 * Past exports, newest first, each saying what it covers. A list rather than a table: on a phone
 * a table put the download link off-screen. `timeZone`: the workspace's.
 */
export function ExportHistory({
  workspaceId,
  timeZone,
  areaNames,
}: {
  workspaceId: string;
  timeZone: string;
  areaNames: ReadonlyMap<string, string>;
}) {
  const dates = useDateFormat();
  const history = useExportHistory(workspaceId);
  return (
    <section className="card" aria-labelledby="exports-title">
      <h2 id="exports-title">Export history</h2>
      {history.isPending ? (
        <p className="muted" role="status">
          Loading past exports…
        </p>
      ) : history.isError ? (
        <p role="alert" className="error-text">
          {history.error.message}
        </p>
      ) : history.data.exports.length === 0 ? (
        <p className="muted">No exports yet. Files you export are kept here and can be downloaded again exactly as produced.</p>
      ) : (
        <>
          <p className="muted export-history-zone">
            Times are in {timeZone}. Rows count the file&apos;s day rows; its totals rows come after them.
          </p>
          <ol className="export-list" aria-label="Past exports">
            {history.data.exports.map((item) => (
              <li key={item.id} className="export-item" data-testid="export-item">
                <div className="export-main">
                  <strong>{dates.dayRange(item.periodStart, item.periodEnd)}</strong>
                  <span className="export-scope">{scopeOf(item, areaNames)}</span>
                  <span className="muted">
                    {dates.instant(item.createdAt, timeZone)} · <span title={item.requestedBy.email}>{item.requestedBy.name}</span> ·{" "}
                    {item.rowCount.toLocaleString("en-US")} day rows
                  </span>
                  <span className="muted totals-cell">
                    {item.totals
                      .slice(0, 3)
                      .map((t) => `${areaNames.get(t.productArea) ?? t.productArea} ${formatDecimal(t.quantity)} ${t.unit}`)
                      .join(" · ")}
                    {item.totals.length > 3 && ` · +${item.totals.length - 3} more`}
                  </span>
                </div>
                <a className="button secondary export-download" href={item.downloadUrl} download>
                  Download<span className="skip-link"> {item.filename}</span>
                </a>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
