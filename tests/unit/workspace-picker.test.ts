import { describe, expect, it } from "vitest";
import { pickerOptions } from "@/lib/billing/workspace-picker";

const workspaces = Array.from({ length: 2000 }, (_, i) => ({ slug: `bench-${String(i).padStart(4, "0")}`, name: `Bench ${String(i).padStart(4, "0")}` }));
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
