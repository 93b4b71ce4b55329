import { describe, expect, it } from "vitest";
import { parseWorkspaceListParams, workspaceListPage } from "@/lib/workspaces/workspace-pages";

const grants = Array.from({ length: 7 }, (_, i) => ({
  workspace: { id: `ws_city_${i + 1}`, slug: `city-${i + 1}`, name: i < 4 ? `Lisbon ${i + 1}` : `Oslo ${i + 1}` },
  role: "ADMIN" as const,
}));
const slugs = (page: { rows: { workspace: { slug: string } }[] }) => page.rows.map((g) => g.workspace.slug);

describe("workspaceListPage", () => {
  it("shows a page at a time, in the order given", () => {
    const first = workspaceListPage(grants, { search: "", page: 1 }, 3);
    expect([slugs(first), first.total, first.page, first.pages, first.from, first.to]).toEqual([
      ["city-1", "city-2", "city-3"],
      7,
      1,
      3,
      1,
      3,
    ]);
    const last = workspaceListPage(grants, { search: "", page: 3 }, 3);
    expect([slugs(last), last.from, last.to]).toEqual([["city-7"], 7, 7]);
  });

  it("clamps a page past the end to the last one", () => {
    const page = workspaceListPage(grants, { search: "", page: 99 }, 3);
    expect([page.page, slugs(page)]).toEqual([3, ["city-7"]]);
  });

  it("pages through the matches of a search only", () => {
    const page = workspaceListPage(grants, { search: "OSLO", page: 1 }, 2);
    expect([slugs(page), page.total, page.pages]).toEqual([["city-5", "city-6"], 3, 2]);
  });

  it("answers an empty first page when nothing matches", () => {
    const page = workspaceListPage(grants, { search: "quito", page: 2 }, 3);
    expect([page.rows, page.total, page.page, page.pages, page.from, page.to]).toEqual([[], 0, 1, 1, 0, 0]);
  });
});

describe("parseWorkspaceListParams", () => {
  it("reads search and page", () => {
    expect(parseWorkspaceListParams({ search: "  oslo ", page: "2" })).toEqual({ search: "oslo", page: 2 });
  });

  it("falls back to the first page of everything for malformed values", () => {
    expect(parseWorkspaceListParams({})).toEqual({ search: "", page: 1 });
    expect(parseWorkspaceListParams({ page: "0" })).toEqual({ search: "", page: 1 });
    expect(parseWorkspaceListParams({ page: "two" })).toEqual({ search: "", page: 1 });
    expect(parseWorkspaceListParams({ search: "x".repeat(101), page: ["3", "4"] })).toEqual({ search: "", page: 3 });
  });
});
