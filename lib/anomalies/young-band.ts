// How the detector's band grows for a young series (its first six weeks of usage), from how few
// days its spread and its baseline were estimated on (docs/anomalies.md, "Young series").
import { studentQuantile, studentTail } from "./student-t";

/**
 * The factor a young day's spread is widened by, per number of residuals it was measured on: as
 * much as keeps the long rule's chance of calling ordinary noise past `threshold`. With a spread
 * measured on m residuals a normal day's score is a Student t with m degrees of freedom (the
 * residuals are errors of a baseline they did not make, so none is spent on a centre); the long
 * rule judges at `threshold` with `reference` of them, so the band is the t quantile for m with the
 * same tail probability, over `threshold`. 1 from `reference` on; with none, nothing is unusual.
 */
export function smallSampleWidening(threshold: number, reference: number): (residuals: number) => number {
  const tail = studentTail(threshold, reference);
  const table = Array.from({ length: reference + 1 }, (_, m) => (m === 0 ? Infinity : Math.max(1, studentQuantile(tail, m) / threshold)));
  return (residuals) => table[Math.min(residuals, reference)]!;
}

/**
 * A young residual's spread relative to the day's own noise, by how many weeks' shares its
 * baseline took the median of: each share carries the noise of a day and of a week's level
 * (1 + 1/7), k of them 1/k of that, and the day's own level 1/7 more. Young residuals are measured
 * in these units, so that the second week's (one share) neither widen the fifth week's band nor
 * have the fifth week's narrow theirs.
 */
export const baselineScale = (shares: number) => Math.sqrt(1 + (1 + 1 / 7) / shares + 1 / 7);
