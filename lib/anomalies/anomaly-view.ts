// A stored flag as the API shows it.
import type { AnomalyFlag } from "@/lib/db/generated/client";
import type { AnomalyChange, AnomalyView } from "./anomaly-response";
import { Exact } from "@/lib/pricing/money";
import { formatCalendarDate } from "@/lib/periods/calendar-date";

/** The columns a flag is shown with: a whole row, or the listing's selection of them. */
export type ShownFlag = Pick<
  AnomalyFlag,
  | "id"
  | "workspaceId"
  | "productArea"
  | "kind"
  | "severity"
  | "startDate"
  | "endDate"
  | "expected"
  | "observed"
  | "impactAmount"
  | "currency"
  | "threshold"
  | "crossedBy"
  | "crossedOn"
  | "reachesOn"
  | "status"
  | "detectorVersion"
  | "createdAt"
  | "updatedAt"
>;

/** The workspace's name and slug (the dashboard's address), as the caller's grants say. */
export interface FlagWorkspace {
  name: string;
  slug: string;
}

export function anomalyView(flag: ShownFlag, workspace: FlagWorkspace, history: AnomalyChange[]): AnomalyView {
  return {
    id: flag.id,
    workspaceId: flag.workspaceId,
    workspaceName: workspace.name,
    workspaceSlug: workspace.slug,
    productArea: flag.productArea,
    kind: flag.kind,
    severity: flag.severity,
    startDate: formatCalendarDate(flag.startDate),
    endDate: formatCalendarDate(flag.endDate),
    expected: flag.expected.toFixed(),
    observed: flag.observed.toFixed(),
    impactAmount: flag.impactAmount?.toFixed() ?? null,
    currency: flag.currency,
    threshold: flag.threshold,
    budget: budgetCrossing(flag),
    status: flag.status,
    detectorVersion: flag.detectorVersion,
    createdAt: flag.createdAt.toISOString(),
    updatedAt: flag.updatedAt.toISOString(),
    history,
  };
}

/** A budget flag's threshold named in full: the figure that crossed it, its day, the budget's amount, the pace's day. */
function budgetCrossing(flag: ShownFlag): AnomalyView["budget"] {
  if (flag.kind !== "budget" || flag.threshold === null || flag.threshold <= 0) return null;
  return {
    // The threshold's amount is the budget times the percentage, exactly, so this division is exact too.
    amount: new Exact(flag.expected.toFixed()).times(100).div(flag.threshold).toFixed(),
    threshold: flag.threshold,
    crossedBy: flag.crossedBy,
    crossedOn: flag.crossedOn ? formatCalendarDate(flag.crossedOn) : null,
    reachesOn: flag.reachesOn ? formatCalendarDate(flag.reachesOn) : null,
  };
}
