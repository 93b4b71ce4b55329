// Calendar dates as "YYYY-MM-DD" strings. Billing days are dates in a workspace's time zone, never
// instants, so arithmetic on them is done in UTC where every day has 24 hours.

export type CalendarDate = string;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date that `instant` falls on in `timeZone`. */
export function calendarDateIn(instant: Date, timeZone: string): CalendarDate {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(instant);
}

export function parseCalendarDate(date: CalendarDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function formatCalendarDate(date: Date): CalendarDate {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = parseCalendarDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return formatCalendarDate(d);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return parseCalendarDate(date).getUTCDay();
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

// Building an Intl.DateTimeFormat costs ~50 µs: one per time zone, kept.
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (positive east of Greenwich). */
function offsetAt(instant: Date, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant at which `date` begins (local midnight) in `timeZone`, as PostgreSQL reckons it. */
export function startOfDayIn(date: CalendarDate, timeZone: string): Date {
  const naive = parseCalendarDate(date).getTime();
  const guess = naive - offsetAt(new Date(naive), timeZone);
  // The offsets in force a few hours either side: they differ when the clocks change near midnight.
  const offsets = [...new Set([-3, 0, 3].map((hours) => offsetAt(new Date(guess + hours * 3_600_000), timeZone)))];
  const midnights = offsets.map((offset) => naive - offset).filter((instant) => naive - instant === offsetAt(new Date(instant), timeZone));
  // A midnight the clocks pass twice is the later one; one they jump over is taken at the offset
  // before the jump, which is the later instant too (PostgreSQL's rule for both).
  return new Date(Math.max(...(midnights.length > 0 ? midnights : offsets.map((offset) => naive - offset))));
}

/** "YYYY-MM-DD" naming a day that exists (no 2026-02-30). */
export function isValidCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = parseCalendarDate(text);
  return !Number.isNaN(day.getTime()) && formatCalendarDate(day) === text;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((parseCalendarDate(to).getTime() - parseCalendarDate(from).getTime()) / 86_400_000);
}
