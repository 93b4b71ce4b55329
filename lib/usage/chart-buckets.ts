// The chart's buckets: days, weeks or months. The API sums rows into buckets and dates each by its
// first day (a week's first day follows the workspace's locale); the chart lays out every bucket of
// the span, empty ones too, on the grid those dates set, and never drops a row that is off it.
import { addDays, type CalendarDate } from "@/lib/periods/calendar-date";
import type { Granularity } from "./usage-limits";

export { GRANULARITIES, type Granularity } from "./usage-limits";

function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [year, month] = [Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1 + months];
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  return `${String(y).padStart(4, "0")}-${String(m + 1).padStart(2, "0")}-01`;
}

/** The bucket after the one starting on `date`. */
export function nextBucket(date: CalendarDate, granularity: Granularity): CalendarDate {
  return granularity === "day" ? addDays(date, 1) : granularity === "week" ? addDays(date, 7) : addMonths(date, 1);
}

/**
 * The first day of every bucket from the one holding `from` to the one holding `to`, in order.
 * Weeks are laid on the grid of the rows' own dates (so on the locale's first weekday); without
 * rows they start on `from`. Row dates off the grid (a combined view whose locales start weeks
 * on different days) are kept as buckets of their own.
 */
export function bucketDates(
  from: CalendarDate,
  to: CalendarDate,
  granularity: Granularity,
  rowDates: readonly CalendarDate[] = [],
): CalendarDate[] {
  let first: CalendarDate;
  if (granularity === "day") first = from;
  else if (granularity === "month") first = `${from.slice(0, 7)}-01`;
  else {
    first = [...rowDates].sort()[0] ?? from;
    while (first > from) first = addDays(first, -7);
    while (addDays(first, 7) <= from) first = addDays(first, 7);
  }
  const dates = new Set<CalendarDate>();
  for (let date = first; date <= to; date = nextBucket(date, granularity)) dates.add(date);
  for (const date of rowDates) dates.add(date);
  return [...dates].sort();
}

/** The bucket of `buckets` (sorted first days) that holds `date`: the last one starting on or before it. */
export function bucketOf(date: CalendarDate, buckets: readonly CalendarDate[]): CalendarDate | undefined {
  let found: CalendarDate | undefined;
  for (const bucket of buckets) {
    if (bucket > date) break;
    found = bucket;
  }
  return found;
}
