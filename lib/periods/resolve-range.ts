// Turns a requested range into concrete dates for one workspace, in its billing time zone.
import {
  currentPeriod,
  localMidnight,
  periodClosesAt,
  periodContaining,
  periodForMonth,
  previousPeriod,
  type BillingCycle,
} from "@/lib/periods/period";
import { addDays, calendarDateIn } from "@/lib/periods/calendar-date";
import type { UsageRange } from "@/lib/usage/usage-query";

export interface ResolvedRange {
  start: string;
  /** Inclusive. */
  end: string;
  timeZone: string;
  /** The range is exactly one billing period (whole-period totals can be read pre-aggregated). */
  wholePeriod: boolean;
  /** Every day of the range belongs to a period that has closed (end + grace): figures are final. */
  closed: boolean;
  /** When the range's last period closes (its end at local midnight plus the grace), as ISO 8601. */
  closesAt: string;
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
  const closesAt = periodClosesAt(periodContaining(end, cycle.billingAnchorDay), cycle, graceHours);
  return {
    start,
    end,
    timeZone: cycle.timeZone,
    wholePeriod: period !== null,
    closed: now.getTime() >= closesAt.getTime(),
    closesAt: closesAt.toISOString(),
  };
}

interface Remembered {
  resolved: ResolvedRange;
  /** The answer holds for every instant in [from, until). */
  from: number;
  until: number;
}

/**
 * `resolveRange`, and the instants between which its answer does not change: current and previous
 * periods move only at local midnight, and `closed` flips once, when the last period closes.
 */
function resolveWithValidity(cycle: BillingCycle, range: UsageRange, now: Date, graceHours: number): Remembered {
  const resolved = resolveRange(cycle, range, now, graceHours);
  const t = now.getTime();
  let from = -Infinity;
  let until = Infinity;
  if (range.kind === "period" && (range.period === "current" || range.period === "previous")) {
    const today = calendarDateIn(now, cycle.timeZone);
    from = localMidnight(today, cycle.timeZone);
    until = localMidnight(addDays(today, 1), cycle.timeZone);
  }
  const closesAt = periodClosesAt(periodContaining(resolved.end, cycle.billingAnchorDay), cycle, graceHours).getTime();
  if (closesAt <= t) from = Math.max(from, closesAt);
  else until = Math.min(until, closesAt);
  return { resolved, from, until };
}

function rangeKey(range: UsageRange): string {
  if (range.kind === "dates") return `${range.from}..${range.to}`;
  return typeof range.period === "string" ? range.period : range.period.month;
}

// Across requests: thousands of workspaces share a few (time zone, anchor day) cycles,
// and an answer stays valid for hours, so a request over all of them costs a lookup per cycle.
const remembered = new Map<string, Remembered>();
const REMEMBERED_MAX = 20_000;

/** `resolveRange` for many workspaces at one instant, computed once per billing cycle while valid. */
export function rangeResolver(range: UsageRange, now: Date, graceHours: number): (cycle: BillingCycle) => ResolvedRange {
  const t = now.getTime();
  const suffix = ` ${graceHours} ${rangeKey(range)}`;
  return (cycle) => {
    const key = `${cycle.timeZone} ${cycle.billingAnchorDay}${suffix}`;
    let entry = remembered.get(key);
    if (!entry || t < entry.from || t >= entry.until) {
      entry = resolveWithValidity(cycle, range, now, graceHours);
      if (remembered.size >= REMEMBERED_MAX) remembered.clear();
      remembered.set(key, entry);
    }
    return entry.resolved;
  };
}
