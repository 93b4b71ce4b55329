"use client";

import { useEffect, useRef, useState } from "react";
import { useDateFormat } from "@/components/layout/date-format";
import { STATUS_NAMES } from "@/lib/anomalies/anomaly-words";
import { formatDecimal, formatExact } from "@/lib/format/decimal-format";
import { formatMoney } from "@/lib/format/money-format";
import { BudgetFlagFigures, budgetThreshold } from "./budget-flag-figures";
import { FlagHistory } from "./flag-history";
import { TriageControls } from "./triage-controls";
import { KIND_LABELS, type AnomalyFlagView } from "./types";

interface AnomalyListProps {
  flags: readonly AnomalyFlagView[];
  /** Display names and units of product areas, by key. */
  areas: ReadonlyMap<string, { displayName: string; unit: string }>;
  /** Whether the viewer may move this flag along its lifecycle. */
  canTriage: (flag: AnomalyFlagView) => boolean;
  /** Name each flag's workspace (lists across workspaces). */
  showWorkspace?: boolean;
  /** Link each flag to its workspace's dashboard at the flag's first day (support's list). */
  linkToDay?: boolean;
  /** The zone times are shown in: the workspace's, or UTC across workspaces. */
  timeZone: string;
  /** What to say when no flag is shown; the list stays mounted so a triage's announcement survives its flag leaving. */
  empty: string;
}

/** Signed, so a drop reads as money not billed and a spike as money added. */
function impact(flag: AnomalyFlagView, locale: string): string {
  if (flag.impactAmount === null || flag.currency === null) return "no price";
  const amount = formatMoney(flag.impactAmount.replace(/^-/, ""), flag.currency, locale);
  return flag.impactAmount.startsWith("-") ? `−${amount}` : `+${amount}`;
}

/** Anomaly flags, most severe first as the API orders them: what, when, how far off, what it costs, what people did. */
export function AnomalyList({ flags, areas, canTriage, showWorkspace = false, linkToDay = false, timeZone, empty }: AnomalyListProps) {
  const dates = useDateFormat();
  const { announcement, announce, statusRef } = useTriageFocus(flags);
  const title = (flag: AnomalyFlagView) => {
    const area = flag.productArea ? areas.get(flag.productArea) : undefined;
    return `${KIND_LABELS[flag.kind]} · ${flag.kind === "budget" ? budgetThreshold(flag, dates.locale) : (area?.displayName ?? flag.productArea)}`;
  };
  return (
    <>
      <p className="triage-status" role="status" aria-live="polite" tabIndex={-1} ref={statusRef} data-testid="triage-status">
        {announcement}
      </p>
      {flags.length === 0 && <p className="muted">{empty}</p>}
      <ul className="anomaly-list" data-testid="anomaly-list" hidden={flags.length === 0}>
        {flags.map((flag) => {
          const area = flag.productArea ? areas.get(flag.productArea) : undefined;
          const amount = (value: string) => `${formatExact(value)} ${area?.unit ?? ""}`;
          // The baseline is an estimate: shown rounded, and said to be.
          const estimate = (value: string) => `≈ ${formatDecimal(value, 1)} ${area?.unit ?? ""}`;
          const raised = (
            <div>
              <dt>Raised</dt>
              <dd data-testid="anomaly-raised">
                <time dateTime={flag.createdAt}>{dates.instant(flag.createdAt, timeZone, { named: true })}</time>
              </dd>
            </div>
          );
          const days =
            flag.startDate === flag.endDate ? dates.day(flag.startDate) : `${dates.day(flag.startDate)} – ${dates.day(flag.endDate)}`;
          return (
            <li key={flag.id} className={`anomaly ${flag.severity}`} data-testid="anomaly" data-kind={flag.kind} data-status={flag.status}>
              <div className="anomaly-head">
                <span className={`severity ${flag.severity}`}>{flag.severity}</span>
                <strong id={`flag-${flag.id}`} tabIndex={-1}>
                  {title(flag)}
                </strong>
                {showWorkspace && <span className="muted">{flag.workspaceName ?? flag.workspaceId}</span>}
                <span className={`status ${flag.status}`}>{STATUS_NAMES[flag.status]}</span>
              </div>
              {flag.kind === "budget" ? (
                <BudgetFlagFigures flag={flag} dates={dates}>
                  {raised}
                </BudgetFlagFigures>
              ) : (
                <dl className="anomaly-figures">
                  <div>
                    <dt>Days</dt>
                    <dd>{days}</dd>
                  </div>
                  <div>
                    <dt>Expected</dt>
                    <dd>{estimate(flag.expected)}</dd>
                  </div>
                  <div>
                    <dt>Observed</dt>
                    <dd>{amount(flag.observed)}</dd>
                  </div>
                  <div>
                    <dt>Cost impact</dt>
                    <dd data-testid="anomaly-impact">{impact(flag, dates.locale)}</dd>
                  </div>
                  {raised}
                </dl>
              )}
              {linkToDay && (
                <p className="anomaly-link">
                  <a href={`/w/${encodeURIComponent(flag.workspaceSlug)}/billing?day=${flag.startDate}`} data-testid="anomaly-day-link">
                    Open {flag.workspaceName}&apos;s dashboard at {dates.day(flag.startDate)}
                  </a>
                </p>
              )}
              <FlagHistory flag={flag} timeZone={timeZone} />
              {canTriage(flag) && <TriageControls flag={flag} label={title(flag)} onTriaged={announce} />}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/**
 * After a triage the acting form closes, and the flag may leave the list (a filter on status):
 * focus moves to the flag's title, or to the announcement once the flag is gone, so keyboard users
 * stay where they were; the outcome is read out politely. Later refreshes move focus only if it
 * was lost (the focused element left the page).
 */
function useTriageFocus(flags: readonly AnomalyFlagView[]) {
  const [announcement, setAnnouncement] = useState({ text: "", count: 0 });
  const acted = useRef<{ id: string; placed: boolean } | null>(null);
  const statusRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const flag = acted.current;
    if (!flag) return;
    const lost = !document.activeElement || document.activeElement === document.body;
    const present = flags.some((f) => f.id === flag.id);
    if (!flag.placed || lost) (present ? document.getElementById(`flag-${flag.id}`) : statusRef.current)?.focus();
    acted.current = present ? { id: flag.id, placed: true } : null;
  }, [announcement, flags]);
  const announce = (flagId: string, text: string) => {
    acted.current = { id: flagId, placed: false };
    setAnnouncement(({ count }) => ({ text, count: count + 1 }));
  };
  return { announcement: announcement.text, announce, statusRef };
}
