// The series detector: spikes, drops, level shifts and gaps in one product area's daily usage.
// Pure and deterministic (plain numbers, no I/O): the detection job runs it per workspace × product
// area, `npm run eval:anomalies` runs it on labelled series. The method is docs/anomalies.md.
import { addDays, daysBetween } from "@/lib/periods/calendar-date";
import type { DailySeries, SeriesFinding, Severity } from "./finding";
import { baselineScale, smallSampleWidening } from "./young-band";

export const DETECTOR_VERSION = "seasonal-mad-3";

/** The trailing window for the reporting share and the usual events. */
const HISTORY_DAYS = 28;
/**
 * Days of usage before a day is judged by the long rule (the days before the first usage are not
 * history): a baseline from day 14, then four weeks of residuals for the spread, which at two
 * weeks was too unsteady and flagged noise.
 */
const JUDGE_FROM = 42;
/**
 * The days before that are young. The 8th day of usage is the first with a baseline (the first
 * week's weekday shares); from there young days are judged with a widened band (`widening`).
 */
const YOUNG_FROM = 7;
/** Residuals behind the long rule's first spread (days 15–42 of usage): its smallest sample. */
const LONG_RESIDUALS = JUDGE_FROM - 14;
/** Weeks' shares a young baseline needs before a day found anomalous is replaced by it in history. */
const TRUSTED_SHARES = 3;
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

const widening = smallSampleWidening(SPIKE_Z, LONG_RESIDUALS);

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
  const n = series.values.length;
  let first = 0;
  while (first < n && series.values[first] === 0 && series.events[first] === 0) first++;
  // A slice of a longer history has no young days: its first six weeks only build the baseline.
  const young = series.usedBefore ? [] : judge(series, first, "young");
  const found = joinAcross(young, judge(series, first, "long"), addDays(series.start, first + JUDGE_FROM));
  const from = options.from;
  return (from ? found.filter((f) => f.endDate >= from) : found).sort((a, b) =>
    a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0,
  );
}

/**
 * A young finding that runs up to the long rule's first day and a long one of the same kind that
 * starts on it are one anomaly.
 */
function joinAcross(young: SeriesFinding[], long: SeriesFinding[], boundary: string): SeriesFinding[] {
  const joined = [...young];
  const days = (f: SeriesFinding) => daysBetween(f.startDate, f.endDate) + 1;
  for (const f of long) {
    const at = f.startDate === boundary ? joined.findIndex((y) => y.kind === f.kind && y.endDate === addDays(boundary, -1)) : -1;
    if (at < 0) {
      joined.push(f);
      continue;
    }
    const y = joined[at]!;
    const length = days(y) + days(f);
    const peak = f.kind === "spike" || f.kind === "drop";
    const score = peak ? Math.max(y.score, f.score) : (y.score * days(y) + f.score * days(f)) / length;
    joined[at] = {
      ...y,
      endDate: f.endDate,
      expected: y.expected + f.expected,
      observed: y.observed + f.observed,
      score,
      severity: f.kind === "gap" ? gapSeverity(length) : severityOf(score),
    };
  }
  return joined;
}

/**
 * One pass over a series' days with a history of its own: "young" judges days 8–42 of usage,
 * "long" the days after, exactly as before young days were judged. Separate histories, so that a
 * young finding (on a wide band, less certain) never changes what the long rule sees.
 */
