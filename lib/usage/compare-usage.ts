// The comparison a usage report carries with compare=previous: each workspace's windows (see
// lib/periods/comparison.ts), and the totals over them per product area, exact.
import { comparisonWindows, type ComparisonWindows } from "@/lib/periods/comparison";
import type { BillingCycle } from "@/lib/periods/period";
import type { PeriodInfo, Comparison, UsageTotal } from "./usage-response";
import type { WorkspaceRange } from "./usage-sql";

type Grouped = (ranges: WorkspaceRange[]) => Promise<UsageTotal[]>;

/** The comparison in quantities; the report adds the same windows in money (compute-usage-report.ts). */
export type QuantityComparison =
  Omit<Extract<Comparison, { available: true }>, "costs" | "costTotals"> | Extract<Comparison, { available: false }>;

export function comparisonWindowsFor(workspaces: { workspace: BillingCycle & { id: string }; period: PeriodInfo }[], now: Date) {
  return workspaces.map(({ workspace, period }) => ({ workspaceId: workspace.id, windows: comparisonWindows(period, workspace, now) }));
}

/** The windows as a cache-key part: they move at local midnight, whatever the range asked. */
export function comparisonKey(windows: { workspaceId: string; windows: ComparisonWindows }[]): string {
  return JSON.stringify(
    windows.map(({ windows }) => (windows.kind === "windows" ? [windows.current, windows.previous] : windows.availableAt)),
  );
}

export async function compareUsage(
  perWorkspace: { workspaceId: string; windows: ComparisonWindows }[],
  grouped: Grouped,
): Promise<QuantityComparison> {
  const tooEarly = perWorkspace.flatMap(({ windows }) => (windows.kind === "too-early" ? [windows.availableAt] : []));
  if (tooEarly.length > 0) {
    // Combined views compare once every workspace has a complete day.
    const availableAt = new Date(Math.max(...tooEarly.map((at) => at.getTime())));
    return { available: false, reason: "too-early", availableAt: availableAt.toISOString() };
  }
  const windows = perWorkspace.map(({ workspaceId, windows }) => {
    if (windows.kind !== "windows") throw new Error("unreachable");
    return { workspaceId, basis: windows.basis, current: windows.current, previous: windows.previous };
  });
  const ranges = (side: "current" | "previous") =>
    windows.map((w) => ({ workspaceId: w.workspaceId, start: w[side].from, end: w[side].to, wholePeriod: w.basis === "whole-periods" }));
  // One after the other: a transaction client runs one query at a time.
  const current = await grouped(ranges("current"));
  const previous = await grouped(ranges("previous"));
  const key = (t: UsageTotal) => `${t.productArea}\u0000${t.unit}`;
  const merged = new Map<string, { productArea: string; unit: string; current: string; previous: string }>();
  for (const t of current) merged.set(key(t), { productArea: t.productArea, unit: t.unit, current: t.quantity, previous: "0" });
  for (const t of previous) {
    const found = merged.get(key(t));
    if (found) found.previous = t.quantity;
    else merged.set(key(t), { productArea: t.productArea, unit: t.unit, current: "0", previous: t.quantity });
  }
  return { available: true, windows, totals: [...merged.values()] };
}
