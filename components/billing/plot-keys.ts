import type { AnomalyFlagView } from "@/components/anomalies/types";

/** The usage chart's series that are not product areas: the forecast and its likely range. */
export const PROJECTED = "projected";
export const BAND = "band";

export const SEVERITY_COLOURS: Record<AnomalyFlagView["severity"], string> = { low: "#edc948", medium: "#f28e2b", high: "#d62728" };
