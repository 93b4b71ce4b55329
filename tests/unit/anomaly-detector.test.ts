import { describe, expect, it } from "vitest";
import { DETECTOR_VERSION, detectSeries } from "@/lib/anomalies/detect-series";
import type { DailySeries } from "@/lib/anomalies/finding";
import { seededRandom } from "@/lib/demo/synthetic-usage";
import { addDays } from "@/lib/periods/calendar-date";

const START = "2026-01-05"; // a Monday
const DAYS = 120;
const weekly = [100, 110, 105, 108, 112, 40, 30]; // Monday … Sunday: a quiet weekend

/** A seasonal series with 5 % noise, events proportional to value; `edit` changes days afterwards. */
function series(edit: (values: number[], events: number[]) => void = () => {}, seed = 7): DailySeries {
  const random = seededRandom(seed);
  const values = Array.from({ length: DAYS }, (_, i) => weekly[i % 7]! * (1 + (random() + random() + random() - 1.5) * 0.1));
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

  it("judges nothing without enough history; the days before the first usage do not count", () => {
    const shortSeries = series((values, events) => {
      values[20] = values[20]! * 5;
      events.fill(0, 25, 27);
      values.fill(0, 25, 27);
    });
    expect(detectSeries({ ...shortSeries, values: shortSeries.values.slice(0, 40), events: shortSeries.events.slice(0, 40) })).toEqual([]);
    const late = series((values, events) => {
      values.fill(0, 0, 60);
      events.fill(0, 0, 60);
      values[80] = values[80]! * 5; // 20 days after the first usage
    });
    expect(detectSeries(late)).toEqual([]);
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
