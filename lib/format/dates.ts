// Dates as people read them, in the workspace's locale (ISO 8601 stays in files and APIs).
// Calendar dates are formatted in UTC, where "YYYY-MM-DD" midnight is that very day; instants in
// the time zone they are shown for, which is always named.

/** The locale of pages that are about no one workspace, and of workspaces created without one. */
export const DEFAULT_LOCALE = "en-US";

export interface InstantOptions {
  /** Follow the text with the zone: "(America/New_York)". */
  named?: boolean;
  seconds?: boolean;
}

export interface DateFormat {
  locale: string;
  /** "Dec 1, 2026" (en-US), "1 Dec 2026" (en-GB) */
  day(date: string): string;
  /** "Dec 1" */
  dayShort(date: string): string;
  /** "Dec 2026" (en-US), "Dec 2026" (en-GB), "2026年12月" (ja-JP): a calendar month */
  month(date: string): string;
  /** "Dec 1 – 31, 2026", "Nov 15 – Dec 14, 2026", "Dec 15, 2026 – Jan 14, 2027" */
  dayRange(start: string, end: string): string;
  /** "Dec 3, 2026, 12:00 AM" in `timeZone` */
  instant(instant: string | Date, timeZone: string, options?: InstantOptions): string;
}

// parseCalendarDate's rule, kept here: lib/format sits below lib/periods and may not import it.
const day = (date: string) => new Date(`${date}T00:00:00Z`);
// ICU puts thin and narrow no-break spaces around dashes and before AM/PM; plain ones read (and
// search) the same everywhere.
const plainSpaces = (text: string) => text.replace(/[\u2009\u202f]/g, " ");

function createDateFormat(locale: string): DateFormat {
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const formatter = (key: string, options: Intl.DateTimeFormatOptions) => {
    let found = formatters.get(key);
    if (!found) formatters.set(key, (found = new Intl.DateTimeFormat(locale, options)));
    return found;
  };
  return {
    locale,
    day: (date) => formatter("day", { dateStyle: "medium", timeZone: "UTC" }).format(day(date)),
    dayShort: (date) => formatter("day-short", { month: "short", day: "numeric", timeZone: "UTC" }).format(day(date)),
    month: (date) => formatter("month", { month: "short", year: "numeric", timeZone: "UTC" }).format(day(date)),
    dayRange: (start, end) => plainSpaces(formatter("day", { dateStyle: "medium", timeZone: "UTC" }).formatRange(day(start), day(end))),
    instant: (instant, timeZone, { named = false, seconds = false } = {}) => {
      const options = { dateStyle: "medium", timeStyle: seconds ? "medium" : "short", timeZone } as const;
      const text = plainSpaces(
        formatter(`instant ${timeZone} ${seconds}`, options).format(typeof instant === "string" ? new Date(instant) : instant),
      );
      return named ? `${text} (${timeZone})` : text;
    },
  };
}

const byLocale = new Map<string, DateFormat>();

/** The formats of `locale`; one the runtime does not know falls back to DEFAULT_LOCALE. */
export function dateFormat(locale: string = DEFAULT_LOCALE): DateFormat {
  let found = byLocale.get(locale);
  if (!found) {
    const known = isKnownLocale(locale);
    byLocale.set(locale, (found = known ? createDateFormat(locale) : dateFormat(DEFAULT_LOCALE)));
  }
  return found;
}

function isKnownLocale(locale: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf(locale).length > 0;
  } catch {
    return false; // not a BCP 47 tag at all
  }
}
