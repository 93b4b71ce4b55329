// The dashboard's view, kept in the URL so a view can be shared:
// ?period=&areas=&workspaces= or ?from=&to= (any date range), &granularity=week|month, &show=cost
// (?day= on arrival: the period holding that day).
import { inYears } from "@/lib/periods/year-window";
import { addDays, calendarDateIn, daysBetween, isValidCalendarDate } from "@/lib/periods/calendar-date";
import { currentPeriod, periodContaining, previousPeriod, type BillingCycle } from "@/lib/periods/period";
import { GRANULARITIES, type Granularity } from "@/lib/usage/chart-buckets";
import { MAX_RANGE_DAYS } from "@/lib/usage/usage-limits";

/** Ranges longer than this are drawn per week unless the URL asks otherwise: 90 bars are too thin. */
export const DAILY_UP_TO_DAYS = 62;

export interface DashboardState {
  /** current | previous | YYYY-MM; ignored while `range` is set. */
  period: string;
  /** Any date range (inclusive, in the workspace's time zone) instead of a billing period. */
  range: { from: string; to: string } | null;
  /** Chosen in the chart; null: by the view's length (see `granularityOf`). */
  granularity: Granularity | null;
  /** What the chart shows: quantities, or their cost in money. */
  show: "usage" | "cost";
  /** Product area keys; empty = all. */
  areas: string[];
  /** Workspace slugs; the first is the page's own workspace. */
  workspaces: string[];
}

type Params = Record<string, string | string[] | undefined>;

function list(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(",") : (value ?? "");
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
}

export function parseDashboardState(
  params: Params,
  { primary, allowedWorkspaces, allowedAreas }: { primary: string; allowedWorkspaces: string[]; allowedAreas: string[] },
  cycle: BillingCycle,
  now: Date,
): { state: DashboardState; notice: string | null } {
  const parsed = parsePeriod(params.day ? periodOfDay(params.day, cycle) : params.period, cycle, now);
  const ranged = params.from !== undefined || params.to !== undefined ? parseRange(params.from, params.to, cycle, now) : null;
  const others = list(params.workspaces).filter((slug) => slug !== primary && allowedWorkspaces.includes(slug));
  const granularity = one(params.granularity);
  return {
    state: {
      period: parsed.period,
      range: ranged?.range ?? null,
      granularity: GRANULARITIES.includes(granularity as Granularity) ? (granularity as Granularity) : null,
      show: one(params.show) === "cost" ? "cost" : "usage",
      areas: [...new Set(list(params.areas).filter((key) => allowedAreas.includes(key)))],
      workspaces: [primary, ...new Set(others)],
    },
    notice: ranged?.notice ?? parsed.notice,
  };
}

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Why a range cannot be shown, or null: the range picker and the URL use the same rule. */
export function rangeProblem(from: string, to: string, today: string): string | null {
  if (!isValidCalendarDate(from) || !isValidCalendarDate(to) || !inYears(Number(from.slice(0, 4))) || !inYears(Number(to.slice(0, 4))))
    return "Enter both days of the range as dates.";
  if (to < from) return "The range ends before it starts.";
  if (from > today) return "The range starts in the future.";
  if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) return `A range may span at most ${MAX_RANGE_DAYS} days.`;
  return null;
}

/** `?from=&to=`: shown as asked when it is a range the API takes, else the billing period, and why. */
function parseRange(
  fromParam: string | string[] | undefined,
  toParam: string | string[] | undefined,
  cycle: BillingCycle,
  now: Date,
): { range: { from: string; to: string } | null; notice: string | null } {
  const [from, to] = [one(fromParam) ?? "", one(toParam) ?? ""];
  const problem = rangeProblem(from, to, calendarDateIn(now, cycle.timeZone));
  if (problem) return { range: null, notice: `${problem} Showing the billing period instead.` };
  return { range: { from, to }, notice: null };
}

