// Dates in query strings. Years outside this window are refused as the caller's mistake: before
// it nothing was billed, and far after it JavaScript's and PostgreSQL's calendars stop agreeing.
import { z } from "zod";
import { parseCalendarDate } from "@/lib/time/calendar-date";

export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2999;

export const inYears = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;
export const YEARS = `between ${FIRST_YEAR} and ${LAST_YEAR}`;

export const calendarDateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date YYYY-MM-DD", abort: true })
  .refine((value) => inYears(Number(value.slice(0, 4))), { error: `must be a date in a year ${YEARS}`, abort: true })
  .refine((value) => {
    const date = parseCalendarDate(value);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, "must be a real calendar date");

/** An instant read from a cursor: refused outside the same years. */
export function isInstantInRange(at: Date): boolean {
  return !Number.isNaN(at.getTime()) && inYears(at.getUTCFullYear());
}
