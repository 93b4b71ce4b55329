// Turns a requested range into concrete dates for one workspace, in its billing time zone.
import {
  currentPeriod,
  periodClosesAt,
  periodContaining,
  periodForMonth,
  previousPeriod,
  type BillingCycle,
} from "@/lib/billing/period";
import type { UsageRange } from "./usage-query";

export interface ResolvedRange {
  start: string;
  /** Inclusive. */
  end: string;
  timeZone: string;
  /** The range is exactly one billing period (whole-period totals can be read pre-aggregated). */
  wholePeriod: boolean;
  /** Every day of the range belongs to a period that has closed (end + grace): figures are final. */
  closed: boolean;
}

export function resolveRange(cycle: BillingCycle, range: UsageRange, now: Date, graceHours: number): ResolvedRange {
  const period =
    range.kind === "dates"
      ? null
      : range.period === "current"
        ? currentPeriod(cycle, now)
        : range.period === "previous"
          ? previousPeriod(cycle, now)
          : periodForMonth(range.period.month, cycle.billingAnchorDay);
  const start = period?.start ?? (range as { from: string }).from;
  const end = period?.end ?? (range as { to: string }).to;
  const lastPeriod = periodContaining(end, cycle.billingAnchorDay);
  return {
    start,
    end,
    timeZone: cycle.timeZone,
    wholePeriod: period !== null,
    closed: now.getTime() >= periodClosesAt(lastPeriod, cycle, graceHours).getTime(),
  };
}

/**
 * `resolveRange` for many workspaces at one instant, computed once per distinct billing cycle:
 * thousands of workspaces share a few hundred (time zone, anchor day) pairs.
 */
export function rangeResolver(range: UsageRange, now: Date, graceHours: number): (cycle: BillingCycle) => ResolvedRange {
  const byCycle = new Map<string, ResolvedRange>();
  return (cycle) => {
    const key = `${cycle.timeZone} ${cycle.billingAnchorDay}`;
    let resolved = byCycle.get(key);
    if (!resolved) {
      resolved = resolveRange(cycle, range, now, graceHours);
      byCycle.set(key, resolved);
    }
    return resolved;
  };
}
