"use client";

import { useDateFormat } from "@/components/layout/date-format";
import { STATUS_VERBS } from "@/lib/anomalies/anomaly-words";
import type { AnomalyFlagView } from "./types";

/** A flag's status changes, oldest first: what, who, when, and the note they left. */
export function FlagHistory({ flag, timeZone }: { flag: AnomalyFlagView; timeZone: string }) {
  const dates = useDateFormat();
  const changes = flag.history.filter((change) => change.from !== null);
  if (changes.length === 0) return null;
  return (
    <details className="flag-history" data-testid="flag-history">
      <summary>
        History ({changes.length} change{changes.length === 1 ? "" : "s"})
      </summary>
      <ol>
        {changes.map((change, i) => (
          <li key={`${change.at} ${i}`}>
            <strong>{STATUS_VERBS[change.to]}</strong> by {change.actorEmail ?? "the detector"} ·{" "}
            <time dateTime={change.at}>{dates.instant(change.at, timeZone, { named: true })}</time>
            {change.note && <q className="flag-note">{change.note}</q>}
          </li>
        ))}
      </ol>
    </details>
  );
}
