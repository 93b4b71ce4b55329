import { describe, expect, it } from "vitest";
import type { WorkspaceRole } from "@/lib/access/permissions";
import { SWITCHER_LIST_LIMIT, switcherProps } from "@/lib/workspaces/switcher-workspaces";

const visible = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    workspace: { id: `id-${i}`, slug: `ws-${i}`, name: `Workspace ${String(i).padStart(4, "0")}`, timeZone: "UTC" },
    role: "ADMIN" as WorkspaceRole,
  }));

const NONE: ReadonlySet<string> = new Set();
type Visible = ReturnType<typeof visible>;
/** As the app shell calls it: the viewable ones are what checkAccess found (here: all of them, unless told). */
const switcher = (list: Visible, current: string | null, hidden = NONE, viewable = list.filter((g) => !hidden.has(g.workspace.id))) =>
  switcherProps(list, current, hidden, viewable);

describe("switcherProps", () => {
  it("gives a small list whole, with the current workspace, and only slug, name and whether its dashboard is released", () => {
    const props = switcher(visible(3), "ws-1");
    expect(props).toEqual({
      total: 3,
      workspaces: [0, 1, 2].map((i) => ({ slug: `ws-${i}`, name: `Workspace 000${i}`, billingDashboard: true })),
      current: { slug: "ws-1", name: "Workspace 0001", billingDashboard: true },
      combined: { href: "/w/ws-0/billing?workspaces=ws-0,ws-1,ws-2", count: 3 },
    });
  });

  it("gives only the first workspaces of a long list, the count, and the current one wherever it is", () => {
    const props = switcher(visible(2000), "ws-1500");
    expect(props.total).toBe(2000);
    expect(props.workspaces.map((w) => w.slug)).toEqual(Array.from({ length: SWITCHER_LIST_LIMIT }, (_, i) => `ws-${i}`));
    expect(props.current).toEqual({ slug: "ws-1500", name: "Workspace 1500", billingDashboard: true });
  });

  it("has no current workspace outside a workspace's pages, or for one the user may not see", () => {
    expect(switcher(visible(30), null).current).toBeNull();
    expect(switcher(visible(30), "someone-elses").current).toBeNull();
    expect(switcher([], null)).toEqual({ total: 0, workspaces: [], current: null, combined: null });
  });
});

describe("the combined view behind “All workspaces”", () => {
  it("combines the workspaces whose usage the user may view, while the dashboard can hold them", () => {
    const grants = visible(3).map((g, i) => ({ ...g, role: (i === 1 ? "MEMBER" : "FINANCE") as WorkspaceRole }));
    const viewable = grants.filter((g) => g.role !== "MEMBER");
    expect(switcher(grants, null, NONE, viewable).combined).toEqual({ href: "/w/ws-0/billing?workspaces=ws-0,ws-2", count: 2 });
    expect(switcher(visible(50), null).combined?.count).toBe(50);
    expect(switcher(visible(51), null).combined).toBeNull();
    expect(switcher(visible(1), null).combined).toBeNull();
  });
});

describe("workspaces whose billing dashboard is not released", () => {
  it("are still listed, marked, and left out of the combined view", () => {
    const props = switcher(visible(3), "ws-1", new Set(["id-1"]));
    expect(props.workspaces.map((w) => [w.slug, w.billingDashboard])).toEqual([
      ["ws-0", true],
      ["ws-1", false],
      ["ws-2", true],
    ]);
    expect(props.current).toEqual({ slug: "ws-1", name: "Workspace 0001", billingDashboard: false });
    expect(props.combined).toEqual({ href: "/w/ws-0/billing?workspaces=ws-0,ws-2", count: 2 });
  });
});
