"use client";

import { useState } from "react";
import { AnomalyList } from "./anomaly-list";
import type { AnomalyFlagView } from "./types";

/** Flags still to look at come first; the settled ones only on request. */
const settled = (flag: AnomalyFlagView) => flag.status === "resolved" || flag.status === "dismissed";

/** The dashboard's card of the period's anomaly flags, for the workspaces in view. */
export function AnomalyFlags({
  flags,
  isError,
  error,
  areas,
  canTriage,
  showWorkspace,
}: {
  flags: readonly AnomalyFlagView[] | undefined;
  isError: boolean;
  error: Error | null;
  areas: ReadonlyMap<string, { displayName: string; unit: string }>;
  canTriage: (flag: AnomalyFlagView) => boolean;
  showWorkspace: boolean;
}) {
  const [showSettled, setShowSettled] = useState(false);
  const active = flags?.filter((f) => !settled(f)) ?? [];
  const closed = flags?.filter(settled) ?? [];
  return (
    <section className="card anomalies" aria-labelledby="anomalies-title" data-testid="anomaly-flags">
      <div className="card-header">
        <h2 id="anomalies-title">Anomaly flags {flags && <span className="muted">({active.length} to look at)</span>}</h2>
        {closed.length > 0 && (
          <button type="button" className="link-button" aria-pressed={showSettled} onClick={() => setShowSettled(!showSettled)}>
            {showSettled ? "Hide" : "Show"} {closed.length} resolved or dismissed
          </button>
        )}
      </div>
      {isError ? (
        <p role="alert" className="error-text">
          {error?.message}
        </p>
      ) : !flags ? (
        <p className="muted" role="status">
          Loading anomaly flags…
        </p>
      ) : active.length === 0 && !showSettled ? (
        <p className="muted">Nothing unusual in this period&apos;s usage so far.</p>
      ) : (
        <AnomalyList
          flags={showSettled ? [...active, ...closed] : active}
          areas={areas}
          canTriage={canTriage}
          showWorkspace={showWorkspace}
        />
      )}
    </section>
  );
}
