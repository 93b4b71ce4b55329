// The billing periods detection still reports on: the current one, and the previous one while
// its grace window is open (late usage can still change it).
import { currentPeriod, periodClosesAt, previousPeriod, type BillingCycle, type BillingPeriod } from "@/lib/periods/period";

export function openPeriods(cycle: BillingCycle, now: Date, graceHours: number): BillingPeriod[] {
  const previous = previousPeriod(cycle, now);
  const current = currentPeriod(cycle, now);
  return periodClosesAt(previous, cycle, graceHours) > now ? [previous, current] : [current];
}
