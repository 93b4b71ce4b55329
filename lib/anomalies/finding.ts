// What the anomaly detector reads and reports, shared by the product's detection job
// (lib/anomalies/, per workspace × product area) and `npm run eval:anomalies`: both call the same
// `detectSeries` on the same shapes. Plain numbers: detection compares sizes, it never bills them;
// the job turns expected/observed into decimal strings and prices the difference.

export const ANOMALY_KINDS = ["spike", "drop", "level_shift", "gap", "budget"] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];
/** The kinds the series detector finds; `budget` comes from the projection, not from a series. */
export type SeriesAnomalyKind = Exclude<AnomalyKind, "budget">;

/**
 * Days of history the detection job gives the detector per product area (eight weeks of baseline
 * and more); `npm run eval:anomalies -- --corpus` replays real series with the same window.
 */
export const SERIES_DAYS = 120;

export const SEVERITIES = ["low", "medium", "high"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One product area's complete days, consecutive and oldest first (missing days included). */
export interface DailySeries {
  /** ISO date (YYYY-MM-DD) of `values[0]`. */
  start: string;
  /** Quantity per day; 0 where the read model has no row. */
  values: readonly number[];
  /** Metered events behind each day (the read model's sourceEventCount); 0 where it has no row. */
  events: readonly number[];
  /**
   * The area had usage before `start`: the series is the trailing slice of a longer history, so its
   * first days are not the area's first and none of them is young (docs/anomalies.md).
   */
  usedBefore?: boolean;
}

/** One anomaly in a series: a window of days, inclusive. */
export interface SeriesFinding {
  kind: SeriesAnomalyKind;
  severity: Severity;
  startDate: string;
  endDate: string;
  /** The baseline's quantity over the window, summed. */
  expected: number;
  /** The series' quantity over the window, summed. */
  observed: number;
  /** Size of the deviation in robust standard deviations (what the severity comes from). */
  score: number;
}
