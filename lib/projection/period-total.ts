// A period's total from its first days and the history before them: what the product shows as
// the projection and what `npm run eval:projection` measures. Plain numbers (see forecast.ts).
import { combineForecasters, forecastAll, MIN_ORIGINS } from "./combination";
import { forecastDaily, type ForecastMethod, type Smoothing } from "./forecast";
import type { ForecasterName } from "./forecasters";
import { withoutOutliers } from "./robust-history";
import { mean, median, quantile, sum } from "./stats";

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
  /** The forecasters averaged (lib/projection/combination.ts); none with under two weeks of history. */
  forecasters: ForecasterName[];
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
/** The most recent earlier periods that say what recurs at this point of a period. */
const CALIBRATION_PERIODS = 12;
/** A recurring effect is corrected only when this many standard errors away from none. */
const CALIBRATION_Z = 4;
/**
 * Replayed errors come from forecasts whose constants and choice of forecasters were fitted on
 * the same history, so they are narrower than the errors of a real forecast: the range is their
 * 10th–90th percentiles times this. Chosen on the published corpus and the synthetic suite
 * together (docs/projection.md, "The range").
 */
const RANGE_WIDENING = 1.5;

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
  const method = forecastMethod(history.length);
  if (horizon <= 0 || method !== "combined") return shortHistory(history, observed, horizon, method);

  const cleaned = withoutOutliers(history).values;
  const smoothing = forecastDaily(cleaned, horizon).smoothing;
  const combination = combineForecasters({ cleaned, recorded: history, observedDays, horizon, smoothing });
  const correction = recurringCorrection({ cleaned, recorded: history, observedDays, pastPeriods, smoothing, chosen: combination.chosen });
  const days = combination.days.map((day) => Math.max(0, day * Math.exp(correction.value)));
  const central = sum(days);

  // The range: the spread of the combined forecast's own replayed errors over as many days ahead.
  const { errors } = combination;
  const enough = errors.length >= MIN_ORIGINS;
  const wide = 0.25 * Math.sqrt(horizon / 7);
  const [low, high] = enough ? [quantile(errors, 0.1) * RANGE_WIDENING, quantile(errors, 0.9) * RANGE_WIDENING] : [-wide, wide];
  return {
    central: observed + central,
    p10: observed + Math.min(central, central * Math.exp(low)),
    p90: observed + Math.max(central, central * Math.exp(high)),
    method,
    forecasters: combination.chosen,
    defaultRange: !enough,
    calibrationPeriods: correction.periods,
    days,
    lowFactor: Math.min(1, Math.exp(low)),
    highFactor: Math.max(1, Math.exp(high)),
  };
}

function forecastMethod(days: number): ForecastMethod {
  return days === 0 ? "none" : days < 14 ? "recent-mean" : "combined";
}

/** Under two weeks of history (the recent mean, a wide range), or nothing left to forecast. */
function shortHistory(history: readonly number[], observed: number, horizon: number, method: ForecastMethod): PeriodTotal {
  const days = new Array<number>(Math.max(0, horizon)).fill(mean(history.slice(-7)));
  const central = sum(days);
  const wide = 0.25 * Math.sqrt(Math.max(0, horizon) / 7);
  return {
    central: observed + central,
    p10: observed + central * Math.exp(-wide),
    p90: observed + central * Math.exp(wide),
    method,
    forecasters: [],
    defaultRange: horizon > 0,
    calibrationPeriods: 0,
    days,
    lowFactor: Math.exp(-wide),
    highFactor: Math.exp(wide),
  };
}

interface CorrectionInput {
  cleaned: readonly number[];
  recorded: readonly number[];
  observedDays: number;
  pastPeriods: readonly PastPeriod[];
  smoothing?: Smoothing;
  chosen: readonly ForecasterName[];
}

/**
 * What recurs at this point of a period (a month-end batch): the chosen forecasters replayed from
 * the same day of the last earlier periods. Their median error corrects the forecast only when it
 * is consistently one-sided (CALIBRATION_Z standard errors), shrunk toward none while there are
 * few periods: on real usage, an effect that merely happened in some past months does not recur.
 */
function recurringCorrection({ cleaned, recorded, observedDays, pastPeriods, smoothing, chosen }: CorrectionInput): {
  value: number;
  periods: number;
} {
  const epsilon = (sum(recorded) / Math.max(1, recorded.length)) * 1e-6 + 1e-12;
  const errors = pastPeriods
    .filter((p) => observedDays < p.days && p.startIndex + p.days <= cleaned.length && p.startIndex + observedDays >= 28)
    .slice(-CALIBRATION_PERIODS)
    .flatMap(({ startIndex, days }) => {
      const origin = startIndex + observedDays;
      const ahead = forecastAll(cleaned.slice(0, origin), observedDays, days - observedDays, smoothing);
      const present = chosen.filter((name) => ahead[name]);
      if (!present.length) return [];
      const forecast = present.reduce((a, name) => a + sum(ahead[name]!), 0) / present.length;
      const actual = sum(recorded.slice(origin, startIndex + days));
      return [Math.log((actual + epsilon) / (forecast + epsilon))];
    });
  if (errors.length < MIN_CALIBRATION_PERIODS) return { value: 0, periods: 0 };
  const centre = median(errors);
  const spread = 1.4826 * median(errors.map((e) => Math.abs(e - centre)));
  if (Math.abs(centre) <= (CALIBRATION_Z * spread) / Math.sqrt(errors.length)) return { value: 0, periods: 0 };
  return { value: centre * (errors.length / (errors.length + 1)), periods: errors.length };
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
