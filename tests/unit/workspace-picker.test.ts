import { describe, expect, it } from "vitest";
import { PICKER_LIMIT, pickerOptions, searchedPickerOptions, workspacesForPage } from "@/lib/dashboard/workspace-picker";

const workspaces = Array.from({ length: 2000 }, (_, i) => ({
  slug: `bench-${String(i).padStart(4, "0")}`,
  name: `Bench ${String(i).padStart(4, "0")}`,
}));
const slugs = (list: { slug: string }[]) => list.map((w) => w.slug);

describe("pickerOptions", () => {
  it("lists the chosen workspaces first, then at most `limit` others", () => {
    const { shown, matchCount } = pickerOptions(workspaces, ["bench-1999", "bench-0500"], "", 50);
    expect(slugs(shown).slice(0, 2)).toEqual(["bench-0500", "bench-1999"]);
    expect(shown).toHaveLength(52);
    expect(matchCount).toBe(1998);
  });

  it("matches name or slug, ignoring case and surrounding spaces, and never repeats a chosen one", () => {
    expect(slugs(pickerOptions(workspaces, ["bench-0000"], "  BENCH 012 ", 50).shown)).toEqual([
      "bench-0000",
      ...Array.from({ length: 10 }, (_, i) => `bench-012${i}`),
    ]);
    expect(pickerOptions(workspaces, ["bench-0123"], "bench-0123", 50)).toEqual({ shown: [workspaces[123]], matchCount: 0 });
    expect(pickerOptions(workspaces, [], "nothing like it", 50)).toEqual({ shown: [], matchCount: 0 });
  });
});

describe("searchedPickerOptions", () => {
  const found = workspaces.slice(0, 50);

  it("puts the chosen workspaces first, drops them from the matches, and counts only the others", () => {
    const chosen = [workspaces[1999]!, workspaces[3]!];
    const { shown, matchCount } = searchedPickerOptions(chosen, found, 2000, "", 40);
    expect(slugs(shown).slice(0, 3)).toEqual(["bench-1999", "bench-0003", "bench-0000"]);
    expect(shown).toHaveLength(2 + 40);
    expect(searchedPickerOptions(chosen, found, 2000, "", 50).shown).toHaveLength(2 + 49);
    expect(matchCount).toBe(1998);
  });

  it("does not count a chosen workspace the search does not match", () => {
    const chosen = [workspaces[1999]!, workspaces[120]!];
    const matching = workspaces.filter((w) => w.slug.includes("012"));
    expect(searchedPickerOptions(chosen, matching, matching.length, " BENCH 012", 50).matchCount).toBe(matching.length - 1);
    expect(searchedPickerOptions(chosen, [], 0, "nothing", 50)).toEqual({ shown: chosen, matchCount: 0 });
  });
});

describe("workspacesForPage", () => {
  it("gives every workspace up to PICKER_LIMIT, otherwise only those in the view", () => {
    const few = workspaces.slice(0, PICKER_LIMIT);
    expect(workspacesForPage(few, ["bench-0001"])).toEqual(few);
    const many = workspaces.slice(0, PICKER_LIMIT + 1);
    expect(slugs(workspacesForPage(many, ["bench-0050", "bench-0002"]))).toEqual(["bench-0002", "bench-0050"]);
    expect(slugs(workspacesForPage(workspaces, ["bench-1500"]))).toEqual(["bench-1500"]);
  });
});
