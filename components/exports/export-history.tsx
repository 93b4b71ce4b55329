"use client";

import { useQuery } from "@tanstack/react-query";
import { TableScroll } from "@/components/layout/table-scroll";
import { formatDecimal } from "@/lib/format/decimal-format";

interface ExportItem {
  id: string;
  createdAt: string;
  requestedBy: { name: string; email: string };
  periodStart: string;
  periodEnd: string;
  filename: string;
  rowCount: number;
  totals: { productArea: string; unit: string; quantity: string }[];
  downloadUrl: string;
}

/** `timeZone`: the workspace's billing time zone, in which the rest of the page tells time. */
export function ExportHistory({ workspaceId, timeZone, areaNames }: { workspaceId: string; timeZone: string; areaNames: ReadonlyMap<string, string> }) {
  const history = useQuery({
    queryKey: ["exports", workspaceId],
    queryFn: async (): Promise<{ exports: ExportItem[] }> => {
      const response = await fetch(`/api/billing/exports?workspaceId=${encodeURIComponent(workspaceId)}&limit=10`);
      if (!response.ok) throw new Error(`Export history could not be loaded (${response.status}).`);
      return response.json();
    },
  });
  return (
    <section className="card" aria-labelledby="exports-title">
      <h2 id="exports-title">Export history</h2>
      {history.isPending ? (
        <p className="muted" role="status">Loading past exports…</p>
      ) : history.isError ? (
        <p role="alert" className="error-text">{history.error.message}</p>
      ) : history.data.exports.length === 0 ? (
        <p className="muted">No exports yet. Files you export are kept here and can be downloaded again exactly as produced.</p>
      ) : (
        <TableScroll label="Past exports">
          <table>
            <caption className="skip-link">Past exports</caption>
            <thead>
              <tr>
                <th scope="col">When ({timeZone})</th>
                <th scope="col">Who</th>
                <th scope="col">Period</th>
                <th scope="col" className="numeric">Rows</th>
                <th scope="col">Totals</th>
                <th scope="col">File</th>
              </tr>
            </thead>
            <tbody>
              {history.data.exports.map((item) => (
                <tr key={item.id}>
                  <td>{new Date(item.createdAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone })}</td>
                  <td title={item.requestedBy.email}>{item.requestedBy.name}</td>
                  <td>{item.periodStart} – {item.periodEnd}</td>
                  <td className="numeric">{item.rowCount.toLocaleString("en-US")}</td>
                  <td className="totals-cell">
                    {item.totals.slice(0, 3).map((t) => `${areaNames.get(t.productArea) ?? t.productArea} ${formatDecimal(t.quantity)} ${t.unit}`).join(" · ")}
                    {item.totals.length > 3 && ` · +${item.totals.length - 3} more`}
                  </td>
                  <td>
                    <a href={item.downloadUrl} download>
                      Download<span className="skip-link"> {item.filename}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
