import { describe, expect, it } from "vitest";
import { formatDay, formatDayRange, formatDayShort, formatInstant } from "@/lib/format/dates";

describe("dates for people", () => {
  it("formats calendar dates as the day they name, in any time zone of the viewer", () => {
    expect(formatDay("2026-12-01")).toBe("Dec 1, 2026");
    expect(formatDayShort("2026-01-31")).toBe("Jan 31");
    expect(formatDayRange("2026-12-01", "2026-12-31")).toBe("Dec 1 – 31, 2026");
    expect(formatDayRange("2026-11-15", "2026-12-14")).toBe("Nov 15 – Dec 14, 2026");
    expect(formatDayRange("2026-12-15", "2027-01-14")).toBe("Dec 15, 2026 – Jan 14, 2027");
  });

  it("formats instants in the time zone they are shown for, naming it on request", () => {
    expect(formatInstant("2026-12-03T05:00:00.000Z", "America/New_York")).toBe("Dec 3, 2026, 12:00 AM");
    expect(formatInstant("2026-12-03T05:00:00.000Z", "Asia/Tokyo", { named: true })).toBe("Dec 3, 2026, 2:00 PM (Asia/Tokyo)");
    expect(formatInstant(new Date("2026-12-03T05:00:07Z"), "UTC", { seconds: true })).toBe("Dec 3, 2026, 5:00:07 AM");
  });
});
