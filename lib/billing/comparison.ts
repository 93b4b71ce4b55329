// "Change vs the same point of the previous period": the first N days of the period before,
// where N is how many days of the shown period have elapsed (all of them once it is over).
import { addDays, calendarDateIn, parseCalendarDate, type CalendarDate } from "@/lib/time/calendar-date";
import { periodContaining, type BillingCycle } from "./period";

function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((parseCalendarDate(to).getTime() - parseCalendarDate(from).getTime()) / 86_400_000);
}

export function comparisonRange(
  period: { start: CalendarDate; end: CalendarDate },
  cycle: BillingCycle,
  now: Date,
): { from: CalendarDate; to: CalendarDate; days: number } {
  const previous = periodContaining(addDays(period.start, -1), cycle.billingAnchorDay);
  const today = calendarDateIn(now, cycle.timeZone);
  const lastShown = today < period.end ? today : period.end;
  const days = Math.max(1, daysBetween(period.start, lastShown) + 1);
  const to = addDays(previous.start, days - 1);
  return { from: previous.start, to: to < previous.end ? to : previous.end, days };
}
