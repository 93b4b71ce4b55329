// The simple forecasters a projection chooses between (lib/projection/combination.ts). Each
// forecasts the `horizon` days after a history of complete days; `observedDays` says how many of
// the history's last days belong to the running period. An empty answer: it cannot forecast here.
import { forecastDaily, type Smoothing } from "./forecast";
import { mean } from "./stats";

export interface ForecastInput {
  history: readonly number[];
  observedDays: number;
  horizon: number;
  /** The damped trend's constants, fitted once on the whole history and reused on replays. */
  smoothing?: Smoothing;
}

/** Days of a year, in whole weeks: the same weekday a year earlier. */
const YEAR = 364;

export const FORECASTERS = {
  /** The period's days so far, averaged and carried forward (the last week's on its first days). */
  "straight-line": ({ history, observedDays, horizon }: ForecastInput) => {
    const seen = history.slice(history.length - Math.max(observedDays, Math.min(7, history.length)));
    return new Array<number>(horizon).fill(mean(seen));
  },
  /** Each remaining day as the same weekday a week earlier. */
  "last-week": ({ history, horizon }: ForecastInput) => {
    const n = history.length;
    return Array.from({ length: horizon }, (_, h) => (n >= 7 ? history[n - 7 + (h % 7)]! : mean(history)));
  },
  /** The days seen (a week at least), grown as the same days a year earlier grew: a yearly season or holiday. */
  "last-year": ({ history, observedDays, horizon }: ForecastInput) => {
    const n = history.length;
    const seen = Math.max(observedDays, 7);
    const then = n - YEAR;
    if (then - seen < 0) return [];
    const sumOf = (from: number, to: number) => history.slice(from, to).reduce((a, b) => a + b, 0);
    const before = sumOf(then - seen, then);
    if (!(before > 0)) return [];
    const scale = sumOf(n - seen, n) / before;
    return Array.from({ length: horizon }, (_, h) => history[then + h]! * scale);
  },
  /** A weekday profile times a damped-trend level (lib/projection/forecast.ts). */
  "damped-trend": ({ history, horizon, smoothing }: ForecastInput) => forecastDaily(history, horizon, smoothing).days,
} as const;

export type ForecasterName = keyof typeof FORECASTERS;
export const FORECASTER_NAMES = Object.keys(FORECASTERS) as ForecasterName[];
