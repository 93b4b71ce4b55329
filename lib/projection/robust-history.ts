// Days so far from their neighbours that they say nothing about the level (a spike, an outage)
// are replaced by what the neighbours expect before anything is fitted: a two-day 10× spike must
// not be carried through the rest of the period. A shift that lasts becomes the neighbours' level
// within days, so it is followed, not removed.
import { weekdayProfile } from "./forecast";
import { median } from "./stats";

/** Days on each side a day is compared with. */
const NEIGHBOURS = 7;
/** Robust standard deviations (MAD × 1.4826) of the log ratio beyond which a day is replaced. */
const CUTOFF_SD = 5;
/** And never for a day within this factor of its neighbours: ordinary noise is left alone. */
const MIN_FACTOR = 1.5;
/** The history's last days, off in the same direction this many days running, are a new level, not an outlier. */
const SHIFT_DAYS = 3;

export interface CleanedHistory {
  values: number[];
  /** Indexes of the days replaced. */
  replaced: number[];
}

export function withoutOutliers(history: readonly number[], profile = weekdayProfile(history)): CleanedHistory {
  const n = history.length;
  const adjusted = history.map((x, i) => (profile[i % 7]! > 0 ? x / profile[i % 7]! : Number.NaN));
  const expected = adjusted.map((_, i) => {
    const window = adjusted.slice(Math.max(0, i - NEIGHBOURS), Math.min(n, i + NEIGHBOURS + 1)).filter((x) => !Number.isNaN(x));
    return median(window);
  });
  const ratios = adjusted.map((x, i) => (x > 0 && expected[i]! > 0 ? Math.log(x / expected[i]!) : Number.NaN));
  const finite = ratios.filter((r) => Number.isFinite(r));
  const scale = 1.4826 * median(finite.map(Math.abs));
  const cutoff = Math.max(CUTOFF_SD * scale, Math.log(MIN_FACTOR));
  const direction = adjusted.map((x, i) => {
    if (Number.isNaN(x) || !(expected[i]! > 0)) return 0;
    const ratio = ratios[i]!;
    // A day at zero among busy neighbours is an outage.
    if (Number.isNaN(ratio)) return x === 0 ? -1 : 0;
    return Math.abs(ratio) > cutoff ? Math.sign(ratio) : 0;
  });
  // A shift at the end: the last days all off in the same direction from the fortnight before
  // them. The days that began it are not outliers either.
  const shift = recentShift(adjusted, cutoff);
  if (shift !== 0) for (let i = Math.max(0, n - 2 * NEIGHBOURS); i < n; i++) if (direction[i] === shift) direction[i] = 0;
  const values = [...history];
  const replaced: number[] = [];
  for (let i = 0; i < n; i++) {
    if (direction[i] === 0) continue;
    values[i] = expected[i]! * profile[i % 7]!;
    replaced.push(i);
  }
  return { values, replaced };
}

function recentShift(adjusted: readonly number[], cutoff: number): number {
  const n = adjusted.length;
  if (n < SHIFT_DAYS + NEIGHBOURS) return 0;
  const last = adjusted.slice(n - SHIFT_DAYS);
  const before = median(adjusted.slice(Math.max(0, n - SHIFT_DAYS - 2 * NEIGHBOURS), n - SHIFT_DAYS).filter((x) => !Number.isNaN(x)));
  if (!(before > 0) || last.some((x) => Number.isNaN(x))) return 0;
  if (Math.min(...last) > before * Math.exp(cutoff)) return 1;
  if (Math.max(...last) < before * Math.exp(-cutoff)) return -1;
  return 0;
}
