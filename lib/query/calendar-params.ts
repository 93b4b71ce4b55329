// Dates in query strings, in the years lib/periods/year-window.ts allows.
import { z } from "zod";
import { parseCalendarDate } from "@/lib/periods/calendar-date";
import { inYears, YEARS } from "@/lib/periods/year-window";

export const calendarDateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "must be a date YYYY-MM-DD", abort: true })
  .refine((value) => inYears(Number(value.slice(0, 4))), { error: `must be a date in a year ${YEARS}`, abort: true })
  // Aborting, so a query's own checks (range length, order), which do date arithmetic, never see it.
  .refine(
    (value) => {
      const date = parseCalendarDate(value);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    },
    { error: "must be a real calendar date", abort: true },
  );

/** An instant read from a cursor: refused outside the same years. */
export function isInstantInRange(at: Date): boolean {
  return !Number.isNaN(at.getTime()) && inYears(at.getUTCFullYear());
}
