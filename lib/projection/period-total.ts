// A period's total from its first days and the history before them: what the product shows as
// the projection and what `npm run eval:projection` measures. Plain numbers (see forecast.ts).
import { forecastDaily, type ForecastMethod, type Smoothing } from "./forecast";
import { MIN_ORIGINS, replayErrors } from "./range";
import { median, quantile, sum } from "./stats";

/** A complete earlier period inside the history: index of its first day, and its length. */
export interface PastPeriod {
  startIndex: number;
  days: number;
}

export interface PeriodTotalInput {
  /** Complete days, consecutive and oldest first, ending with the period's last complete day. */
  history: readonly number[];
  /** How many of the history's last days belong to the period (0 on its first day). */
  observedDays: number;
  periodDays: number;
  /** Complete earlier periods in the history, to learn what recurs at this point of a period. */
  pastPeriods?: readonly PastPeriod[];
  /** Usage already reported for the day in progress, if any: the forecast of that day is at least this. */
  partialToday?: number;
}

export interface PeriodTotal {
  central: number;
  p10: number;
  p90: number;
  method: ForecastMethod;
  /** The range is the wide default: too little history to measure past errors. */
  defaultRange: boolean;
  /** How many earlier periods corrected the forecast for what recurs late in a period. */
  calibrationPeriods: number;
  /** Each remaining day's forecast (the first is the day in progress), and the range's factors on it. */
  days: number[];
  lowFactor: number;
  highFactor: number;
}

/**
 * The days before a series' first usage are not history (the workspace or area did not exist
 * yet): replayed, they would forecast nothing against real usage and blow the range up. The
 * period's own days are always kept.
 */
function sinceFirstUsage(input: PeriodTotalInput): PeriodTotalInput {
  const { history, observedDays, pastPeriods = [] } = input;
  const first = history.findIndex((value) => value !== 0);
  const trim = first < 0 ? history.length - observedDays : Math.min(first, history.length - observedDays);
  if (trim <= 0) return input;
  return {
    ...input,
    history: history.slice(trim),
    pastPeriods: pastPeriods.filter((p) => p.startIndex >= trim).map((p) => ({ ...p, startIndex: p.startIndex - trim })),
  };
}

/** Fewer earlier periods than this and nothing is corrected. */
const MIN_CALIBRATION_PERIODS = 2;

/**
 * Log of actual ÷ forecast of the rest of each earlier period, forecast from the same day of it:
 * what recurs at this point of a period (a month-end batch, a mid-month lull) shows up here.
 */
function samePointErrors(
  history: readonly number[],
  observedDays: number,
  pastPeriods: readonly PastPeriod[],
  epsilon: number,
  smoothing?: Smoothing,
): number[] {
  return pastPeriods
    .filter((p) => observedDays < p.days && p.startIndex + p.days <= history.length && p.startIndex + observedDays >= 14)
    .map(({ startIndex, days }) => {
      const origin = startIndex + observedDays;
      const forecast = sum(forecastDaily(history.slice(0, origin), days - observedDays, smoothing).days);
      const actual = sum(history.slice(origin, startIndex + days));
      return Math.log((actual + epsilon) / (forecast + epsilon));
    });
}

export function projectPeriodTotal(input: PeriodTotalInput): PeriodTotal {
  return withDayInProgress(projectCompleteDays(input), input.partialToday ?? 0);
}

/**
 * The projection from complete days alone: the costly part, which the product keeps while only
 * the day in progress changes (see projection-history.ts), adding that day per read.
 */
export function projectCompleteDays(input: Omit<PeriodTotalInput, "partialToday">): PeriodTotal {
  const { history, observedDays, periodDays, pastPeriods = [] } = sinceFirstUsage(input);
  const observed = sum(history.slice(history.length - observedDays));
  const horizon = periodDays - observedDays;
  const forecast = forecastDaily(history, horizon);
  if (horizon <= 0)
    return {
      central: observed,
      p10: observed,
      p90: observed,
      method: forecast.method,
      defaultRange: false,
      calibrationPeriods: 0,
      days: [],
      lowFactor: 1,
      highFactor: 1,
    };

  const epsilon = (sum(history) / Math.max(1, history.length)) * 1e-6 + 1e-12;
  // Recurring effects at this point of the period: the median error of earlier periods, shrunk
  // toward none while there are few of them.
  // Replays reuse the constants fitted on the whole history: the same forecast, far cheaper.
  const same = samePointErrors(history, observedDays, pastPeriods, epsilon, forecast.smoothing);
  const correction = same.length >= MIN_CALIBRATION_PERIODS ? median(same) * (same.length / (same.length + 1)) : 0;
  const central = sum(forecast.days) * Math.exp(correction);

  // The range: the spread of the forecast's own errors over as many days ahead, replayed from
  // every earlier day (centred, since the correction above already moved the forecast).
  const errors = replayErrors(history, horizon, forecast.smoothing).sort((a, b) => a - b);
  const enough = errors.length >= MIN_ORIGINS;
  const centre = enough ? median(errors) : 0;
  const wide = 0.25 * Math.sqrt(horizon / 7);
  const [low, high] = enough ? [quantile(errors, 0.1) - centre, quantile(errors, 0.9) - centre] : [-wide, wide];

  return {
    central: observed + central,
    p10: observed + Math.min(central, central * Math.exp(low)),
    p90: observed + Math.max(central, central * Math.exp(high)),
    method: forecast.method,
    defaultRange: !enough,
    calibrationPeriods: same.length >= MIN_CALIBRATION_PERIODS ? same.length : 0,
    days: forecast.days.map((day) => day * Math.exp(correction)),
    lowFactor: Math.min(1, Math.exp(low)),
    highFactor: Math.max(1, Math.exp(high)),
  };
}

/** The day in progress: what is in already counts, even where it beats the forecast of that day. */
export function withDayInProgress(total: PeriodTotal, partialToday: number): PeriodTotal {
  if (total.days.length === 0) return total;
  const extra = Math.max(0, partialToday - total.days[0]!);
  if (extra === 0) return total;
  return {
    ...total,
    central: total.central + extra,
    p10: total.p10 + extra,
    p90: total.p90 + extra,
    days: total.days.map((day, i) => (i === 0 ? partialToday : day)),
  };
}