/** The granularity a view is drawn in: the one chosen, else days up to DAILY_UP_TO_DAYS, weeks beyond. */
export function granularityOf(state: DashboardState): Granularity {
  if (state.granularity) return state.granularity;
  if (!state.range) return "day";
  return daysBetween(state.range.from, state.range.to) + 1 > DAILY_UP_TO_DAYS ? "week" : "day";
}

/** The last `days` days up to today: the range picker's starting suggestion. */
export function recentRange(today: string, days = 90): { from: string; to: string } {
  return { from: addDays(today, -(days - 1)), to: today };
}

/**
 * `?day=YYYY-MM-DD` (links from a flag to the day it is about) asks for the billing period holding
 * that day; the selector names periods by the month they start in, so the day becomes that month.
 */
function periodOfDay(value: string | string[], cycle: BillingCycle): string {
  const text = Array.isArray(value) ? value.join(",") : value;
  return isValidCalendarDate(text) ? periodContaining(text, cycle.billingAnchorDay).start.slice(0, 7) : text;
}

/**
 * The period a URL asks for, as the selector names it: the current and previous periods by name,
 * older ones by month. A period that is not a month, or has not started, shows the current one,
 * and says so.
 */
function parsePeriod(value: string | string[] | undefined, cycle: BillingCycle, now: Date): { period: string; notice: string | null } {
  if (value === undefined || value === "current" || value === "previous") return { period: value ?? "current", notice: null };
  const text = Array.isArray(value) ? value.join(",") : value;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(text) || !inYears(Number(text.slice(0, 4)))) {
    return {
      period: "current",
      notice: `"${text.slice(0, 40)}" is not a billing period (use a month, YYYY-MM): showing the current period.`,
    };
  }
  const current = currentPeriod(cycle, now).start.slice(0, 7);
  if (text === current) return { period: "current", notice: null };
  if (text === previousPeriod(cycle, now).start.slice(0, 7)) return { period: "previous", notice: null };
  if (text > current) return { period: "current", notice: `The period starting in ${text} has not begun yet: showing the current period.` };
  return { period: text, notice: null };
}

export function dashboardSearch(state: DashboardState): string {
  const params = new URLSearchParams();
  if (state.range) {
    params.set("from", state.range.from);
    params.set("to", state.range.to);
  } else if (state.period !== "current") params.set("period", state.period);
  if (state.granularity) params.set("granularity", state.granularity);
  if (state.show === "cost") params.set("show", "cost");
  if (state.areas.length) params.set("areas", state.areas.join(","));
  if (state.workspaces.length > 1) params.set("workspaces", state.workspaces.join(","));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * The query the dashboard's main report sends to GET /api/billing/usage for a view (`known`: the
 * workspaces the dashboard knows, by slug). The page renders that report on the server with the
 * same parameters, so the client finds it cached. A date range is compared with nothing: "last
 * period" means a billing period, and a range is not one.
 */
export function dashboardUsageParams(
  state: DashboardState,
  known: ReadonlyMap<string, { id: string; currency?: string }>,
): Record<string, string> & { compare?: string } {
  const workspaces = state.workspaces.map((slug) => known.get(slug)).filter((w) => w !== undefined);
  const granularity = granularityOf(state);
  // A row summing workspaces of different currencies has no amount: such a view keeps each
  // workspace's rows apart, so the cost chart has every amount in its own currency.
  const currencies = new Set(workspaces.map((w) => w.currency));
  return {
    workspaceId: workspaces.map((w) => w.id).join(","),
    ...(state.range ? { from: state.range.from, to: state.range.to } : { period: state.period }),
    ...(state.areas.length ? { productArea: state.areas.join(",") } : {}),
    groupBy: currencies.size > 1 ? "day,productArea,workspace" : "day,productArea",
    ...(granularity !== "day" ? { granularity } : {}),
    ...(state.range ? {} : { compare: "previous" }),
  };
}
