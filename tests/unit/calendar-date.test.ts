import { describe, expect, it } from "vitest";
import { formatCalendarDate, parseCalendarDate } from "@/lib/periods/calendar-date";

describe("parseCalendarDate and formatCalendarDate", () => {
  it("reads a calendar date as UTC midnight, as the database's DATE columns come back", () => {
    expect(parseCalendarDate("2026-03-29").toISOString()).toBe("2026-03-29T00:00:00.000Z");
  });

  it("writes the UTC day of an instant, whatever its time of day", () => {
    expect(formatCalendarDate(new Date("2026-12-31T23:59:59.999Z"))).toBe("2026-12-31");
    expect(formatCalendarDate(new Date("2027-01-01T00:00:00.000Z"))).toBe("2027-01-01");
  });

  it("round-trips every day of a leap year", () => {
    const days = Array.from({ length: 366 }, (_, i) => formatCalendarDate(new Date(Date.UTC(2028, 0, 1 + i))));
    expect(days.every((day) => formatCalendarDate(parseCalendarDate(day)) === day)).toBe(true);
    expect(days.at(-1)).toBe("2028-12-31");
  });
});
