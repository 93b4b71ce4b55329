// Billing periods: from the anchor day of one month (inclusive) to the anchor day of the next
// (exclusive), as calendar dates in the workspace's billing time zone. The SQL function
// billing_period_start (migration 20261122010000_metering) computes the same start date.
import { calendarDateIn, startOfDayIn, type CalendarDate, parseCalendarDate, formatCalendarDate } from "@/lib/periods/calendar-date";

export interface BillingCycle {
  timeZone: string;
  billingAnchorDay: number;
}

export interface BillingPeriod {
  start: CalendarDate;
  /** The last day of the period, inclusive. */
  end: CalendarDate;
  /** The day after the period (the next period's start). */
  endExclusive: CalendarDate;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function monthStart(year: number, month: number, anchor: number): CalendarDate {
  const d = new Date(Date.UTC(year, month - 1, anchor));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function periodStartingIn(year: number, month: number, anchor: number): BillingPeriod {
  const start = monthStart(year, month, anchor);
  const endExclusive = monthStart(year, month + 1, anchor);
  const last = parseCalendarDate(endExclusive);
  last.setUTCDate(last.getUTCDate() - 1);
  return { start, end: formatCalendarDate(last), endExclusive };
}

export function periodContaining(date: CalendarDate, anchorDay: number): BillingPeriod {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return day >= anchorDay ? periodStartingIn(year, month, anchorDay) : periodStartingIn(year, month - 1, anchorDay);
}

/** The period that starts in the given month ("YYYY-MM"). */
export function periodForMonth(month: string, anchorDay: number): BillingPeriod {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return periodStartingIn(year, m, anchorDay);
}

export function currentPeriod(cycle: BillingCycle, now: Date): BillingPeriod {
  return periodContaining(calendarDateIn(now, cycle.timeZone), cycle.billingAnchorDay);
}

export function previousPeriod(cycle: BillingCycle, now: Date): BillingPeriod {
  const current = currentPeriod(cycle, now);
  const [year, month] = current.start.split("-").map(Number) as [number, number];
  return periodStartingIn(year, month - 1, cycle.billingAnchorDay);
}

// Local midnight → instant costs time-zone arithmetic (~15 µs); a multi-workspace view asks it
// once per workspace on every request, for a few dozen distinct (date, zone) pairs.
const midnights = new Map<string, number>();
const MIDNIGHTS_KEPT = 10_000;

/** The instant a local calendar day starts, remembered. */
export function localMidnight(date: CalendarDate, timeZone: string): number {
  const key = `${date} ${timeZone}`;
  let instant = midnights.get(key);
  if (instant === undefined) {
    if (midnights.size >= MIDNIGHTS_KEPT) midnights.clear();
    instant = startOfDayIn(date, timeZone).getTime();
    midnights.set(key, instant);
  }
  return instant;
}

/** When the period stops taking ordinary usage: its end (local midnight) plus the grace period. */
export function periodClosesAt(period: BillingPeriod, cycle: BillingCycle, graceHours: number): Date {
  return new Date(localMidnight(period.endExclusive, cycle.timeZone) + graceHours * 3_600_000);
}
