// Dates as people read them, one format throughout the app (ISO 8601 stays in files and APIs).
// Calendar dates are formatted in UTC, where "YYYY-MM-DD" midnight is that very day; instants in
// the time zone they are shown for, which is always named.
const DISPLAY_LOCALE = "en-US";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let found = formatters.get(key);
  if (!found) formatters.set(key, (found = new Intl.DateTimeFormat(DISPLAY_LOCALE, options)));
  return found;
}

const day = (date: string) => new Date(`${date}T00:00:00Z`);

/** "Dec 1, 2026" */
export function formatDay(date: string): string {
  return formatter("day", { dateStyle: "medium", timeZone: "UTC" }).format(day(date));
}

/** "Dec 1" */
export function formatDayShort(date: string): string {
  return formatter("day-short", { month: "short", day: "numeric", timeZone: "UTC" }).format(day(date));
}

/** "Dec 1 – 31, 2026", "Nov 15 – Dec 14, 2026", "Dec 15, 2026 – Jan 14, 2027" */
export function formatDayRange(start: string, end: string): string {
  // ICU puts thin spaces around the dash; plain ones read (and search) the same everywhere.
  return formatter("range", { dateStyle: "medium", timeZone: "UTC" }).formatRange(day(start), day(end)).replace(/\u2009/g, " ");
}

/** "Dec 3, 2026, 12:00 AM" in `timeZone`; with `named`, followed by the zone: "(America/New_York)". */
export function formatInstant(instant: string | Date, timeZone: string, { named = false, seconds = false } = {}): string {
  const text = formatter(`instant ${timeZone} ${seconds}`, { dateStyle: "medium", timeStyle: seconds ? "medium" : "short", timeZone })
    .format(typeof instant === "string" ? new Date(instant) : instant)
    .replace(/\u202f/g, " ");
  return named ? `${text} (${timeZone})` : text;
}
