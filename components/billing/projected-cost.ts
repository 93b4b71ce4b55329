// The cumulative cost's projected path to the period's end, for the cost chart: it starts at the
// cost so far and ends exactly at the projection's total in that currency (the projected invoice
// card's figure). In between, each area's projected remaining cost is spread over the remaining
// days in proportion to that area's forecast quantity: a drawing aid, not a priced forecast.
import type { ProjectionResponse } from "@/lib/projection/projection-response";
import { bucketDates, bucketOf, type Granularity } from "@/lib/usage/chart-buckets";

export interface ProjectedCostPoint {
  /** A bucket's first day. */
  date: string;
  /** The projected running total at the end of the bucket (plotting only). */
  cumulative: number;
}

/**
 * The path per bucket after the last one with figures, through the period's end. `keys`: the
 * areas shown; `costSoFar`: the running total the chart has reached; `buckets`: the chart's.
 */
export function projectedCostPath({
  projection,
  currency,
  keys,
  costSoFar,
  lastDate,
  buckets,
  granularity,
}: {
  projection: ProjectionResponse | undefined;
  currency: string;
  keys: readonly string[];
  costSoFar: number;
  /** The last day with figures (today, in the period in progress). */
  lastDate: string;
  buckets: readonly string[];
  granularity: Granularity;
}): { points: ProjectedCostPoint[]; total: string | null } {
  const total = projection?.totals.find((t) => t.currency === currency)?.projectedAmount ?? null;
  if (!projection || total === null || projection.forecast.length === 0) return { points: [], total };
  const areas = projection.areas.filter((a) => a.currency === currency && a.projectedAmount !== null && keys.includes(a.productArea));
  const key = (workspaceId: string, productArea: string) => `${workspaceId}\u0000${productArea}`;
  const remaining = new Map(areas.map((a) => [key(a.workspaceId, a.productArea), Number(a.projectedAmount) - Number(a.amountToDate ?? 0)]));
  const ahead = projection.forecast.filter((f) => f.date > lastDate && remaining.has(key(f.workspaceId, f.productArea)));
  const quantityOf = new Map<string, number>();
  for (const f of ahead)
    quantityOf.set(key(f.workspaceId, f.productArea), (quantityOf.get(key(f.workspaceId, f.productArea)) ?? 0) + Number(f.quantity));
  const byDay = new Map<string, number>();
  for (const f of ahead) {
    const k = key(f.workspaceId, f.productArea);
    const share = quantityOf.get(k)! > 0 ? (remaining.get(k)! * Number(f.quantity)) / quantityOf.get(k)! : 0;
    byDay.set(f.date, (byDay.get(f.date) ?? 0) + share);
  }
  const days = [...byDay.keys()].sort();
  if (days.length === 0) return { points: [], total };
  const added = [...byDay.values()].reduce((sum, amount) => sum + amount, 0);
  // Scaled so the path ends on the projection's total whatever the rounding of the parts.
  const scale = added > 0 ? (Number(total) - costSoFar) / added : 0;
  const grid = bucketDates(buckets[0] ?? days[0]!, days.at(-1)!, granularity, buckets);
  const points = new Map<string, number>();
  let running = costSoFar;
  for (const day of days) {
    running += byDay.get(day)! * scale;
    const bucket = bucketOf(day, grid)!;
    // The bucket in progress keeps the figures it has; its remaining days join the next point.
    if (buckets.includes(bucket) && bucket <= lastDate) continue;
    points.set(bucket, running);
  }
  if (points.size > 0) points.set([...points.keys()].at(-1)!, Number(total));
  return { points: [...points].map(([date, cumulative]) => ({ date, cumulative })), total };
}
