import { describe, expect, it } from "vitest";
import { accuracyLine, projectedAreas } from "@/components/billing/projection-wording";
import { Exact } from "@/lib/pricing/money";
import { accuracyOf } from "@/lib/projection/projection-totals";

const amounts = (...values: number[]) => values.map((v) => new Exact(v));

/** One workspace's earlier period, its areas' priced figures side by side. */
const period = (figures: { actual: number[]; central: number[]; p10: number[]; p90: number[]; straightLine: number[] }) => ({
  actual: amounts(...figures.actual),
  central: amounts(...figures.central),
  p10: amounts(...figures.p10),
  p90: amounts(...figures.p90),
  straightLine: amounts(...figures.straightLine),
});

describe("the accuracy of the projection beside a straight line's", () => {
  const replays = [
    // Areas summed: actual 150, projected 150 (0 % off), a straight line 180 (20 % off), inside 130–180.
    period({ actual: [100, 50], central: [110, 40], p10: [90, 40], p90: [120, 60], straightLine: [120, 60] }),
    // Actual 200, projected 180 (10 % off), a straight line 260 (30 % off), outside 205–250.
    period({ actual: [200], central: [180], p10: [205], p90: [250], straightLine: [260] }),
    // No usage: no error to measure, left out.
    period({ actual: [0], central: [10], p10: [5], p90: [20], straightLine: [0] }),
  ];

  it("is the mean error of the invoice totals over the same periods, with the days seen", () => {
    expect(accuracyOf(replays, 13)).toEqual({
      periods: 2,
      daysSeen: 13,
      meanAbsolutePercentageError: 0.05,
      straightLineMeanAbsolutePercentageError: 0.25,
      rangeCoverage: 0.5,
    });
  });

  it("has no straight line on a period's first day, and nothing without a period with usage", () => {
    expect(accuracyOf(replays, 0)).toMatchObject({
      daysSeen: 0,
      meanAbsolutePercentageError: 0.05,
      straightLineMeanAbsolutePercentageError: null,
    });
    expect(accuracyOf([replays[2]!], 13)).toBeNull();
    expect(accuracyOf([], 13)).toBeNull();
  });
});

describe("the card's accuracy line", () => {
  const accuracy = {
    periods: 6,
    daysSeen: 13,
    meanAbsolutePercentageError: 0.021,
    straightLineMeanAbsolutePercentageError: 0.034,
    rangeCoverage: 0.8333,
  };

  it("names the day of the period, the method's error, the straight line's and the range's hits", () => {
    expect(accuracyLine(accuracy)).toBe(
      "At day 14 of the last 6 periods, projections were off by 2.1 % on average; a straight line was off by 3.4 %; 5 of 6 ended inside their range.",
    );
  });

  it("names no day when workspaces are combined, and no straight line on a period's first day", () => {
    expect(accuracyLine(accuracy, { combined: true })).toMatch(/^At this point of the last 6 periods, /);
    expect(accuracyLine({ ...accuracy, daysSeen: 0, straightLineMeanAbsolutePercentageError: null })).toBe(
      "At day 1 of the last 6 periods, projections were off by 2.1 % on average; 5 of 6 ended inside their range.",
    );
  });

  it("reads right for one period, and says when there is none", () => {
    expect(accuracyLine({ ...accuracy, periods: 1, rangeCoverage: 0 })).toBe(
      "At day 14 of the last period, projections were off by 2.1 %; a straight line was off by 3.4 %; 0 of 1 ended inside its range.",
    );
    expect(accuracyLine(null)).toBe("No earlier period to measure this projection's accuracy against yet.");
  });
});

describe("the areas a filtered projection covers", () => {
  // The page lists areas by display name.
  const areas = [
    { key: "builds", displayName: "Builds", unit: "build-minutes" },
    { key: "compute", displayName: "Compute", unit: "vCPU-hours" },
    { key: "realtime", displayName: "Realtime", unit: "connection-minutes" },
  ];

  it("are named in the page's order, whatever order they were picked in", () => {
    expect(projectedAreas(["realtime"], areas)).toBe("Realtime only");
    expect(projectedAreas(["realtime", "builds"], areas)).toBe("Builds and Realtime only");
    expect(projectedAreas(["realtime", "builds", "unknown"], areas)).toBe("Builds and Realtime only");
  });

  it("are not named when the view has every area: that is the whole invoice", () => {
    expect(projectedAreas([], areas)).toBeNull();
    expect(projectedAreas(["compute", "builds", "realtime"], areas)).toBeNull();
  });
});
