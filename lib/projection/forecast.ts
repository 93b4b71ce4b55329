// The daily forecast behind projected invoices: a weekday profile times a damped-trend level.
// It works on plain numbers: a forecast is an estimate, and the exact figures to date are added
// to it as decimals by the caller (lib/projection/project-period.ts).
import { mean, median } from "./stats";

/** How many trailing weeks the weekday profile is read from. */
const PROFILE_WEEKS = 8;
/** Each further day keeps this share of the day before's trend: growth fades instead of compounding. */
const DAMPING = 0.9;

/** How a projection forecast (lib/projection/period-total.ts): forecasters combined, or too little history for that. */
export type ForecastMethod = "combined" | "recent-mean" | "none";

export interface DailyForecast {
  /** One figure per day after the history, `horizon` of them. */
  days: number[];
  method: "weekday-profile-damped-trend" | "recent-mean" | "none";
  /** The constants used, when the method smooths. */
  smoothing?: Smoothing;
}

/**
 * Per weekday (0 = the weekday of `history[0]`), its typical share of an average day: each day
 * against the week centred on it (so a trend does not pass for a weekday effect), the median of
 * those ratios over the trailing weeks (so one spike does not move it).
 */
export function weekdayProfile(history: readonly number[]): number[] {
  const flat = [1, 1, 1, 1, 1, 1, 1];
  const n = history.length;
  const from = Math.max(3, n - PROFILE_WEEKS * 7 - 3);
  const ratios: number[][] = [[], [], [], [], [], [], []];
  for (let i = from; i <= n - 4; i++) {
    const week = mean(history.slice(i - 3, i + 4));
    if (week > 0) ratios[i % 7]!.push(history[i]! / week);
  }
  if (ratios.some((r) => r.length < 2)) return flat;
  const medians = ratios.map(median);
  const average = mean(medians);
  return average > 0 ? medians.map((m) => m / average) : flat;
}

/** The level and trend smoothings tried (damped Holt). */
const LEVEL_SMOOTHING = [0.05, 0.1, 0.2, 0.35, 0.5, 0.7];
const TREND_SMOOTHING = [0.02, 0.1, 0.25];
/** Days the level and trend are smoothed over, at most. */
const SMOOTHING_DAYS = 112;

/** Damped Holt over weekday-adjusted days (NaN: a day that says nothing), and its one-day-ahead squared error. */
/** The smoothing constants a forecast used: pass them back to replay it cheaply on earlier days. */
export interface Smoothing {
  alpha: number;
  beta: number;
}

function smooth(
  adjusted: readonly number[],
  alpha: number,
  beta: number,
): { error: number; level: number; trend: number; alpha: number; beta: number } {
  const known = adjusted.filter((x) => !Number.isNaN(x));
  let level = mean(known.slice(0, 7));
  let trend = 0;
  let error = 0;
  let seen = 0;
  for (const value of adjusted) {
    if (Number.isNaN(value)) continue;
    const predicted = level + DAMPING * trend;
    // The first fortnight only settles the level.
    if (++seen > 14) error += (value - predicted) ** 2;
    const previous = level;
    level = alpha * value + (1 - alpha) * predicted;
    trend = beta * (level - previous) + (1 - beta) * DAMPING * trend;
  }
  return { error, level, trend, alpha, beta };
}

/**
 * Forecasts `horizon` days after `history` (consecutive days, oldest first, complete days only).
 * The weekday profile is taken out, a damped-trend exponential smoothing (Holt) follows the level
 * (its smoothing fitted to the history), and the profile is put back. Two weeks or more of history are needed for the profile and the
 * trend; with less, the recent mean is carried forward.
 */
export function forecastDaily(history: readonly number[], horizon: number, smoothing?: Smoothing): DailyForecast {
  if (history.length === 0) return { days: new Array<number>(Math.max(0, horizon)).fill(0), method: "none" };
  if (history.length < 14) {
    const level = mean(history.slice(-7));
    return { days: new Array<number>(Math.max(0, horizon)).fill(level), method: "recent-mean" };
  }
  const profile = weekdayProfile(history);
  const n = history.length;
  const from = Math.max(0, n - SMOOTHING_DAYS);
  const adjusted: number[] = [];
  for (let i = from; i < n; i++) {
    const factor = profile[i % 7]!;
    // A weekday that is always empty says nothing about the level.
    adjusted.push(factor > 0 ? history[i]! / factor : Number.NaN);
  }
  // The smoothings are the pair that forecast this history's days best, one day ahead, unless the
  // caller replays a forecast with the constants it already chose.
  let best = smoothing
    ? smooth(adjusted, smoothing.alpha, smoothing.beta)
    : { error: Number.POSITIVE_INFINITY, level: 0, trend: 0, alpha: 0, beta: 0 };
  if (!smoothing) {
    for (const alpha of LEVEL_SMOOTHING) {
      for (const beta of TREND_SMOOTHING) {
        const fit = smooth(adjusted, alpha, beta);
        if (fit.error < best.error) best = fit;
      }
    }
  }
  const { level, trend } = best;
  const days: number[] = [];
  let ahead = 0;
  let fade = 1;
  for (let h = 1; h <= horizon; h++) {
    fade *= DAMPING;
    ahead += fade * trend;
    days.push(Math.max(0, (level + ahead) * profile[(n - 1 + h) % 7]!));
  }
  return { days, method: "weekday-profile-damped-trend", smoothing: { alpha: best.alpha, beta: best.beta } };
}

/** Straight-line pace: the period's days so far, averaged and carried to its end (the baseline). */
export function straightLinePace(observed: readonly number[], periodDays: number): number {
  return observed.length ? (observed.reduce((a, b) => a + b, 0) / observed.length) * periodDays : 0;
}

/** Seasonal naive: each remaining day as the same weekday a week earlier (the other baseline). */
export function seasonalNaive(history: readonly number[], horizon: number): number[] {
  const extended = [...history];
  for (let h = 0; h < horizon; h++) extended.push(extended.length >= 7 ? extended[extended.length - 7]! : (extended.at(-1) ?? 0));
  return extended.slice(history.length);
}
