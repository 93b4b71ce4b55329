// Which forecasters to trust for this series: each is replayed from the series' recent days
// ("rolling origins"), each time over as many days ahead as the period has left, and the two with
// the smallest errors are averaged. Choosing by a series' own replayed errors and averaging the
// best few is the forecast-combination practice that won the M4 competition; averaging two
// rather than weighting all keeps one lucky replay from deciding.
import type { Smoothing } from "./forecast";
import { FORECASTER_NAMES, FORECASTERS, type ForecasterName } from "./forecasters";
import { sum } from "./stats";

/** Days of history a replay starts from, at least (the damped trend needs two weeks, the profile more). */
const MIN_ORIGIN_HISTORY = 28;
/** At most this many replays, the most recent ones. */
const MAX_ORIGINS = 90;
/** Fewer replays than this and the forecasters are averaged alike, and the range is a wide default. */
export const MIN_ORIGINS = 10;
/** How many of the best forecasters are averaged. */
const AVERAGED = 2;

export interface CombinationInput {
  /** The history the forecasters read: outliers already replaced (lib/projection/robust-history.ts). */
  cleaned: readonly number[];
  /** The same days as recorded: replays are judged against what really happened. */
  recorded: readonly number[];
  observedDays: number;
  horizon: number;
  smoothing?: Smoothing;
}

export interface Combination {
  /** The forecast of each remaining day. */
  days: number[];
  chosen: ForecasterName[];
  /** Log of actual ÷ forecast of the combined forecast at each replay, sorted. */
  errors: number[];
}

type Sums = Partial<Record<ForecasterName, number>>;

/** Each forecaster's days ahead from `history`; a forecaster that cannot forecast here is left out. */
export function forecastAll(history: readonly number[], observedDays: number, horizon: number, smoothing?: Smoothing) {
  const days: Partial<Record<ForecasterName, number[]>> = {};
  for (const name of FORECASTER_NAMES) {
    const forecast = FORECASTERS[name]({ history, observedDays, horizon, smoothing });
    if (forecast.length === horizon) days[name] = forecast;
  }
  return days;
}

export function combineForecasters({ cleaned, recorded, observedDays, horizon, smoothing }: CombinationInput): Combination {
  const now = forecastAll(cleaned, observedDays, horizon, smoothing);
  const available = FORECASTER_NAMES.filter((name) => now[name]);
  const scale = sum(recorded) / Math.max(1, recorded.length);
  const epsilon = scale * 1e-6 + 1e-12;
  const error = (actual: number, forecast: number) => Math.log((actual + epsilon) / (forecast + epsilon));

  const replays: { actual: number; sums: Sums }[] = [];
  const last = cleaned.length - horizon;
  for (let origin = Math.max(MIN_ORIGIN_HISTORY, last - MAX_ORIGINS + 1); origin <= last; origin++) {
    const ahead = forecastAll(cleaned.slice(0, origin), observedDays, horizon, smoothing);
    const sums: Sums = {};
    for (const name of available) if (ahead[name]) sums[name] = sum(ahead[name]);
    replays.push({ actual: sum(recorded.slice(origin, origin + horizon)), sums });
  }

  const chosen = replays.length >= MIN_ORIGINS ? bestOf(available, replays, error) : available;
  const combine = (forecasts: Partial<Record<ForecasterName, number>>): number => {
    const present = chosen.filter((name) => forecasts[name] !== undefined);
    return present.length ? present.reduce((a, name) => a + forecasts[name]!, 0) / present.length : Number.NaN;
  };
  const days = Array.from({ length: horizon }, (_, h) => combine(Object.fromEntries(chosen.map((name) => [name, now[name]![h]!]))));
  const errors = replays
    .map((r) => error(r.actual, combine(r.sums)))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  return { days, chosen, errors };
}

/** The forecasters with the smallest mean absolute log error over the replays they could make. */
function bestOf(
  names: readonly ForecasterName[],
  replays: readonly { actual: number; sums: Sums }[],
  error: (actual: number, forecast: number) => number,
): ForecasterName[] {
  const scored = names
    .map((name) => {
      const errors = replays.filter((r) => r.sums[name] !== undefined).map((r) => error(r.actual, r.sums[name]!));
      return { name, score: errors.length >= MIN_ORIGINS ? sum(errors.map(Math.abs)) / errors.length : Number.POSITIVE_INFINITY };
    })
    .filter((s) => Number.isFinite(s.score))
    .sort((a, b) => a.score - b.score);
  return scored.length ? scored.slice(0, AVERAGED).map((s) => s.name) : [...names];
}
