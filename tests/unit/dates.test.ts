import { describe, expect, it } from "vitest";
import { dateFormat, DEFAULT_LOCALE } from "@/lib/format/dates";

describe("dates for people", () => {
  const us = dateFormat("en-US");

  it("formats calendar dates as the day they name, in any time zone of the viewer", () => {
    expect(us.day("2026-12-01")).toBe("Dec 1, 2026");
    expect(us.dayShort("2026-01-31")).toBe("Jan 31");
    expect(us.dayRange("2026-12-01", "2026-12-31")).toBe("Dec 1 – 31, 2026");
    expect(us.dayRange("2026-11-15", "2026-12-14")).toBe("Nov 15 – Dec 14, 2026");
    expect(us.dayRange("2026-12-15", "2027-01-14")).toBe("Dec 15, 2026 – Jan 14, 2027");
  });

  it("formats instants in the time zone they are shown for, naming it on request", () => {
    expect(us.instant("2026-12-03T05:00:00.000Z", "America/New_York")).toBe("Dec 3, 2026, 12:00 AM");
    expect(us.instant("2026-12-03T05:00:00.000Z", "Asia/Tokyo", { named: true })).toBe("Dec 3, 2026, 2:00 PM (Asia/Tokyo)");
    expect(us.instant(new Date("2026-12-03T05:00:07Z"), "UTC", { seconds: true })).toBe("Dec 3, 2026, 5:00:07 AM");
  });

  it("follows the workspace's locale", () => {
    const gb = dateFormat("en-GB");
    expect(gb.day("2026-12-01")).toBe("1 Dec 2026");
    expect(gb.dayRange("2026-11-15", "2026-12-14")).toBe("15 Nov – 14 Dec 2026");
    expect(gb.instant("2026-12-03T05:00:00.000Z", "Europe/Berlin")).toBe("3 Dec 2026, 06:00");
    const jp = dateFormat("ja-JP");
    expect(jp.day("2026-12-01")).toBe("2026/12/01");
    expect(jp.instant("2026-12-03T05:00:00.000Z", "Asia/Tokyo", { named: true })).toBe("2026/12/03 14:00 (Asia/Tokyo)");
  });

  it("falls back to the default locale for one it cannot use", () => {
    expect(dateFormat("not a locale").locale).toBe(DEFAULT_LOCALE);
    expect(dateFormat("").locale).toBe(DEFAULT_LOCALE);
    expect(dateFormat().day("2026-12-01")).toBe("Dec 1, 2026");
  });
});
