"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiResponse } from "@/components/data/api-request";

type ExportState =
  | { status: "idle" }
  | { status: "running"; lines: number }
  | { status: "done"; dayRows: number; filename: string }
  | { status: "failed"; message: string };

const DAY_ROW = "\nday,";

/** Day rows, counted as the export history counts them (its totals rows are not). */
function countDayRows(text: string): number {
  let count = 0;
  for (let at = text.indexOf(DAY_ROW); at !== -1; at = text.indexOf(DAY_ROW, at + 1)) count++;
  return count;
}

function filenameOf(response: Response): string {
  return /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "usage.csv";
}

/** Streams the CSV export, showing rows received as they arrive, then saves the file. */
export function ExportButton({
  params,
  empty,
}: {
  params: Record<string, string>;
  /** The view has no usage: there is nothing to export. */ empty: boolean;
}) {
  const [state, setState] = useState<ExportState>({ status: "idle" });
  const queryClient = useQueryClient();

  async function run() {
    if (state.status === "running") return;
    setState({ status: "running", lines: 0 });
    try {
      const response = await apiResponse(`/api/billing/usage/export?${new URLSearchParams(params)}`, { failure: "The export failed" });
      if (!response.body) throw new Error(`The export failed (${response.status}).`);
      const reader = response.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value as Uint8Array<ArrayBuffer>);
        for (const byte of value) if (byte === 10) lines++;
        setState({ status: "running", lines });
      }
      const filename = filenameOf(response);
      const blob = new Blob(chunks, { type: "text/csv" });
      const dayRows = countDayRows(await blob.text());
      const url = URL.createObjectURL(blob);
      const link = Object.assign(document.createElement("a"), { href: url, download: filename });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ status: "done", dayRows, filename });
      await queryClient.invalidateQueries({ queryKey: ["exports"] });
    } catch (error) {
      setState({ status: "failed", message: error instanceof Error ? error.message : "The export failed." });
    }
  }

  return (
    <div className="export-button">
      {/* Busy, not disabled, while it runs: a disabled button drops keyboard focus to the page's
          top. Focus stays here and the status beside it announces the outcome. */}
      <button
        type="button"
        className="button"
        onClick={run}
        disabled={empty}
        aria-disabled={state.status === "running" || undefined}
        aria-describedby={empty ? "export-empty" : "export-status"}
      >
        {state.status === "running" ? "Exporting…" : "Export CSV"}
      </button>
      {empty && (
        <span id="export-empty" className="muted">
          Nothing to export: no usage in this view.
        </span>
      )}
      <span id="export-status" role="status" aria-live="polite" className="muted">
        {state.status === "running" && `${state.lines.toLocaleString("en-US")} lines received`}
        {state.status === "done" && `Saved ${state.filename} (${state.dayRows.toLocaleString("en-US")} day rows)`}
      </span>
      {state.status === "failed" && (
        <span role="alert" className="error-text">
          {state.message}
        </span>
      )}
    </div>
  );
}
