import { describe, expect, it } from "vitest";
import { completePeriods, replayPeriods, summarizeReplays } from "@/lib/projection/backtest";
import { forecastDaily, seasonalNaive, straightLinePace, weekdayProfile } from "@/lib/projection/forecast";
import { projectPeriodTotal } from "@/lib/projection/period-total";

const weekly = [100, 120, 120, 120, 120, 40, 40]; // five busy days, a quiet weekend
const repeat = (pattern: number[], days: number) => Array.from({ length: days }, (_, i) => pattern[i % pattern.length]!);

describe("the daily forecast", () => {
  it("continues a steady weekly rhythm exactly", () => {
    const history = repeat(weekly, 70);
    const { days, method } = forecastDaily(history, 14);
    expect(method).toBe("weekday-profile-damped-trend");
    days.forEach((value, h) => expect(value).toBeCloseTo(weekly[(70 + h) % 7]!, 6));
  });

  it("reads the weekday profile as shares of an average day, unmoved by one spike", () => {
    const history = repeat(weekly, 56);
    history[50] = 100_000;
    const profile = weekdayProfile(history);
    const average = weekly.reduce((a, b) => a + b, 0) / 7;
    profile.forEach((share, slot) => expect(share).toBeCloseTo(weekly[slot]! / average, 6));
  });

  it("follows a trend, but lets it fade rather than compound", () => {
    const history = Array.from({ length: 84 }, (_, i) => 1000 + 10 * i);
    const { days } = forecastDaily(history, 60);
    expect(days[0]!).toBeGreaterThan(history.at(-1)!);
    // Damped: far ahead grows by less than the last day-to-day step.
    expect(days[59]! - days[58]!).toBeLessThan(1);
  });

  it("carries the recent mean with under two weeks of history, and zero with none", () => {
    expect(forecastDaily([10, 20, 30], 2)).toEqual({ days: [20, 20], method: "recent-mean" });
    expect(forecastDaily([], 3)).toEqual({ days: [0, 0, 0], method: "none" });
  });

  it("has two baselines: straight-line pace and the same weekday a week earlier", () => {
    expect(straightLinePace([10, 20, 30], 30)).toBe(600);
    expect(seasonalNaive([1, 2, 3, 4, 5, 6, 7], 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 1, 2]);
  });
});

describe("a period's projected total", () => {
  it("is the days seen plus the forecast of the rest, with a range around it", () => {
    const history = repeat(weekly, 120).map((v, i) => v * (1 + 0.05 * Math.sin(i * 1.7)));
    const total = projectPeriodTotal({ history, observedDays: 10, periodDays: 30 });
    const seen = history.slice(-10).reduce((a, b) => a + b, 0);
    expect(total.central).toBeGreaterThan(seen);
    expect(total.p10).toBeLessThanOrEqual(total.central);
    expect(total.p90).toBeGreaterThanOrEqual(total.central);
    expect(total.defaultRange).toBe(false);
  });

  it("is the actual total, with no range, once every day is in", () => {
    const history = repeat(weekly, 60);
    const actual = history.slice(-30).reduce((a, b) => a + b, 0);
    expect(projectPeriodTotal({ history, observedDays: 30, periodDays: 30 })).toMatchObject({ central: actual, p10: actual, p90: actual });
  });

  it("falls back to a wide default range with little history, and says so", () => {
    const total = projectPeriodTotal({ history: [50, 60, 55], observedDays: 3, periodDays: 31 });
    expect(total.defaultRange).toBe(true);
    expect(total.method).toBe("recent-mean");
    expect(total.p90 / total.p10).toBeGreaterThan(1.5);
  });

  it("counts the day in progress at least as far as it has got", () => {
    const history = repeat([100], 60);
    const plain = projectPeriodTotal({ history, observedDays: 5, periodDays: 30 });
    const busy = projectPeriodTotal({ history, observedDays: 5, periodDays: 30, partialToday: 400 });
    expect(busy.central - plain.central).toBeCloseTo(300, 6);
  });

  it("treats the days before a series' first usage as no history, not as zeros to learn from", () => {
    const usage = repeat(weekly, 120);
    const padded = projectPeriodTotal({ history: [...new Array<number>(280).fill(0), ...usage], observedDays: 1, periodDays: 31 });
    const plain = projectPeriodTotal({ history: usage, observedDays: 1, periodDays: 31 });
    expect(padded).toEqual(plain);
    expect(padded.p90 / padded.central).toBeLessThan(1.2);
  });

  it("learns what recurs late in each period from the periods before", () => {
    // Three days of ten times the usual usage at the end of every 30-day period.
    const history = Array.from({ length: 30 * 6 + 10 }, (_, i) => (i % 30 >= 27 ? 1000 : 100));
    const pastPeriods = Array.from({ length: 6 }, (_, n) => ({ startIndex: 30 * n, days: 30 }));
    const actual = 10 * 100 + 17 * 100 + 3 * 1000;
    const naive = projectPeriodTotal({ history, observedDays: 10, periodDays: 30 });
    const learned = projectPeriodTotal({ history, observedDays: 10, periodDays: 30, pastPeriods });
    // The first period is too early to replay from its 10th day (under two weeks of history).
    expect(learned.calibrationPeriods).toBe(5);
    expect(Math.abs(learned.central - actual)).toBeLessThan(Math.abs(naive.central - actual) / 2);
  });
});

describe("replaying past periods", () => {
  it("lists the complete billing periods after the first, for any anchor day", () => {
    expect(completePeriods("2026-01-01", 90, 1)).toEqual([
      { startIndex: 31, days: 28 },
      { startIndex: 59, days: 31 },
    ]);
    expect(completePeriods("2026-01-01", 90, 15)).toEqual([
      { startIndex: 14, days: 31 },
      { startIndex: 45, days: 28 },
    ]);
  });

  it("scores the method, the baselines and the range against actual totals", () => {
    const values = repeat(weekly, 200);
    const summary = summarizeReplays(replayPeriods(values, completePeriods("2026-01-05", values.length, 1), 14));
    expect(summary.periods).toBe(5);
    expect(summary.meanAbsolutePercentageError.method).toBeLessThan(1e-6);
    expect(summary.meanAbsolutePercentageError.linear).toBeGreaterThan(0);
    expect(summary.rangeCoverage).toBe(1);
  });
});
