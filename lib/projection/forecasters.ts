// The few simple forecasters a projection chooses among (lib/projection/combination.ts). Each
// forecasts the `horizon` days after a history of complete days; `observedDays` says how many of
// the history's last days belong to the running period (the straight-line pace reads only those).
import { forecastDaily, weekdayProfile, type Smoothing } from "./forecast";
import { mean } from "./stats";

export interface ForecastInput {
  history: readonly number[];
  observedDays: number;
  horizon: number;
  /** The weekday profile of the history (weekdayProfile), computed once per history. */
  profile: readonly number[];
  /** The damped trend's constants, fitted once on the whole history and reused on replays. */
  smoothing?: Smoothing;
}

export const FORECASTERS = {
  /** The period's days so far, averaged and carried forward (the last week's on its first days). */
  "straight-line": ({ history, observedDays, horizon }: ForecastInput) => {
    const seen = history.slice(history.length - Math.max(observedDays, Math.min(7, history.length)));
    return new Array<number>(horizon).fill(mean(seen));
  },
  /** The same pace, read through the weekday profile: a period that began on a weekend is not low. */
  "weekday-pace": ({ history, observedDays, horizon, profile }: ForecastInput) => {
    const n = history.length;
    const from = n - Math.min(n, Math.max(observedDays, 14));
    let total = 0;
    let weight = 0;
    for (let i = from; i < n; i++) {
      total += history[i]!;
      weight += profile[i % 7]!;
    }
    const level = weight > 0 ? total / weight : 0;
    return Array.from({ length: horizon }, (_, h) => level * profile[(n + h) % 7]!);
  },
  /** Each remaining day as the mean of the same weekday over the last two whole weeks. */
  "last-weeks": ({ history, horizon }: ForecastInput) => {
    const n = history.length;
    const weeks = Math.min(2, Math.floor(n / 7));
    return Array.from({ length: horizon }, (_, h) => {
      if (weeks === 0) return mean(history.slice(-7));
      let total = 0;
      for (let w = 1; w <= weeks; w++) total += history[n - 7 * w + (h % 7)]!;
      return total / weeks;
    });
  },
  /** The weekday profile times a damped-trend level (lib/projection/forecast.ts). */
  "damped-trend": ({ history, horizon, smoothing }: ForecastInput) => forecastDaily(history, horizon, smoothing).days,
} as const;

export type ForecasterName = keyof typeof FORECASTERS;
export const FORECASTER_NAMES = Object.keys(FORECASTERS) as ForecasterName[];

export { weekdayProfile };
