// What the Projected invoice card says in words: how good the projection has been (beside a
// straight line) and, in a filtered view, which areas it covers.
import { listNames } from "@/lib/workspaces/view-name";
import type { ProjectionResponse } from "@/lib/projection/projection-response";
import type { DashboardProductArea } from "./types";

const percent = (fraction: number) => `${(fraction * 100).toFixed(1)} %`;

/**
 * "At day 14 of the last 6 periods, projections were off by 2.1 % on average; a straight line was
 * off by 3.4 %; 5 of 6 ended inside their range." Workspaces combined may be at different days of
 * their periods, so their line names no day.
 */
export function accuracyLine(accuracy: ProjectionResponse["accuracy"], { combined = false } = {}): string {
  if (!accuracy) return "No earlier period to measure this projection's accuracy against yet.";
  const { periods, daysSeen, meanAbsolutePercentageError, straightLineMeanAbsolutePercentageError: line, rangeCoverage } = accuracy;
  const when = combined ? "At this point" : `At day ${daysSeen + 1}`;
  const which = periods === 1 ? "the last period" : `the last ${periods} periods`;
  const inside = Math.round(rangeCoverage * periods);
  return [
    `${when} of ${which}, projections were off by ${percent(meanAbsolutePercentageError)}${periods === 1 ? "" : " on average"}`,
    ...(line === null ? [] : [`a straight line was off by ${percent(line)}`]),
    `${inside} of ${periods} ended inside ${periods === 1 ? "its" : "their"} range.`,
  ].join("; ");
}

/**
 * "Realtime only", "Builds and Realtime only": the areas a filtered view projects, by display name
 * in the page's order; null when it projects every area (the whole invoice).
 */
export function projectedAreas(selected: readonly string[], productAreas: readonly DashboardProductArea[]): string | null {
  const names = productAreas.filter((area) => selected.includes(area.key)).map((area) => area.displayName);
  if (names.length === 0 || names.length === productAreas.length) return null;
  return `${listNames(names)} only`;
}
