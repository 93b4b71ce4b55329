// Projections replayed on a series' own complete past periods, from the same day of each period:
// the accuracy a workspace is shown, and what `npm run eval:projection` prints.
import { periodContaining } from "@/lib/periods/period";
import { addDays, daysBetween } from "@/lib/periods/calendar-date";
import { seasonalNaive, straightLinePace } from "./forecast";
import { projectPeriodTotal } from "./period-total";

export interface SeriesPeriod {
  /** Index of the period's first day in the series. */
  startIndex: number;
  days: number;
}

/** The complete billing periods inside a series that starts on `start`, after the first one (it has no history). */
export function completePeriods(start: string, length: number, anchorDay: number): SeriesPeriod[] {
  const periods: SeriesPeriod[] = [];
  let period = periodContaining(start, anchorDay);
  const dayIndex = (date: string) => daysBetween(start, date);
  for (;;) {
    const startIndex = dayIndex(period.start);
    const days = dayIndex(period.end) - startIndex + 1;
    if (startIndex + days > length) return periods;
    if (startIndex > 0) periods.push({ startIndex, days });
    period = periodContaining(addDays(period.end, 1), anchorDay);
  }
}

export interface PeriodReplay {
  actual: number;
  method: number;
  p10: number;
  p90: number;
  linear: number;
  seasonalNaive: number;
}

/** Each period projected after `observed` of its days, with the baselines, against its actual total. */
export function replayPeriods(values: readonly number[], periods: readonly SeriesPeriod[], observed: number): PeriodReplay[] {
  return periods
    .filter((p) => observed < p.days)
    .map(({ startIndex, days }) => {
      const history = values.slice(0, startIndex + observed);
      const periodValues = values.slice(startIndex, startIndex + days);
      const seen = periodValues.slice(0, observed);
      const seenTotal = seen.reduce((a, b) => a + b, 0);
      const pastPeriods = periods.filter((p) => p.startIndex + p.days <= startIndex);
      const projection = projectPeriodTotal({ history, observedDays: observed, periodDays: days, pastPeriods });
      return {
        actual: periodValues.reduce((a, b) => a + b, 0),
        method: projection.central,
        p10: projection.p10,
        p90: projection.p90,
        linear: straightLinePace(seen, days),
        seasonalNaive: seenTotal + seasonalNaive(history, days - observed).reduce((a, b) => a + b, 0),
      };
    });
}

export interface ReplaySummary {
  periods: number;
  /** Mean of |projected − actual| ÷ actual, over periods with usage; null without any. */
  meanAbsolutePercentageError: { method: number | null; linear: number | null; seasonalNaive: number | null };
  /** Share of actual totals inside P10–P90; null without periods. */
  rangeCoverage: number | null;
}

export function summarizeReplays(replays: readonly PeriodReplay[]): ReplaySummary {
  const counted = replays.filter((r) => r.actual > 0);
  const mape = (pick: (r: PeriodReplay) => number) =>
    counted.length ? counted.reduce((sum, r) => sum + Math.abs(pick(r) - r.actual) / r.actual, 0) / counted.length : null;
  return {
    periods: replays.length,
    meanAbsolutePercentageError: {
      method: mape((r) => r.method),
      linear: mape((r) => r.linear),
      seasonalNaive: mape((r) => r.seasonalNaive),
    },
    rangeCoverage: replays.length
      ? replays.filter((r) => r.actual >= r.p10 - 1e-9 && r.actual <= r.p90 + 1e-9).length / replays.length
      : null,
  };
}
