// The days still to come, as the chart's table lists them: each area's forecast summed exactly
// over the workspaces shown.
import type { ProjectionResponse } from "@/lib/projection/projection-response";
import { fromScaled, toScaled } from "@/lib/usage/decimal";

export interface ProjectedDay {
  date: string;
  quantities: Record<string, string>;
  total: string;
}

/** Forecast days after `after` (the last day with figures), for the given areas, in date order. */
export function projectedDays(
  forecast: ProjectionResponse["forecast"] | undefined,
  keys: readonly string[],
  after: string,
): ProjectedDay[] {
  const days = new Map<string, Map<string, bigint>>();
  for (const f of forecast ?? []) {
    if (f.date <= after || !keys.includes(f.productArea)) continue;
    const day = days.get(f.date) ?? new Map<string, bigint>();
    day.set(f.productArea, (day.get(f.productArea) ?? 0n) + toScaled(f.quantity));
    days.set(f.date, day);
  }
  return [...days]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, day]) => ({
      date,
      quantities: Object.fromEntries([...day].map(([key, quantity]) => [key, fromScaled(quantity)])),
      total: fromScaled([...day.values()].reduce((sum, quantity) => sum + quantity, 0n)),
    }));
}
