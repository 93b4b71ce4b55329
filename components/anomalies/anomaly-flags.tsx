"use client";

import { AnomalyList } from "./anomaly-list";
import type { AnomalyFlagView } from "./types";

/** Flags still to look at come first; the settled ones only on request. */
export const isSettled = (flag: AnomalyFlagView) => flag.status === "resolved" || flag.status === "dismissed";

/** The flags the card lists, and so the ones the chart marks: one choice for both. */
export function shownFlags(flags: readonly AnomalyFlagView[] | undefined, showSettled: boolean) {
  return flags && (showSettled ? flags : flags.filter((f) => !isSettled(f)));
}

/** The dashboard's card of the period's anomaly flags, for the workspaces in view. */
export function AnomalyFlags({
  flags,
  showSettled,
  onShowSettled,
  isError,
  error,
  areas,
  canTriage,
  showWorkspace,
  timeZone,
}: {
  flags: readonly AnomalyFlagView[] | undefined;
  /** Whether resolved and dismissed flags are listed here and marked on the chart. */
  showSettled: boolean;
  onShowSettled: (show: boolean) => void;
  isError: boolean;
  error: Error | null;
  areas: ReadonlyMap<string, { displayName: string; unit: string }>;
  canTriage: (flag: AnomalyFlagView) => boolean;
  showWorkspace: boolean;
  timeZone: string;
}) {
  const active = flags?.filter((f) => !isSettled(f)) ?? [];
  const closed = flags?.filter(isSettled) ?? [];
  return (
    <section className="card anomalies" aria-labelledby="anomalies-title" data-testid="anomaly-flags">
      <div className="card-header">
        <h2 id="anomalies-title">Anomaly flags {flags && <span className="muted">({active.length} to look at)</span>}</h2>
        {closed.length > 0 && (
          <button type="button" className="link-button" aria-pressed={showSettled} onClick={() => onShowSettled(!showSettled)}>
            {showSettled ? "Hide" : "Show"} {closed.length} resolved or dismissed
          </button>
        )}
      </div>
      {flags && closed.length > 0 && (
        <p className="muted" data-testid="settled-note">
          {showSettled
            ? `Resolved and dismissed flags are listed and marked on the chart too.`
            : `${closed.length} resolved or dismissed flag${closed.length === 1 ? " is" : "s are"} hidden here and on the chart.`}
        </p>
      )}
      {isError ? (
        <p role="alert" className="error-text">
          {error?.message}
        </p>
      ) : !flags ? (
        <p className="muted" role="status">
          Loading anomaly flags…
        </p>
      ) : (
        <AnomalyList
          flags={shownFlags(flags, showSettled)!}
          areas={areas}
          canTriage={canTriage}
          showWorkspace={showWorkspace}
          timeZone={timeZone}
          empty="Nothing unusual in this period's usage so far."
        />
      )}
    </section>
  );
}
