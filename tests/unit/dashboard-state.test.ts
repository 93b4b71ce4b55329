import { describe, expect, it } from "vitest";
import { dashboardSearch, dashboardUsageParams, granularityOf, parseDashboardState } from "@/lib/dashboard/dashboard-state";
import { periodOptions } from "@/lib/periods/period-options";

const acme = { timeZone: "America/New_York", billingAnchorDay: 1, locale: "en-US" };
const now = new Date("2026-11-30T15:00:00Z");
const allowed = { primary: "acme", allowedWorkspaces: ["acme", "globex"], allowedAreas: ["compute", "storage"] };
const parse = (params: Record<string, string>) => parseDashboardState(params, allowed, acme, now);

describe("the dashboard's period from the URL", () => {
  it("names the current and previous periods, and keeps older months", () => {
    expect(parse({}).state.period).toBe("current");
    expect(parse({ period: "2026-11" })).toMatchObject({ state: { period: "current" }, notice: null });
    expect(parse({ period: "2026-10" })).toMatchObject({ state: { period: "previous" }, notice: null });
    expect(parse({ period: "2025-06" })).toMatchObject({ state: { period: "2025-06" }, notice: null });
  });

  it("opens the period holding ?day= (a flag's link), whatever the anchor day", () => {
    expect(parse({ day: "2026-11-05" }).state.period).toBe("current");
    expect(parse({ day: "2026-10-31", period: "current" }).state.period).toBe("previous");
    expect(parse({ day: "2026-03-14" }).state.period).toBe("2026-03");
    const mid = (params: Record<string, string>) => parseDashboardState(params, allowed, { ...acme, billingAnchorDay: 15 }, now);
    expect(mid({ day: "2026-07-03" }).state.period).toBe("2026-06");
    expect(parse({ day: "2026-02-30" }).notice).toMatch(/showing the current period/);
  });

  it("shows the current period, and says why, for a period that is not one or has not begun", () => {
    for (const period of ["2026-13", "banana", "0050-01", "2027-03"]) {
      const { state, notice } = parse({ period });
      expect(state.period).toBe("current");
      expect(notice).toMatch(/showing the current period/);
    }
  });

  it("offers an older period in the selector when it is the one on screen", () => {
    const values = periodOptions(acme, now, "2025-06").map((o) => o.value);
    expect(values.slice(0, 2)).toEqual(["current", "previous"]);
    expect(values.at(-1)).toBe("2025-06");
    expect(periodOptions(acme, now, "2026-05").filter((o) => o.value === "2026-05")).toHaveLength(1);
    expect(periodOptions(acme, now).find((o) => o.value === "2025-06")).toBeUndefined();
  });

  it("says which periods ended before the workspace had any usage", () => {
    const labels = periodOptions(acme, now, "current", "2026-08-01").map((o) => o.label);
    expect(labels.filter((label) => label.endsWith(" · no usage"))).toHaveLength(12 - 4);
    expect(labels.find((label) => label.includes("Aug 1 – 31, 2026"))).not.toMatch(/no usage/);
    expect(labels.find((label) => label.includes("Jul 1 – 31, 2026"))).toMatch(/no usage$/);
    expect(periodOptions(acme, now, "current", null).every((o) => o.label.endsWith(" · no usage"))).toBe(true);
  });

  it("labels periods in the workspace's locale", () => {
    const [current] = periodOptions({ ...acme, locale: "en-GB" }, now);
    expect(current?.label).toBe("Current period (1 – 30 Nov 2026) · no usage");
  });

  it("keeps only workspaces and product areas the viewer may use", () => {
    const { state } = parse({ workspaces: "acme,globex,initech,globex", areas: "compute,teleportation" });
    expect(state).toEqual({
      period: "current",
      range: null,
      granularity: null,
      show: "usage",
      areas: ["compute"],
      workspaces: ["acme", "globex"],
    });
  });
});

describe("a date range, the granularity and the cost view in the URL", () => {
  const known = new Map([
    ["acme", { id: "ws_acme", currency: "USD" }],
    ["globex", { id: "ws_globex", currency: "EUR" }],
    ["initech", { id: "ws_initech", currency: "USD" }],
  ]);

  it("keeps a range the API takes, and a link reproduces it", () => {
    const { state, notice } = parse({ from: "2026-06-01", to: "2026-10-31", granularity: "month", show: "cost" });
    expect(notice).toBeNull();
    expect(state).toMatchObject({ range: { from: "2026-06-01", to: "2026-10-31" }, granularity: "month", show: "cost" });
    expect(dashboardSearch(state)).toBe("?from=2026-06-01&to=2026-10-31&granularity=month&show=cost");
    expect(parse(Object.fromEntries(new URLSearchParams(dashboardSearch(state)))).state).toEqual(state);
  });

  it("shows the billing period, and says why, for a range it cannot show", () => {
    for (const [from, to, why] of [
      ["2026-10-31", "2026-06-01", /ends before it starts/],
      ["2026-12-01", "2026-12-05", /starts in the future/],
      ["2025-01-01", "2026-11-01", /at most 400 days/],
      ["2026-02-30", "2026-03-01", /as dates/],
      ["2026-06-01", "", /as dates/],
    ] as const) {
      const { state, notice } = parse({ from, to });
      expect(state.range).toBeNull();
      expect(notice).toMatch(why);
      expect(notice).toMatch(/Showing the billing period instead/);
    }
    expect(parse({ granularity: "hour", show: "money" }).state).toMatchObject({ granularity: null, show: "usage" });
  });

  it("draws long ranges per week unless told otherwise, periods per day", () => {
    const { state } = parse({});
    expect(granularityOf(state)).toBe("day");
    expect(granularityOf({ ...state, range: { from: "2026-09-01", to: "2026-10-31" } })).toBe("day");
    expect(granularityOf({ ...state, range: { from: "2026-06-01", to: "2026-10-31" } })).toBe("week");
    expect(granularityOf({ ...state, range: { from: "2026-06-01", to: "2026-10-31" }, granularity: "month" })).toBe("month");
  });

  it("asks the API for the range and its buckets, compares only periods, and keeps currencies apart", () => {
    const { state } = parse({ from: "2026-06-01", to: "2026-10-31", workspaces: "globex" });
    expect(dashboardUsageParams(state, known)).toEqual({
      workspaceId: "ws_acme,ws_globex",
      from: "2026-06-01",
      to: "2026-10-31",
      groupBy: "day,productArea,workspace",
      granularity: "week",
    });
    const period = { ...parse({}).state, workspaces: ["acme", "initech"] };
    expect(dashboardUsageParams(period, known)).toEqual({
      workspaceId: "ws_acme,ws_initech",
      period: "current",
      groupBy: "day,productArea",
      compare: "previous",
    });
  });
});
