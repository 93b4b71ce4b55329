import { describe, expect, it } from "vitest";
import { DETECTOR_VERSION, detectSeries } from "@/lib/anomalies/detect-series";
import type { DailySeries } from "@/lib/anomalies/finding";
import { seededRandom } from "@/lib/demo/synthetic-usage";
import { addDays, daysBetween } from "@/lib/periods/calendar-date";

const START = "2026-01-05"; // a Monday
const DAYS = 120;
const weekly = [100, 110, 105, 108, 112, 40, 30]; // Monday … Sunday: a quiet weekend

/** A seasonal series with 5 % noise (or `noise`), events proportional to value; `edit` changes days afterwards. */
function series(edit: (values: number[], events: number[]) => void = () => {}, seed = 7, { days = DAYS, noise = 0.05 } = {}): DailySeries {
  const random = seededRandom(seed);
  const values = Array.from({ length: days }, (_, i) => weekly[i % 7]! * (1 + (random() + random() + random() - 1.5) * 2 * noise));
  const events = values.map((v) => Math.round(v * 10));
  edit(values, events);
  return { start: START, values, events };
}
const day = (i: number) => addDays(START, i);

describe("the series detector", () => {
  it("has a version", () => expect(DETECTOR_VERSION).toMatch(/^seasonal-mad-\d+$/));

  it("finds nothing in a clean seasonal series with noise, weekends included", () => {
    expect(detectSeries(series(undefined, 1))).toEqual([]);
    // Over many noisy series: well under one false flag per 30 days, and none above low.
    const flags = Array.from({ length: 40 }, (_, seed) => detectSeries(series(undefined, seed + 100))).flat();
    expect((flags.length / (40 * DAYS)) * 30).toBeLessThan(0.5);
    expect(flags.filter((f) => f.severity !== "low")).toEqual([]);
  });

  it("finds a spike with its window, its baseline as expected and a severity from its size", () => {
    const found = detectSeries(
      series((values, events) => {
        values[80] = values[80]! * 3;
        values[81] = values[81]! * 3;
        events[80] = events[80]! * 3;
      }),
    );
    expect(found).toHaveLength(1);
    const [spike] = found;
    expect(spike).toMatchObject({ kind: "spike", startDate: day(80), endDate: day(81), severity: "high" });
    expect(spike!.expected).toBeGreaterThan(0.9 * (weekly[80 % 7]! + weekly[81 % 7]!));
    expect(spike!.expected).toBeLessThan(1.1 * (weekly[80 % 7]! + weekly[81 % 7]!));
    expect(spike!.observed).toBeGreaterThan(2.5 * spike!.expected);
    expect(spike!.score).toBeGreaterThanOrEqual(12);
  });

  it("grades a small spike low", () => {
    const [spike] = detectSeries(series((values) => void (values[80] = values[80]! * 1.25)));
    expect(spike).toMatchObject({ kind: "spike", startDate: day(80), endDate: day(80), severity: "low" });
  });

  it("finds a drop", () => {
    const found = detectSeries(series((values) => void (values[86] = values[86]! * 0.4)));
    expect(found).toEqual([expect.objectContaining({ kind: "drop", startDate: day(86), endDate: day(86) })]);
  });

  it("does not let an anomaly poison the days after it", () => {
    const found = detectSeries(
      series((values) => {
        for (let i = 70; i < 73; i++) values[i] = values[i]! * 5;
      }),
    );
    expect(found).toEqual([expect.objectContaining({ kind: "spike", startDate: day(70), endDate: day(72) })]);
  });

  it("finds a level shift once, then takes the new level as the baseline", () => {
    const found = detectSeries(
      series((values, events) => {
        for (let i = 75; i < DAYS; i++) {
          values[i] = values[i]! * 1.3;
          events[i] = events[i]! * 1.3;
        }
      }),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: "level_shift", startDate: day(75) });
    expect(found[0]!.endDate <= day(82)).toBe(true);
  });

  it("finds a gap where an area that reports daily has no rows, merging its days", () => {
    const found = detectSeries(
      series((values, events) => {
        for (let i = 90; i < 93; i++) values[i] = events[i] = 0;
      }),
    );
    expect(found).toEqual([
      expect.objectContaining({ kind: "gap", startDate: day(90), endDate: day(92), severity: "medium", observed: 0 }),
    ]);
  });

  it("finds a gap where events fall far below their usual count", () => {
    const found = detectSeries(series((_, events) => void (events[95] = 3)));
    expect(found).toEqual([expect.objectContaining({ kind: "gap", startDate: day(95), endDate: day(95), severity: "low" })]);
  });

  it("judges nothing in the first week of usage; the days before the first usage do not count", () => {
    const firstWeek = series((values) => void (values[5] = values[5]! * 5), 7, { days: 7 });
    expect(detectSeries(firstWeek)).toEqual([]);
    const late = series((values, events) => {
      values.fill(0, 0, 60);
      events.fill(0, 0, 60);
      values[80] = values[80]! * 5; // 21st day of usage
    });
    expect(detectSeries(late)).toEqual([expect.objectContaining({ kind: "spike", startDate: day(80), endDate: day(80) })]);
  });

  it("reports only findings ending on or after `from`", () => {
    const s = series((values) => {
      values[60] = values[60]! * 3;
      values[100] = values[100]! * 3;
    });
    expect(detectSeries(s).map((f) => f.startDate)).toEqual([day(60), day(100)]);
    expect(detectSeries(s, { from: day(90) }).map((f) => f.startDate)).toEqual([day(100)]);
  });

  it("does not call normally low weekends drops, nor a weekend-silent area's weekends gaps", () => {
    const quiet = series((values, events) => {
      for (let i = 5; i < DAYS; i += 7) values[i] = values[i + 1] = events[i] = events[i + 1] = 0;
    });
    expect(detectSeries(quiet)).toEqual([]);
  });
});

