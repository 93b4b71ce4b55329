// The anomaly flags as the API returns them (GET /api/billing/anomalies), for the client.
export type AnomalyStatus = "open" | "acknowledged" | "resolved" | "dismissed";

export interface AnomalyFlagView {
  id: string;
  workspaceId: string;
  workspaceName?: string;
  productArea: string | null;
  kind: "spike" | "drop" | "level_shift" | "gap" | "budget";
  severity: "low" | "medium" | "high";
  startDate: string;
  endDate: string;
  expected: string;
  observed: string;
  impactAmount: string | null;
  currency: string | null;
  status: AnomalyStatus;
  detectorVersion: string;
  createdAt: string;
  updatedAt: string;
}

export interface AnomalyPage {
  anomalies: AnomalyFlagView[];
  nextCursor: string | null;
}

export const KIND_LABELS: Record<AnomalyFlagView["kind"], string> = {
  spike: "Spike",
  drop: "Drop",
  level_shift: "Level shift",
  gap: "Metering gap",
  budget: "Budget",
};

/** What each status may move to: the API answers 409 to anything else. */
export const NEXT_STATUSES: Record<AnomalyStatus, AnomalyStatus[]> = {
  open: ["acknowledged", "dismissed"],
  acknowledged: ["resolved", "dismissed"],
  resolved: [],
  dismissed: [],
};
