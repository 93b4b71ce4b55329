import { describe, expect, it } from "vitest";
import { SWITCHER_LIST_LIMIT, switcherProps } from "@/lib/workspaces/switcher-workspaces";

const visible = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ workspace: { slug: `ws-${i}`, name: `Workspace ${String(i).padStart(4, "0")}`, timeZone: "UTC" }, role: "ADMIN" }));

describe("switcherProps", () => {
  it("gives a small list whole, with the current workspace, and only slug and name", () => {
    const props = switcherProps(visible(3), "ws-1");
    expect(props).toEqual({
      total: 3,
      workspaces: [0, 1, 2].map((i) => ({ slug: `ws-${i}`, name: `Workspace 000${i}` })),
      current: { slug: "ws-1", name: "Workspace 0001" },
    });
  });

  it("gives only the first workspaces of a long list, the count, and the current one wherever it is", () => {
    const props = switcherProps(visible(2000), "ws-1500");
    expect(props.total).toBe(2000);
    expect(props.workspaces.map((w) => w.slug)).toEqual(Array.from({ length: SWITCHER_LIST_LIMIT }, (_, i) => `ws-${i}`));
    expect(props.current).toEqual({ slug: "ws-1500", name: "Workspace 1500" });
  });

  it("has no current workspace outside a workspace's pages, or for one the user may not see", () => {
    expect(switcherProps(visible(30), null).current).toBeNull();
    expect(switcherProps(visible(30), "someone-elses").current).toBeNull();
    expect(switcherProps([], null)).toEqual({ total: 0, workspaces: [], current: null });
  });
});