describe("the series detector on young series (days 8–42 of usage)", () => {
  const steady = (edit?: (values: number[], events: number[]) => void) => series(edit, 7, { days: 20, noise: 0.01 });

  it("flags a spike on day 10 of a steady series, and a tenfold one in ordinary noise", () => {
    const spiked = (values: number[], events: number[]) => {
      values[9] = values[9]! * 3;
      events[9] = events[9]! * 3;
    };
    expect(detectSeries(steady())).toEqual([]);
    expect(detectSeries(steady(spiked))).toEqual([expect.objectContaining({ kind: "spike", startDate: day(9), endDate: day(9) })]);
    const tenfold = series((values) => void (values[9] = values[9]! * 10), 7, { days: 20 });
    expect(detectSeries(tenfold)).toEqual([expect.objectContaining({ kind: "spike", startDate: day(9), endDate: day(9) })]);
  });

  it("widens the band while history is short: a threefold spike in ordinary noise is found in the fourth week, not on day 10", () => {
    const at = (i: number) => series((values) => void (values[i] = values[i]! * 3), 7, { days: 42 });
    expect(detectSeries(at(9)).filter((f) => f.kind === "spike")).toEqual([]);
    expect(detectSeries(at(23))).toEqual([expect.objectContaining({ kind: "spike", startDate: day(23) })]);
  });

  it("lets an odd day of the first week, which nothing could judge, cost at most one flag on its weekday", () => {
    for (const factor of [0.2, 5])
      for (let i = 1; i < 5; i++) {
        const found = detectSeries(series((values) => void (values[i] = values[i]! * factor), 7, { days: 42 }));
        expect(found.length).toBeLessThanOrEqual(1);
        for (const f of found) expect((daysBetween(day(i), f.startDate) % 7) + f.kind).toBe(factor > 1 ? "0drop" : "0spike");
      }
  });

  it("does not flag ordinary noise on days 8–20", () => {
    const flags = Array.from({ length: 40 }, (_, seed) => detectSeries(series(undefined, seed + 100, { days: 20 }))).flat();
    expect(flags).toEqual([]);
  });

  it("finds a gap in the second week of an area that reports daily", () => {
    const found = detectSeries(series((values, events) => void (values[11] = events[11] = 0), 7, { days: 20 }));
    expect(found).toEqual([expect.objectContaining({ kind: "gap", startDate: day(11), endDate: day(11) })]);
  });

  it("gives a long series the flags seasonal-mad-2 gave, to the last digit", () => {
    const long = series((values, events) => {
      values[60] = values[60]! * 3;
      values[61] = values[61]! * 2.5;
      values[86] = values[86]! * 0.4;
      for (let i = 95; i < 97; i++) values[i] = events[i] = 0;
      for (let i = 104; i < DAYS; i++) {
        values[i] = values[i]! * 1.4;
        events[i] = Math.round(events[i]! * 1.4);
      }
    });
    // Printed by seasonal-mad-2 (commit 7f9fca1) for this very series.
    const before = [
      {
        kind: "spike",
        severity: "high",
        startDate: "2026-03-06",
        endDate: "2026-03-07",
        expected: 151.6637735997305,
        observed: 467.5177394930273,
        score: 24.81811811444832,
      },
      {
        kind: "drop",
        severity: "medium",
        startDate: "2026-04-01",
        endDate: "2026-04-01",
        expected: 104.97295942982902,
        observed: 41.931382440542805,
        score: 9.936458634445446,
      },
      {
        kind: "gap",
        severity: "medium",
        startDate: "2026-04-10",
        endDate: "2026-04-11",
        expected: 151.0836435684468,
        observed: 0,
        score: 14.866944692406978,
      },
      {
        kind: "level_shift",
        severity: "medium",
        startDate: "2026-04-19",
        endDate: "2026-04-23",
        expected: 453.5503873731814,
        observed: 638.8410249877162,
        score: 6.054985544029011,
      },
    ];
    expect(detectSeries(long)).toEqual(before);
    expect(detectSeries({ ...long, usedBefore: true })).toEqual(before);
  });

  it("leaves the first six weeks of a slice of a longer history unjudged", () => {
    const spikedEarly = series((values) => void (values[20] = values[20]! * 5));
    expect(detectSeries(spikedEarly)).toContainEqual(expect.objectContaining({ kind: "spike", startDate: day(20), severity: "high" }));
    expect(detectSeries({ ...spikedEarly, usedBefore: true })).toEqual([]);
  });

  it("joins a gap that runs across the 43rd day of usage into one finding", () => {
    const found = detectSeries(
      series((values, events) => void values.forEach((_, i) => i >= 40 && i <= 43 && (values[i] = events[i] = 0))),
    );
    expect(found).toEqual([expect.objectContaining({ kind: "gap", startDate: day(40), endDate: day(43), severity: "high", observed: 0 })]);
  });
});
