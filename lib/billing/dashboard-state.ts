// The dashboard's view, kept in the URL so a view can be shared: ?period=&areas=&workspaces=
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
  return text.split(",").map((part) => part.trim()).filter(Boolean);
}

export function parseDashboardState(
  params: Params,
  { primary, allowedWorkspaces, allowedAreas }: { primary: string; allowedWorkspaces: string[]; allowedAreas: string[] },
): DashboardState {
  const period = typeof params.period === "string" && /^(current|previous|\d{4}-(0[1-9]|1[0-2]))$/.test(params.period) ? params.period : "current";
  const others = list(params.workspaces).filter((slug) => slug !== primary && allowedWorkspaces.includes(slug));
  return {
    period,
    areas: [...new Set(list(params.areas).filter((key) => allowedAreas.includes(key)))],
    workspaces: [primary, ...new Set(others)],
  };
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
export function dashboardUsageParams(state: DashboardState, known: ReadonlyMap<string, { id: string }>): Record<string, string> {
  const ids = state.workspaces.map((slug) => known.get(slug)?.id).filter((id): id is string => Boolean(id));
  return {
    workspaceId: ids.join(","),
    period: state.period,
    ...(state.areas.length ? { productArea: state.areas.join(",") } : {}),
    groupBy: "day,productArea",
  };
}
