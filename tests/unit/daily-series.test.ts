import { describe, expect, it } from "vitest";
import { dailySeries, seriesSpan } from "@/lib/usage/daily-series";
import { fromScaled, toScaled } from "@/lib/usage/decimal";
import type { PeriodInfo, UsageRow } from "@/lib/usage/usage-response";

const acme: PeriodInfo = {
  start: "2026-12-01",
  end: "2026-12-31",
  timeZone: "America/New_York",
  closed: false,
  closesAt: "2027-01-03T00:00:00.000Z",
};
const globex: PeriodInfo = {
  start: "2026-11-15",
  end: "2026-12-14",
  timeZone: "Europe/Berlin",
  closed: false,
  closesAt: "2027-01-03T00:00:00.000Z",
};
const initech: PeriodInfo = {
  start: "2026-12-01",
  end: "2026-12-31",
  timeZone: "Asia/Tokyo",
  closed: false,
  closesAt: "2027-01-03T00:00:00.000Z",
};
// 2026-12-01T20:00Z: Dec 1 in New York and Berlin, already Dec 2 in Tokyo.
const now = new Date("2026-12-01T20:00:00Z");

const row = (date: string, productArea: string, quantity: string, unit = "vCPU-hours"): UsageRow => ({
  date,
  productArea,
  unit,
  quantity,
  sourceEventCount: 1,
});

function stackedSum(series: ReturnType<typeof dailySeries>[number], key: string): string {
  return fromScaled(series.days.reduce((sum, day) => sum + toScaled(day.quantities[key] ?? "0"), 0n));
}

describe("daily series for the chart", () => {
  it("spans every day of every workspace's period, up to each one's own today", () => {
    expect(seriesSpan([acme, globex, initech], [], now)).toEqual({ from: "2026-11-15", to: "2026-12-02" });
    expect(seriesSpan([{ ...acme, start: "2026-10-01", end: "2026-10-31", closed: true }], [], now)).toEqual({
      from: "2026-10-01",
      to: "2026-10-31",
    });
  });

  it("stacks rows of several workspaces on one day and drops none, so its sums are the totals", () => {
    const rows = [
      row("2026-11-15", "compute", "10.5"), // only Globex counts this day
      row("2026-12-01", "compute", "1.25"),
      row("2026-12-01", "compute", "2.000000000001"), // a second workspace's row for the same day and area
      row("2026-12-02", "compute", "4"), // Tokyo's today
      row("2026-12-01", "storage", "7", "GB-months"),
      row("2026-11-01", "compute", "100"), // outside every period: stretched to, never lost
    ];
    const series = dailySeries(rows, [acme, globex, initech], now);
    const compute = series.find((s) => s.unit === "vCPU-hours");
    const storage = series.find((s) => s.unit === "GB-months");
    expect(compute!.days[0]!.date).toBe("2026-11-01");
    expect(compute!.days.at(-1)!.date).toBe("2026-12-02");
    expect(compute!.days.find((d) => d.date === "2026-12-01")).toEqual({
      date: "2026-12-01",
      quantities: { compute: "3.250000000001" },
      total: "3.250000000001",
    });
    expect(stackedSum(compute!, "compute")).toBe("117.750000000001");
    expect(compute!.totals).toEqual({ compute: "117.750000000001" });
    expect(storage!.totals).toEqual({ storage: "7" });
    expect(storage!.days.length).toBe(compute!.days.length);
  });
});
