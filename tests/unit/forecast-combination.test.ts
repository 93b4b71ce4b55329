import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/demo/synthetic-usage";
import { combineForecasters } from "@/lib/projection/combination";
import { forecastDaily } from "@/lib/projection/forecast";
import { FORECASTERS } from "@/lib/projection/forecasters";
import { projectPeriodTotal } from "@/lib/projection/period-total";
import { withoutOutliers } from "@/lib/projection/robust-history";

const weekly = [100, 120, 120, 120, 120, 40, 40];
const repeat = (pattern: number[], days: number) => Array.from({ length: days }, (_, i) => pattern[i % pattern.length]!);
const noise = (seed: number, spread: number) => {
  const random = seededRandom(seed);
  return () => 1 + (random() - 0.5) * 2 * spread;
};
/** Which forecasters the combination averages for `history`, `observedDays` into a 30-day period. */
const chosenFor = (history: number[], observedDays = 14) => {
  const horizon = 30 - observedDays;
  const smoothing = forecastDaily(history, horizon).smoothing;
  return combineForecasters({ cleaned: history, recorded: history, observedDays, horizon, smoothing }).chosen;
};

describe("the forecasters", () => {
  const history = repeat(weekly, 400).map((x, i) => x + i / 10);

  it("straight-line carries the period's mean so far (the last week's in its first week); last-week repeats the last seven days", () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(FORECASTERS["straight-line"]({ history: ten, observedDays: 8, horizon: 2 })).toEqual([6.5, 6.5]);
    expect(FORECASTERS["straight-line"]({ history: ten, observedDays: 4, horizon: 1 })).toEqual([7]);
    expect(FORECASTERS["last-week"]({ history: [9, 1, 2, 3, 4, 5, 6, 7], observedDays: 3, horizon: 9 })).toEqual([
      1, 2, 3, 4, 5, 6, 7, 1, 2,
    ]);
  });

  it("last-year grows the days seen as the same days 52 weeks earlier grew, and needs a year", () => {
    const year = Array.from({ length: 371 }, (_, i) => (i < 7 ? 10 : i < 14 ? 20 : 1));
    // A year on, the week like days 0–6 is seen at twice their level: the next days follow days 7–8, doubled.
    const now = [...year];
    for (let i = 364; i < 371; i++) now[i] = 20;
    expect(FORECASTERS["last-year"]({ history: now, observedDays: 7, horizon: 2 })).toEqual([40, 40]);
    expect(FORECASTERS["last-year"]({ history: now.slice(0, 300), observedDays: 7, horizon: 2 })).toEqual([]);
  });

  it("damped-trend is the weekday profile times a damped level", () => {
    expect(FORECASTERS["damped-trend"]({ history, observedDays: 10, horizon: 5 })).toEqual(forecastDaily(history, 5).days);
  });
});

describe("choosing between them by the series' own replays", () => {
  it("a flat series with day-to-day noise: the period's average beats repeating a noisy week", () => {
    const jitter = noise(1, 0.3);
    expect(chosenFor(Array.from({ length: 200 }, () => 1000 * jitter()))).toContain("straight-line");
  });

  it("a steady weekly rhythm whose level wanders: last week says more than the period's average", () => {
    const random = seededRandom(2);
    let level = 1000;
    const history = Array.from({ length: 200 }, (_, i) => {
      if (i % 7 === 0) level *= 1 + (random() - 0.5) * 0.4;
      return (level * weekly[i % 7]!) / 100;
    });
    const chosen = chosenFor(history);
    expect(chosen).toContain("last-week");
    expect(chosen).not.toContain("straight-line");
  });

  it("steady growth: the damped trend follows it", () => {
    const jitter = noise(3, 0.02);
    expect(chosenFor(Array.from({ length: 200 }, (_, i) => (1000 + 15 * i) * jitter()))).toContain("damped-trend");
  });

  it("a yearly season with a holiday dip: last year's shape", () => {
    const jitter = noise(4, 0.03);
    const history = Array.from({ length: 800 }, (_, i) => {
      const season = 1 + 0.6 * Math.sin((2 * Math.PI * i) / 364);
      const dip = i % 364 >= 350 && i % 364 < 357 ? 0.3 : 1;
      return 1000 * season * dip * jitter();
    });
    // From day 7 of a 30-day period that holds the dip (days 350–356 of the year).
    expect(chosenFor(history.slice(0, 364 + 336 + 7), 7)).toContain("last-year");
  });
});

describe("days that say nothing about the level", () => {
  it("a two-day spike is replaced by what its neighbours expect; a shift at the end is kept", () => {
    const history = repeat(weekly, 70);
    history[60] = 1200;
    history[61] = 1200;
    const cleaned = withoutOutliers(history);
    expect(cleaned.replaced).toEqual([60, 61]);
    expect(cleaned.values[60]).toBeCloseTo(weekly[60 % 7]!, 6);

    const shifted = [...repeat(weekly, 67), ...[0, 1, 2].map((i) => weekly[(67 + i) % 7]! * 5)];
    expect(withoutOutliers(shifted).replaced).toEqual([]);
    const outage = [...repeat(weekly, 60), 0, 0, ...repeat(weekly, 70).slice(62)];
    expect(withoutOutliers(outage).replaced).toEqual([60, 61]);
  });

  it("a 10× spike on two days moves the projection by under 5 %", () => {
    const jitter = noise(5, 0.1);
    const history = Array.from({ length: 380 }, (_, i) => 1000 * (weekly[i % 7]! / 100) * jitter());
    const pastPeriods = Array.from({ length: 11 }, (_, n) => ({ startIndex: 30 + 30 * n, days: 30 }));
    const plain = projectPeriodTotal({ history, observedDays: 20, periodDays: 30, pastPeriods });
    for (const at of [
      [365, 366],
      [378, 379],
      [300, 301],
    ]) {
      const spiked = [...history];
      for (const i of at) spiked[i] = spiked[i]! * 10;
      const projected = projectPeriodTotal({ history: spiked, observedDays: 20, periodDays: 30, pastPeriods });
      // The spike's own days count as recorded; the rest of the period is not carried up by them.
      const spikeInPeriod = at.filter((i) => i >= 360).reduce((a, i) => a + spiked[i]! - history[i]!, 0);
      expect(Math.abs(projected.central - spikeInPeriod - plain.central) / plain.central).toBeLessThan(0.05);
    }
  });
});
