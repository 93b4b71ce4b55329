// Anomaly flags on screen: the API's own types (GET /api/billing/anomalies), and their labels.
import { KIND_NAMES } from "@/lib/anomalies/anomaly-words";
import type { AnomaliesPage, AnomalyStatus, AnomalyView } from "@/lib/anomalies/anomaly-response";

export type { AnomalyStatus };
export type AnomalyFlagView = AnomalyView;
export type AnomalyPage = AnomaliesPage;

export const KIND_LABELS = KIND_NAMES;

/** What each status may move to: the API answers 409 to anything else. */
export const NEXT_STATUSES: Record<AnomalyStatus, AnomalyStatus[]> = {
  open: ["acknowledged", "dismissed"],
  acknowledged: ["resolved", "dismissed"],
  resolved: [],
  dismissed: [],
};
