// The dashboard's view, kept in the URL so a view can be shared: ?period=&areas=&workspaces=
// (?day= on arrival: the period holding that day).
import { inYears } from "@/lib/periods/year-window";
import { isValidCalendarDate } from "@/lib/periods/calendar-date";
import { currentPeriod, periodContaining, previousPeriod, type BillingCycle } from "@/lib/periods/period";

export interface DashboardState {
  /** current | previous | YYYY-MM */
  period: string;
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
  const { period, notice } = parsePeriod(params.day ? periodOfDay(params.day, cycle) : params.period, cycle, now);
  const others = list(params.workspaces).filter((slug) => slug !== primary && allowedWorkspaces.includes(slug));
  return {
    state: {
      period,
      areas: [...new Set(list(params.areas).filter((key) => allowedAreas.includes(key)))],
      workspaces: [primary, ...new Set(others)],
    },
    notice,
  };
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
  if (state.period !== "current") params.set("period", state.period);
  if (state.areas.length) params.set("areas", state.areas.join(","));
  if (state.workspaces.length > 1) params.set("workspaces", state.workspaces.join(","));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * The query the dashboard's main report sends to GET /api/billing/usage for a view (`known`: the
 * workspaces the dashboard knows, by slug). The page renders that report on the server with the
 * same parameters, so the client finds it cached.
 */
export function dashboardUsageParams(
  state: DashboardState,
  known: ReadonlyMap<string, { id: string }>,
): Record<string, string> & { compare?: string } {
  const ids = state.workspaces.map((slug) => known.get(slug)?.id).filter((id): id is string => Boolean(id));
  return {
    workspaceId: ids.join(","),
    period: state.period,
    ...(state.areas.length ? { productArea: state.areas.join(",") } : {}),
    groupBy: "day,productArea",
    compare: "previous",
  };
}