function judge(series: DailySeries, first: number, pass: "young" | "long"): SeriesFinding[] {
  const { values, events } = series;
  const young = pass === "young";
  const judgeFrom = young ? YOUNG_FROM : JUDGE_FROM;
  const n = young ? Math.min(values.length, first + JUDGE_FROM) : values.length;
  if (n - first <= judgeFrom) return [];

  // clean: the series with anomalous days replaced by their baseline (what later baselines see;
  // young, only where that baseline can be trusted: `replaceable`).
  const clean = new Float64Array(n);
  // ratio: a day's clean value ÷ the level of the 7 clean days before it (its weekday share).
  const ratio = new Float64Array(n).fill(NaN);
  const expected = new Float64Array(n).fill(NaN);
  // residual: value ÷ expected − 1 of days judged normal (the spread is measured on these).
  const residual = new Float64Array(n).fill(NaN);
  const z = new Float64Array(n);
  // scale: a young residual's spread relative to the day's noise (baselineScale); 1 in the long pass.
  const scale = new Float64Array(n).fill(1);
  const gap = new Uint8Array(n);
  const buffer: number[] = new Array(SPREAD_DAYS).fill(0);
  const week: number[] = new Array(7).fill(0);
  // shares: how many weeks' shares a day's baseline took the median of; dropped: days whose share
  // no baseline may use.
  const shares = new Uint8Array(n);
  const dropped = new Uint8Array(n);
  // A young baseline on fewer than three weeks' shares may itself be the odd one (no day of the
  // first week could be judged), so a day found anomalous against it does not put that baseline
  // into history: the day stays as observed (the young level ignores one odd day) and its share
  // and the shares behind its baseline are dropped, as no one can tell which of them was odd.
  // From three weeks on, one odd week cannot move the median, and the day is replaced as ever.
  const replaceable = (i: number) => !young || shares[i]! >= TRUSTED_SHARES;
  /** Drops day i's share, and with `behind` the same weekday's earlier ones (its baseline's). */
  const dropShares = (i: number, behind: boolean) => {
    for (let j = i; j >= (behind ? first : i); j -= 7) {
      dropped[j] = 1;
      ratio[j] = NaN;
    }
  };
  const found: SeriesFinding[] = [];
  let spread = SPREAD_FLOOR;
  let medianEvents = 0;
  let runStart = -1;
  let runSign = 0;
  let gapStart = -1;

  // The level: the mean of the 7 clean days before i; young, of the middle five of them, so that
  // one odd day (kept as observed, above) moves no other day's baseline.
  const level = (i: number) => {
    if (young) {
      for (let j = 0; j < 7; j++) week[j] = clean[i - 7 + j]!;
      smallMedian(week, 7);
      return (week[1]! + week[2]! + week[3]! + week[4]! + week[5]!) / 5;
    }
    let total = 0;
    for (let j = i - 7; j < i; j++) total += clean[j]!;
    return total / 7;
  };
  const setRatio = (i: number) => {
    if (i - first < 7 || dropped[i]) return;
    const mean = level(i);
    ratio[i] = mean > 0 ? clean[i]! / mean : NaN;
  };
  // The first week has no week before it: its days' shares are of its own level. Young baselines
  // take them with the later weeks' (the long rule, as ever, only those from day 8 on).
  const firstWeekShares = () => {
    const mean = level(first + 7);
    for (let j = first; j < first + 7; j++) ratio[j] = mean > 0 ? clean[j]! / mean : NaN;
  };
  /** 1.4826 × the median absolute residual of days [from, i) (young, in their baselines' units), not below the floor, and how many. */
  const measuredSpread = (from: number, i: number) => {
    let count = 0;
    for (let j = from; j < i; j++) if (!Number.isNaN(residual[j]!)) buffer[count++] = Math.abs(residual[j]!) / scale[j]!;
    return { spread: Math.max(SPREAD_FLOOR, count ? MAD_SCALE * smallMedian(buffer, count) : 0), count };
  };
  const usualEvents = (i: number) => {
    let count = 0;
    for (let j = Math.max(first, i - HISTORY_DAYS); j < i; j++) if (!gap[j] && events[j]! > 0) buffer[count++] = events[j]!;
    return count ? smallMedian(buffer, count) : 0;
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
        if (!replaceable(j)) dropShares(j, true);
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
      // Young, the first week's share too (day 1–7 of usage, j - first ≥ 0).
      for (let j = i - 7; j - first >= (young ? 0 : 7) && count < WEEKS; j -= 7) if (!Number.isNaN(ratio[j]!)) buffer[count++] = ratio[j]!;
      if (count) expected[i] = level(i) * smallMedian(buffer, count);
      if (young) scale[i] = baselineScale(count);
      shares[i] = count;
    } else if (young && age >= YOUNG_FROM) {
      if (age === YOUNG_FROM) firstWeekShares();
      expected[i] = level(i) * ratio[i - 7]!;
      scale[i] = baselineScale(1);
      shares[i] = 1;
    }
    const baseline = expected[i]!;
    if (age < judgeFrom) {
      if (baseline > 0) residual[i] = deviation(value, baseline);
      setRatio(i);
      continue;
    }
    if (young) {
      // Daily: the spread of every residual so far, widened for how few they are, in this day's
      // baseline's units; the usual events so far.
      const measured = measuredSpread(first, i);
      spread = measured.spread * widening(measured.count) * scale[i]!;
      medianEvents = usualEvents(i);
    } else if ((age - JUDGE_FROM) % 7 === 0) {
      // Weekly: the spread (1.4826 × median absolute residual, up to 56 days) and the usual events (28 days).
      spread = measuredSpread(Math.max(first, i - SPREAD_DAYS), i).spread;
      medianEvents = usualEvents(i);
    }
    // The share of the trailing 28 days with events (of the days of usage so far, when fewer).
    const window = Math.min(HISTORY_DAYS, age);
    let reporting = 0;
    for (let j = i - window; j < i; j++) if (gap[j] || events[j]! > 0) reporting++;
    if (reporting >= REPORTING_SHARE * window && events[i]! < GAP_EVENTS_SHARE * medianEvents) {
      closeRun(i - 1);
      gap[i] = 1;
      if (gapStart < 0) gapStart = i;
      z[i] = baseline > 0 ? deviation(value, baseline) / spread : 0;
      if (baseline > 0) clean[i] = baseline;
      // A gap is certain, and its baseline better than nothing; a young one's share is not kept.
      if (!replaceable(i)) dropShares(i, false);
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
    // In a run: out of the baseline until the run is decided (young, only if it can be trusted).
    if (replaceable(i)) clean[i] = baseline;
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
        if (replaceable(i)) for (let j = Math.max(first, i - 13); j < runStart; j++) clean[j] = clean[j]! * factor;
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
  return found;
}
