// "Change vs last period", like with like. A running period is compared on its complete days only
// (today is still filling up), against as many days of the previous period that fall on the same
// weekdays (usage has a weekly rhythm: a Tuesday against a Sunday is a false alarm). A period that
// has ended is compared whole with the whole period before it.
import { addDays, calendarDateIn, dayOfWeek, parseCalendarDate, type CalendarDate } from "@/lib/periods/calendar-date";
import { localMidnight, periodContaining, type BillingCycle } from "./period";

export interface DateWindow {
  from: CalendarDate;
  /** Inclusive. */
  to: CalendarDate;
}

export type ComparisonWindows =
  | { kind: "windows"; current: DateWindow; previous: DateWindow; basis: "whole-periods" | "same-weekdays" }
  /** The period's first day is not over yet: nothing whole to compare. */
  | { kind: "too-early"; availableAt: Date };

function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((parseCalendarDate(to).getTime() - parseCalendarDate(from).getTime()) / 86_400_000);
}

export function comparisonWindows(
  { start, end }: { start: CalendarDate; end: CalendarDate },
  cycle: BillingCycle,
  now: Date,
): ComparisonWindows {
  const previous = periodContaining(addDays(start, -1), cycle.billingAnchorDay);
  const today = calendarDateIn(now, cycle.timeZone);
  if (today > end) {
    return {
      kind: "windows",
      current: { from: start, to: end },
      previous: { from: previous.start, to: previous.end },
      basis: "whole-periods",
    };
  }
  const complete = daysBetween(start, today); // the days before today
  if (complete < 1) return { kind: "too-early", availableAt: new Date(localMidnight(addDays(start, 1), cycle.timeZone)) };
  // The previous period's day nearest its start that has the current period's first weekday…
  let offset = (dayOfWeek(start) - dayOfWeek(previous.start) + 7) % 7;
  if (offset > 3) offset -= 7;
  // …unless the window would then run past that period's end: a week earlier instead.
  if (offset > 0 && daysBetween(previous.start, previous.end) < offset + complete - 1) offset -= 7;
  const from = addDays(previous.start, offset);
  return {
    kind: "windows",
    current: { from: start, to: addDays(today, -1) },
    previous: { from, to: addDays(from, complete - 1) },
    basis: "same-weekdays",
  };
}
