"use client";

import { useDateFormat } from "@/components/layout/date-format";
import { formatDecimal, formatExact } from "@/lib/format/decimal-format";
import { formatMoney } from "@/lib/format/money-format";
import { BudgetFlagFigures, budgetThreshold } from "./budget-flag-figures";
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
}

const STATUS_LABELS: Record<AnomalyFlagView["status"], string> = {
  open: "Open",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
  dismissed: "Dismissed",
};

/** Signed, so a drop reads as money not billed and a spike as money added. */
function impact(flag: AnomalyFlagView, locale: string): string {
  if (flag.impactAmount === null || flag.currency === null) return "no price";
  const amount = formatMoney(flag.impactAmount.replace(/^-/, ""), flag.currency, locale);
  return flag.impactAmount.startsWith("-") ? `−${amount}` : `+${amount}`;
}

/** Anomaly flags, most severe first as the API orders them: what, when, how far off, what it costs. */
export function AnomalyList({ flags, areas, canTriage, showWorkspace = false }: AnomalyListProps) {
  const dates = useDateFormat();
  return (
    <ul className="anomaly-list" data-testid="anomaly-list">
      {flags.map((flag) => {
        const area = flag.productArea ? areas.get(flag.productArea) : undefined;
        const what = flag.kind === "budget" ? budgetThreshold(flag, dates.locale) : (area?.displayName ?? flag.productArea);
        const amount = (value: string) => `${formatExact(value)} ${area?.unit ?? ""}`;
        // The baseline is an estimate: shown rounded, and said to be.
        const estimate = (value: string) => `≈ ${formatDecimal(value, 1)} ${area?.unit ?? ""}`;
        const days =
          flag.startDate === flag.endDate ? dates.day(flag.startDate) : `${dates.day(flag.startDate)} – ${dates.day(flag.endDate)}`;
        return (
          <li key={flag.id} className={`anomaly ${flag.severity}`} data-testid="anomaly" data-kind={flag.kind} data-status={flag.status}>
            <div className="anomaly-head">
              <span className={`severity ${flag.severity}`}>{flag.severity}</span>
              <strong>
                {KIND_LABELS[flag.kind]} · {what}
              </strong>
              {showWorkspace && <span className="muted">{flag.workspaceName ?? flag.workspaceId}</span>}
              <span className={`status ${flag.status}`}>{STATUS_LABELS[flag.status]}</span>
            </div>
            {flag.kind === "budget" ? (
              <BudgetFlagFigures flag={flag} dates={dates} />
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
              </dl>
            )}
            {canTriage(flag) && <TriageControls flag={flag} />}
          </li>
        );
      })}
    </ul>
  );
}
