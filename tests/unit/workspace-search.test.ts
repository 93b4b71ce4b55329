import { describe, expect, it } from "vitest";
import type { WorkspaceRole } from "@/lib/access/permissions";
import { matchWorkspaces, workspacesQuery } from "@/lib/workspaces/workspace-search";

const grants = Array.from({ length: 300 }, (_, i) => ({
  workspace: {
    id: `ws_${i}`,
    slug: `ws-${String(i).padStart(3, "0")}`,
    name: `Team ${String(i).padStart(3, "0")}${i % 7 === 0 ? " Überseeamt" : ""}`,
  },
  role: (i % 3 === 0 ? "MEMBER" : i % 3 === 1 ? "FINANCE" : "ADMIN") as WorkspaceRole,
}));
const slugs = (found: { matches: typeof grants }) => found.matches.map((g) => g.workspace.slug);

describe("matchWorkspaces", () => {
  it("without a query returns every grant, in the order given", () => {
    const found = matchWorkspaces(grants, {});
    expect(found.matches).toEqual(grants);
    expect(found.total).toBe(300);
  });

  it("matches a part of the name or of the slug, ignoring case and surrounding spaces", () => {
    expect(slugs(matchWorkspaces(grants, { search: " TEAM 12 " }))).toEqual(Array.from({ length: 10 }, (_, i) => `ws-12${i}`));
    expect(slugs(matchWorkspaces(grants, { search: "WS-29" }))).toEqual(Array.from({ length: 10 }, (_, i) => `ws-29${i}`));
    expect(matchWorkspaces(grants, { search: "überSEE" }).total).toBe(43);
    expect(matchWorkspaces(grants, { search: "   " }).total).toBe(300);
    expect(matchWorkspaces(grants, { search: "team 1000" })).toEqual({ matches: [], total: 0 });
  });

  it("keeps only grants whose role holds the permission", () => {
    expect(matchWorkspaces(grants, { permission: "usage:view" }).total).toBe(200);
    expect(matchWorkspaces(grants, { permission: "audit:view" }).matches.every((g) => g.role === "ADMIN")).toBe(true);
    expect(slugs(matchWorkspaces(grants, { permission: "usage:export", search: "team 00" }))).toEqual([
      "ws-001",
      "ws-002",
      "ws-004",
      "ws-005",
      "ws-007",
      "ws-008",
    ]);
  });

  it("does not count a billing permission where the billing dashboard is hidden, and still counts others there", () => {
    // ws-002, ws-005 and ws-008 are ADMIN grants; the flag hides billing on ws-002 and ws-005.
    const hidden = new Set(["ws_2", "ws_5"]);
    expect(slugs(matchWorkspaces(grants, { permission: "usage:export", search: "team 00" }, hidden))).toEqual([
      "ws-001",
      "ws-004",
      "ws-007",
      "ws-008",
    ]);
    expect(slugs(matchWorkspaces(grants, { permission: "audit:view", search: "team 00" }, hidden))).toEqual(["ws-002", "ws-005", "ws-008"]);
    expect(matchWorkspaces(grants, { search: "team 00" }, hidden).total).toBe(10);
  });

  it("returns at most `limit` matches, the first ones, and counts them all", () => {
    const found = matchWorkspaces(grants, { search: "team 1", permission: "usage:view", limit: 5 });
    expect(slugs(found)).toEqual(["ws-100", "ws-101", "ws-103", "ws-104", "ws-106"]);
    expect(found.total).toBe(67);
  });
});

describe("workspacesQuery", () => {
  it("accepts no parameter at all, and coerces the limit", () => {
    expect(workspacesQuery.parse({})).toEqual({});
    expect(workspacesQuery.parse({ search: "  acme ", permission: "usage:view", limit: "20" })).toEqual({
      search: "acme",
      permission: "usage:view",
      limit: 20,
    });
  });

  it.each([{ limit: "0" }, { limit: "101" }, { limit: "1.5" }, { permission: "usage:all" }, { search: "x".repeat(101) }])(
    "refuses %j",
    (query) => {
      expect(workspacesQuery.safeParse(query).success).toBe(false);
    },
  );
});
