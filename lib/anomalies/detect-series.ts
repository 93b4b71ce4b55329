// The series detector: spikes, drops, level shifts and gaps in one product area's daily usage.
// Pure and deterministic (plain numbers, no I/O): the detection job runs it per workspace × product
// area, `npm run eval:anomalies` runs it on labelled series. The method is docs/anomalies.md.
import { addDays } from "@/lib/periods/calendar-date";
import type { DailySeries, SeriesFinding, Severity } from "./finding";

export const DETECTOR_VERSION = "seasonal-mad-2";

/** The trailing window for the reporting share and the usual events. */
const HISTORY_DAYS = 28;
/**
 * Days of usage before a day can be judged (the days before the first usage are not history): a
 * baseline from day 14, then four weeks of residuals for the spread, which at two weeks was too
 * unsteady and flagged noise.
 */
const JUDGE_FROM = 42;
/** Same-weekday ratios the baseline takes the median of. */
const WEEKS = 8;
/**
 * A day this many robust sds above its baseline is a spike, this many below a drop. The residual
 * is observed ÷ expected − 1, whose upper tail is the heavier (the baseline's own error divides
 * it), so a rise must be larger to mean as much as a fall.
 */
const SPIKE_Z = 4;
const DROP_Z = 3.5;
/** Days this many robust sds off, of one sign, form a run that may become a level shift. */
const RUN_Z = 1;
/** A run of at least this many days whose mean is at least SHIFT_Z robust sds is a level shift. */
const SHIFT_DAYS = 5;
const SHIFT_Z = 2.5;
/** A run that grows this long without becoming a level shift is let into the baseline. */
const MAX_RUN = 14;
/** The spread is measured on up to this many trailing days (28 residuals made it too jumpy). */
const SPREAD_DAYS = 56;
/** 1.4826 × MAD estimates a standard deviation; the spread never goes below 0.02 (2 % of the baseline). */
const MAD_SCALE = 1.4826;
const SPREAD_FLOOR = 0.02;
/** An area reports every day when this share of its trailing 28 days had events… */
const REPORTING_SHARE = 0.9;
/** …and a day with under this share of its median events is a gap. */
const GAP_EVENTS_SHARE = 0.1;

export function severityOf(score: number): Severity {
  return score >= 12 ? "high" : score >= 6 ? "medium" : "low";
}

/** Gaps are certain whatever the noise: their severity comes from their length. */
export function gapSeverity(days: number): Severity {
  return days >= 4 ? "high" : days >= 2 ? "medium" : "low";
}

/** A day's deviation from its baseline, as a share of it. */
const deviation = (value: number, baseline: number) => value / baseline - 1;

/** Median of buffer[0..count), sorting that part in place (insertion sort: the windows are small). */
function smallMedian(buffer: number[], count: number): number {
  for (let i = 1; i < count; i++) {
    const x = buffer[i]!;
    let j = i - 1;
    while (j >= 0 && buffer[j]! > x) {
      buffer[j + 1] = buffer[j]!;
      j--;
    }
    buffer[j + 1] = x;
  }
  const middle = count >> 1;
  return count % 2 ? buffer[middle]! : (buffer[middle - 1]! + buffer[middle]!) / 2;
}

