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
  const values = [...history];
  const replaced: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(adjusted[i]!) || !(expected[i]! > 0)) continue;
    const ratio = ratios[i]!;
    // A day at zero among busy neighbours is an outage.
    if (Number.isNaN(ratio) ? adjusted[i] === 0 : Math.abs(ratio) > cutoff) {
      values[i] = expected[i]! * profile[i % 7]!;
      replaced.push(i);
    }
  }
  return { values, replaced };
}
