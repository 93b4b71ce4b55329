import { describe, expect, it } from "vitest";
import { projectedCostPath } from "@/components/billing/projected-cost";
import type { ProjectionResponse } from "@/lib/projection/projection-response";
import { bucketDates, bucketOf } from "@/lib/usage/chart-buckets";
import { costSeries } from "@/lib/usage/cost-series";
import { dailySeries, seriesDates } from "@/lib/usage/daily-series";

const period = {
  start: "2026-11-01",
  end: "2026-11-30",
  timeZone: "UTC",
  closed: false,
  closesAt: "2026-12-03T00:00:00.000Z",
};

describe("the chart's buckets", () => {
  it("lays weeks on the grid of the rows' dates (the locale's first weekday) and months on calendar months", () => {
    // Sunday-start weeks (en-US): Nov 1, 2026 is a Sunday.
    expect(bucketDates("2026-11-03", "2026-11-20", "week", ["2026-11-08"])).toEqual(["2026-11-01", "2026-11-08", "2026-11-15"]);
    // Monday-start weeks (en-GB): Oct 26 and Nov 2 are Mondays.
    expect(bucketDates("2026-11-01", "2026-11-10", "week", ["2026-11-02"])).toEqual(["2026-10-26", "2026-11-02", "2026-11-09"]);
    expect(bucketDates("2026-06-15", "2026-09-02", "month")).toEqual(["2026-06-01", "2026-07-01", "2026-08-01", "2026-09-01"]);
    expect(bucketDates("2026-12-20", "2027-01-02", "month")).toEqual(["2026-12-01", "2027-01-01"]);
    expect(bucketOf("2026-11-10", ["2026-11-01", "2026-11-08", "2026-11-15"])).toBe("2026-11-08");
  });

  it("keeps every row: the stacked sums over weeks are the totals", () => {
    const rows = [
      { date: "2026-11-01", productArea: "compute", unit: "vCPU-hours", quantity: "1.5", sourceEventCount: 1 },
      { date: "2026-11-08", productArea: "compute", unit: "vCPU-hours", quantity: "2.25", sourceEventCount: 1 },
    ];
    const [series] = dailySeries(rows, [period], new Date("2026-11-20T12:00:00Z"), "week");
    expect(series!.days.map((d) => d.date)).toEqual(["2026-11-01", "2026-11-08", "2026-11-15"]);
    expect(series!.totals).toEqual({ compute: "3.75" });
  });
});

describe("the cost series", () => {
  const rows = [
    { date: "2026-11-01", productArea: "compute", unit: "h", quantity: "1", sourceEventCount: 1, amount: "10.10", currency: "USD" },
    { date: "2026-11-01", productArea: "storage", unit: "GB", quantity: "1", sourceEventCount: 1, amount: "0.05", currency: "USD" },
    { date: "2026-11-02", productArea: "compute", unit: "h", quantity: "1", sourceEventCount: 1, amount: "-0.01", currency: "USD" },
    { date: "2026-11-02", productArea: "compute", unit: "h", quantity: "1", sourceEventCount: 1, amount: "7", currency: "EUR" },
    { date: "2026-11-02", productArea: "support", unit: "h", quantity: "1", sourceEventCount: 1, amount: null, currency: null },
  ];

  it("sums exactly per currency, never across, with a running total ending on the sum", () => {
    const dates = seriesDates(rows, [period], new Date("2026-11-03T12:00:00Z"));
    const [eur, usd] = costSeries(rows, dates);
    expect(eur).toMatchObject({ currency: "EUR", total: "7", totals: { compute: "7" } });
    expect(usd!.currency).toBe("USD");
    expect(usd!.totals).toEqual({ compute: "10.09", storage: "0.05" });
    expect(usd!.buckets.map((b) => [b.date, b.total, b.cumulative])).toEqual([
      ["2026-11-01", "10.15", "10.15"],
      ["2026-11-02", "-0.01", "10.14"],
      ["2026-11-03", "0", "10.14"],
    ]);
    expect(usd!.total).toBe("10.14");
  });
});

describe("the projected cost path", () => {
  const projection = {
    totals: [{ currency: "USD", amountToDate: "10", projectedAmount: "40", projectedAmountP10: "30", projectedAmountP90: "50" }],
    areas: [{ workspaceId: "w", productArea: "compute", currency: "USD", amountToDate: "10", projectedAmount: "40" }],
    forecast: [
      { workspaceId: "w", productArea: "compute", date: "2026-11-28", quantity: "5", quantityP10: "1", quantityP90: "9" },
      { workspaceId: "w", productArea: "compute", date: "2026-11-29", quantity: "1", quantityP10: "1", quantityP90: "1" },
      { workspaceId: "w", productArea: "compute", date: "2026-11-30", quantity: "2", quantityP10: "1", quantityP90: "3" },
    ],
  } as unknown as ProjectionResponse;

  it("runs from the cost so far to the projected total, in step with the forecast", () => {
    const { points, total } = projectedCostPath({
      projection,
      currency: "USD",
      keys: ["compute"],
      costSoFar: 10,
      lastDate: "2026-11-28",
      buckets: ["2026-11-27", "2026-11-28"],
      granularity: "day",
    });
    expect(total).toBe("40");
    expect(points).toEqual([
      { date: "2026-11-29", cumulative: 20 },
      { date: "2026-11-30", cumulative: 40 },
    ]);
  });

  it("draws nothing in another currency or without a forecast", () => {
    const args = { keys: ["compute"], costSoFar: 10, lastDate: "2026-11-28", buckets: ["2026-11-28"], granularity: "day" as const };
    expect(projectedCostPath({ ...args, projection, currency: "EUR" }).points).toEqual([]);
    expect(projectedCostPath({ ...args, projection: undefined, currency: "USD" }).points).toEqual([]);
  });
});
