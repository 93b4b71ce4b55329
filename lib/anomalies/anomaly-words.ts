// Flags in words, shared by the dashboard, the support page and the audit log (no server imports).
import type { AnomalyStatus } from "./anomaly-response";
import type { AnomalyKind } from "./finding";

export const KIND_NAMES: Record<AnomalyKind, string> = {
  spike: "Spike",
  drop: "Drop",
  level_shift: "Level shift",
  gap: "Metering gap",
  budget: "Budget",
};

export const STATUS_NAMES: Record<AnomalyStatus, string> = {
  open: "Open",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
  dismissed: "Dismissed",
};

/** A change to this status, as a past-tense verb: "Acknowledged the flag …". */
export const STATUS_VERBS: Record<AnomalyStatus, string> = {
  open: "Raised",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
  dismissed: "Dismissed",
};
