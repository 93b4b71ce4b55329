"use client";

import { useId, useState } from "react";
import { STATUS_NAMES } from "@/lib/anomalies/anomaly-words";
import { NEXT_STATUSES, type AnomalyFlagView, type AnomalyStatus } from "./types";
import { useTriage } from "@/components/data/use-anomalies";

const ACTIONS: Record<AnomalyStatus, string> = {
  open: "Reopen",
  acknowledged: "Acknowledge",
  resolved: "Resolve",
  dismissed: "Dismiss",
};

/** The flag's next steps in its lifecycle, each confirmed with a note (required to dismiss). */
export function TriageControls({
  flag,
  label,
  onTriaged,
}: {
  flag: AnomalyFlagView;
  /** How the flag reads: "Spike · Compute". */
  label: string;
  /** Called once the change is saved, with what to announce. */
  onTriaged: (flagId: string, message: string) => void;
}) {
  const [chosen, setChosen] = useState<AnomalyStatus | null>(null);
  const [note, setNote] = useState("");
  const triage = useTriage(({ status }) => {
    setChosen(null);
    setNote("");
    onTriaged(flag.id, `${label}: now ${STATUS_NAMES[status].toLowerCase()}.`);
  });
  const noteId = useId();
  const next = NEXT_STATUSES[flag.status];
  if (next.length === 0) return null;
  const name = `${label} ${flag.startDate}`;

  if (!chosen)
    return (
      <div className="triage-actions" role="group" aria-label={`Triage the ${name} flag`}>
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
      aria-label={`${ACTIONS[chosen]} the ${name} flag`}
      onSubmit={(event) => {
        event.preventDefault();
        triage.mutate({ flag, status: chosen, note: note.trim() });
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
