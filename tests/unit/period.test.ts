import { describe, expect, it } from "vitest";
import { currentPeriod, periodClosesAt, periodContaining, periodForMonth, previousPeriod } from "@/lib/periods/period";
import { comparisonWindows } from "@/lib/periods/comparison";
import { startOfDayIn } from "@/lib/periods/calendar-date";

describe("billing periods", () => {
  it("run from the anchor day to the day before the next month's anchor", () => {
    expect(periodContaining("2026-11-22", 1)).toEqual({ start: "2026-11-01", end: "2026-11-30", endExclusive: "2026-12-01" });
    expect(periodContaining("2026-11-14", 15)).toEqual({ start: "2026-10-15", end: "2026-11-14", endExclusive: "2026-11-15" });
    expect(periodContaining("2026-11-15", 15)).toEqual({ start: "2026-11-15", end: "2026-12-14", endExclusive: "2026-12-15" });
  });

  it("cross year and February boundaries", () => {
    expect(periodContaining("2026-01-10", 15)).toEqual({ start: "2025-12-15", end: "2026-01-14", endExclusive: "2026-01-15" });
    expect(periodForMonth("2028-02", 1)).toEqual({ start: "2028-02-01", end: "2028-02-29", endExclusive: "2028-03-01" });
    expect(periodForMonth("2026-12", 28)).toEqual({ start: "2026-12-28", end: "2027-01-27", endExclusive: "2027-01-28" });
  });

  it("are computed in the workspace's time zone", () => {
    const instant = new Date("2026-12-01T03:30:00Z"); // still Nov 30 in New York, Dec 1 in Tokyo
    expect(currentPeriod({ timeZone: "America/New_York", billingAnchorDay: 1 }, instant).start).toBe("2026-11-01");
    expect(currentPeriod({ timeZone: "Asia/Tokyo", billingAnchorDay: 1 }, instant).start).toBe("2026-12-01");
    expect(previousPeriod({ timeZone: "Asia/Tokyo", billingAnchorDay: 1 }, instant)).toEqual({
      start: "2026-11-01",
      end: "2026-11-30",
      endExclusive: "2026-12-01",
    });
  });

  it("close at local midnight after the last day plus the grace period", () => {
    const period = periodForMonth("2026-10", 1);
    // Midnight on 2026-11-01 is still EDT (UTC-4) in New York: DST ends at 02:00 that night.
    expect(periodClosesAt(period, { timeZone: "America/New_York", billingAnchorDay: 1 }, 48).toISOString()).toBe(
      "2026-11-03T04:00:00.000Z",
    );
    expect(periodClosesAt(period, { timeZone: "Asia/Tokyo", billingAnchorDay: 1 }, 0).toISOString()).toBe("2026-10-31T15:00:00.000Z");
  });

  it("find local midnight across daylight saving changes", () => {
    expect(startOfDayIn("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfDayIn("2026-03-09", "America/New_York").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(startOfDayIn("2026-10-25", "Europe/Berlin").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(startOfDayIn("2026-10-26", "Europe/Berlin").toISOString()).toBe("2026-10-25T23:00:00.000Z");
    // Clocks jump from 00:00 to 01:00: the day begins at the jump (PostgreSQL agrees).
    expect(startOfDayIn("2022-09-11", "America/Santiago").toISOString()).toBe("2022-09-11T04:00:00.000Z");
    expect(startOfDayIn("2026-03-08", "America/Havana").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    // Clocks fall back from 01:00 to 00:00: midnight happens twice, and the later one counts.
    expect(startOfDayIn("2026-11-01", "America/Havana").toISOString()).toBe("2026-11-01T05:00:00.000Z");
    expect(startOfDayIn("2022-09-10", "America/Santiago").toISOString()).toBe("2022-09-10T04:00:00.000Z");
    expect(startOfDayIn("2022-09-12", "America/Santiago").toISOString()).toBe("2022-09-12T03:00:00.000Z");
  });
});

describe("comparison with the previous period", () => {
  const acme = { timeZone: "America/New_York", billingAnchorDay: 1 };
  const december = { start: "2026-12-01", end: "2026-12-31" }; // starts on a Tuesday; November on a Sunday

  it("is too early on a period's first day: nothing whole has elapsed", () => {
    expect(comparisonWindows(december, acme, new Date("2026-12-01T20:00:00Z"))).toEqual({
      kind: "too-early",
      availableAt: new Date("2026-12-02T05:00:00Z"),
    });
  });

  it("compares complete days with as many days of the previous period on the same weekdays", () => {
    // Dec 1-2 (Tue, Wed) against Nov 3-4 (Tue, Wed), not Nov 1-2 (Sun, Mon).
    expect(comparisonWindows(december, acme, new Date("2026-12-03T15:00:00Z"))).toEqual({
      kind: "windows",
      current: { from: "2026-12-01", to: "2026-12-02" },
      previous: { from: "2026-11-03", to: "2026-11-04" },
      basis: "same-weekdays",
    });
    const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
    for (let day = 2; day <= 31; day++) {
      const now = new Date(Date.UTC(2026, 11, day, 17));
      const windows = comparisonWindows(december, acme, now);
      if (windows.kind !== "windows") throw new Error("expected windows");
      const { current, previous } = windows;
      expect(weekday(previous.from)).toBe(weekday(current.from));
      expect(previous.to < "2026-12-01").toBe(true); // never overlaps the period compared
      expect(Date.parse(previous.to) - Date.parse(previous.from)).toBe(Date.parse(current.to) - Date.parse(current.from));
    }
  });

  it("compares a period that has ended whole with the whole period before", () => {
    expect(comparisonWindows({ start: "2026-03-01", end: "2026-03-31" }, acme, new Date("2026-11-22T15:00:00Z"))).toEqual({
      kind: "windows",
      current: { from: "2026-03-01", to: "2026-03-31" },
      previous: { from: "2026-02-01", to: "2026-02-28" },
      basis: "whole-periods",
    });
  });
});
