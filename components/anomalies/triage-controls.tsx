"use client";

import { useId, useState } from "react";
import { NEXT_STATUSES, type AnomalyFlagView, type AnomalyStatus } from "./types";
import { useTriage } from "./use-anomalies";

const ACTIONS: Record<AnomalyStatus, string> = {
  open: "Reopen",
  acknowledged: "Acknowledge",
  resolved: "Resolve",
  dismissed: "Dismiss",
};

/** The flag's next steps in its lifecycle, each confirmed with a note (required to dismiss). */
export function TriageControls({ flag }: { flag: AnomalyFlagView }) {
  const triage = useTriage();
  const [chosen, setChosen] = useState<AnomalyStatus | null>(null);
  const [note, setNote] = useState("");
  const noteId = useId();
  const next = NEXT_STATUSES[flag.status];
  if (next.length === 0) return null;
  const label =
    flag.kind === "budget"
      ? `budget ${flag.threshold ?? ""} % ${flag.startDate}`
      : `${flag.kind.replace("_", " ")} ${flag.productArea} ${flag.startDate}`;

  if (!chosen)
    return (
      <div className="triage-actions" role="group" aria-label={`Triage the ${label} flag`}>
        {next.map((status) => (
          <button key={status} type="button" className="button secondary small" onClick={() => setChosen(status)}>
            {ACTIONS[status]}
          </button>
        ))}
      </div>
    );

  const needsNote = chosen === "dismissed";
  return (
    <form
      className="triage-form"
      onSubmit={(event) => {
        event.preventDefault();
        triage.mutate({ flag, status: chosen, note: note.trim() }, { onSuccess: () => setChosen(null) });
      }}
    >
      <label htmlFor={noteId}>{needsNote ? "Why dismiss it? (required)" : "Note (optional)"}</label>
      <textarea
        id={noteId}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        rows={2}
        maxLength={1000}
        required={needsNote}
        autoFocus
      />
      <div className="triage-actions">
        <button type="submit" className="button small" disabled={triage.isPending || (needsNote && !note.trim())}>
          {ACTIONS[chosen]}
        </button>
        <button type="button" className="button secondary small" onClick={() => setChosen(null)}>
          Cancel
        </button>
      </div>
      {triage.isError && (
        <p role="alert" className="error-text">
          {triage.error.message}
        </p>
      )}
    </form>
  );
}