export function detectSeries(series: DailySeries, options: { from?: string } = {}): SeriesFinding[] {
  const { values, events } = series;
  const n = values.length;
  let first = 0;
  while (first < n && values[first] === 0 && events[first] === 0) first++;
  if (n - first <= JUDGE_FROM) return [];

  // clean: the series with anomalous days replaced by their baseline (what later baselines see).
  const clean = new Float64Array(n);
  // ratio: a day's clean value ÷ the mean of the 7 clean days before it (its weekday share).
  const ratio = new Float64Array(n).fill(NaN);
  const expected = new Float64Array(n).fill(NaN);
  // residual: value ÷ expected − 1 of days judged normal (the spread is measured on these).
  const residual = new Float64Array(n).fill(NaN);
  const z = new Float64Array(n);
  const gap = new Uint8Array(n);
  const buffer: number[] = new Array(SPREAD_DAYS).fill(0);
  const found: SeriesFinding[] = [];
  let spread = SPREAD_FLOOR;
  let medianEvents = 0;
  let runStart = -1;
  let runSign = 0;
  let gapStart = -1;

  const weekMean = (i: number) => {
    let total = 0;
    for (let j = i - 7; j < i; j++) total += clean[j]!;
    return total / 7;
  };
  const setRatio = (i: number) => {
    if (i - first < 7) return;
    const mean = weekMean(i);
    ratio[i] = mean > 0 ? clean[i]! / mean : NaN;
  };
  const report = (kind: SeriesFinding["kind"], start: number, end: number, score: number, severity: Severity) => {
    let expectedSum = 0;
    let observed = 0;
    for (let j = start; j <= end; j++) {
      expectedSum += expected[j]!;
      observed += values[j]!;
    }
    found.push({
      kind,
      severity,
      startDate: addDays(series.start, start),
      endDate: addDays(series.start, end),
      expected: expectedSum,
      observed,
      score,
    });
  };
  const closeGap = (end: number) => {
    if (gapStart < 0) return;
    let total = 0;
    for (let j = gapStart; j <= end; j++) total += Math.abs(z[j]!);
    report("gap", gapStart, end, total / (end - gapStart + 1), gapSeverity(end - gapStart + 1));
    gapStart = -1;
  };
  // A run that did not become a level shift: its days past SPIKE_Z (DROP_Z) are spikes (drops) (consecutive
  // ones merged), the others go back into the baseline.
  const closeRun = (end: number) => {
    if (runStart < 0) return;
    let spikeStart = -1;
    let peak = 0;
    for (let j = runStart; j <= end + 1; j++) {
      const anomalous = j <= end && Math.abs(z[j]!) >= (runSign > 0 ? SPIKE_Z : DROP_Z);
      if (anomalous) {
        if (spikeStart < 0) spikeStart = j;
        peak = Math.max(peak, Math.abs(z[j]!));
      } else {
        if (spikeStart >= 0) report(runSign > 0 ? "spike" : "drop", spikeStart, j - 1, peak, severityOf(peak));
        spikeStart = -1;
        peak = 0;
        if (j <= end) {
          clean[j] = values[j]!;
          residual[j] = deviation(values[j]!, expected[j]!);
        }
      }
    }
    for (let j = runStart; j <= end; j++) setRatio(j);
    runStart = -1;
  };

  for (let i = first; i < n; i++) {
    const value = values[i]!;
    clean[i] = value;
    const age = i - first;
    if (age >= 14) {
      let count = 0;
      for (let j = i - 7; j - first >= 7 && count < WEEKS; j -= 7) if (!Number.isNaN(ratio[j]!)) buffer[count++] = ratio[j]!;
      if (count) expected[i] = weekMean(i) * smallMedian(buffer, count);
    }
    const baseline = expected[i]!;
    if (age < JUDGE_FROM) {
      if (baseline > 0) residual[i] = deviation(value, baseline);
      setRatio(i);
      continue;
    }
    if ((age - JUDGE_FROM) % 7 === 0) {
      // Weekly: the spread (1.4826 × median absolute residual, up to 56 days) and the usual events (28 days).
      let count = 0;
      for (let j = Math.max(first, i - SPREAD_DAYS); j < i; j++) if (!Number.isNaN(residual[j]!)) buffer[count++] = Math.abs(residual[j]!);
      spread = Math.max(SPREAD_FLOOR, count ? MAD_SCALE * smallMedian(buffer, count) : 0);
      count = 0;
      for (let j = i - HISTORY_DAYS; j < i; j++) if (!gap[j] && events[j]! > 0) buffer[count++] = events[j]!;
      medianEvents = count ? smallMedian(buffer, count) : 0;
    }
    let reporting = 0;
    for (let j = i - HISTORY_DAYS; j < i; j++) if (gap[j] || events[j]! > 0) reporting++;
    if (reporting >= REPORTING_SHARE * HISTORY_DAYS && events[i]! < GAP_EVENTS_SHARE * medianEvents) {
      closeRun(i - 1);
      gap[i] = 1;
      if (gapStart < 0) gapStart = i;
      z[i] = baseline > 0 ? deviation(value, baseline) / spread : 0;
      if (baseline > 0) clean[i] = baseline;
      setRatio(i);
      continue;
    }
    closeGap(i - 1);
    if (!(baseline > 0)) {
      // No baseline to compare with (a weekday that is normally empty): not judged.
      closeRun(i - 1);
      setRatio(i);
      continue;
    }
    z[i] = deviation(value, baseline) / spread;
    const sign = z[i]! > 0 ? 1 : -1;
    if (runStart >= 0 && !(Math.abs(z[i]!) >= RUN_Z && sign === runSign)) closeRun(i - 1);
    if (Math.abs(z[i]!) < RUN_Z) {
      residual[i] = deviation(value, baseline);
      setRatio(i);
      continue;
    }
    if (runStart < 0) {
      runStart = i;
      runSign = sign;
    }
    // In a run: out of the baseline until the run is decided.
    clean[i] = baseline;
    setRatio(i);
    const length = i - runStart + 1;
    if (length >= SHIFT_DAYS) {
      let total = 0;
      let expectedSum = 0;
      let observed = 0;
      for (let j = runStart; j <= i; j++) {
        total += Math.abs(z[j]!);
        expectedSum += expected[j]!;
        observed += values[j]!;
      }
      const score = total / length;
      if (score >= SHIFT_Z) {
        report("level_shift", runStart, i, score, severityOf(score));
        // The new level becomes the baseline: the week before the run is rescaled to it.
        const factor = observed / expectedSum;
        for (let j = Math.max(first, i - 13); j < runStart; j++) clean[j] = clean[j]! * factor;
        for (let j = runStart; j <= i; j++) clean[j] = values[j]!;
        for (let j = runStart; j <= i; j++) setRatio(j);
        runStart = -1;
        continue;
      }
    }
    if (length >= MAX_RUN) closeRun(i);
  }
  closeRun(n - 1);
  closeGap(n - 1);
  const from = options.from;
  return (from ? found.filter((f) => f.endDate >= from) : found).sort((a, b) =>
    a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0,
  );
}
