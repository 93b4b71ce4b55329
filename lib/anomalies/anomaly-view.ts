// A stored flag as the API shows it.
import type { AnomalyFlag } from "@/lib/db/generated/client";
import type { AnomalyChange, AnomalyView } from "./anomaly-response";
import { isoDate } from "./flag-values";

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
    startDate: isoDate(flag.startDate),
    endDate: isoDate(flag.endDate),
    expected: flag.expected.toFixed(),
    observed: flag.observed.toFixed(),
    impactAmount: flag.impactAmount?.toFixed() ?? null,
    currency: flag.currency,
    threshold: flag.threshold,
    status: flag.status,
    detectorVersion: flag.detectorVersion,
    createdAt: flag.createdAt.toISOString(),
    updatedAt: flag.updatedAt.toISOString(),
    history,
  };
}
