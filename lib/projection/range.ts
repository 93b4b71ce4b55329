// How wrong the forecast has been on this very series: the forecast is replayed from earlier days
// of the history ("rolling origins"), each time over the same number of days ahead, and the 10th
// and 90th percentiles of actual ÷ forecast become the range (lib/projection/period-total.ts).
// No distribution is assumed.
import { forecastDaily, type Smoothing } from "./forecast";

/** Days of history a replayed forecast starts from, at least (two weeks for its profile and trend, plus two). */
const MIN_ORIGIN_HISTORY = 28;
/** At most this many replays, the most recent ones. */
const MAX_ORIGINS = 120;
/** Fewer replays than this and the range is a wide default instead, said in the notes. */
export const MIN_ORIGINS = 10;

/** Log of actual ÷ forecast for each replay of `horizon` days ahead. */
export function replayErrors(history: readonly number[], horizon: number, smoothing?: Smoothing): number[] {
  const scale = history.reduce((a, b) => a + Math.abs(b), 0) / Math.max(1, history.length);
  const epsilon = scale * 1e-6 + 1e-12;
  const errors: number[] = [];
  const last = history.length - horizon;
  for (let origin = Math.max(MIN_ORIGIN_HISTORY, last - MAX_ORIGINS + 1); origin <= last; origin++) {
    const forecast = forecastDaily(history.slice(0, origin), horizon, smoothing).days.reduce((a, b) => a + b, 0);
    let actual = 0;
    for (let i = origin; i < origin + horizon; i++) actual += history[i]!;
    errors.push(Math.log((actual + epsilon) / (forecast + epsilon)));
  }
  return errors;
}
