// Deterministic, realistic-looking daily usage: trend, weekly seasonality and noise.
import { addDays, dayOfWeek, type CalendarDate } from "@/lib/periods/calendar-date";
import type { DemoProductArea, DemoWorkspace } from "./demo-data";

export interface SyntheticDay {
  date: CalendarDate;
  quantity: string;
  sourceEventCount: number;
}

function hashSeed(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** mulberry32: a tiny seeded PRNG, so the demo data is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticUsage(workspace: DemoWorkspace, area: DemoProductArea, lastDate: CalendarDate, days: number): SyntheticDay[] {
  const next = seededRandom(hashSeed(`${workspace.slug}/${area.key}`));
  const growthPerDay = 0.001 + next() * 0.004;
  const result: SyntheticDay[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(lastDate, i - days + 1);
    const weekday = dayOfWeek(date);
    const seasonal = weekday === 0 || weekday === 6 ? 1 - area.weekendDip : 1 + area.weekendDip * 0.15;
    const noise = 1 + (next() + next() + next() - 1.5) * 0.12;
    const value = area.dailyBase * workspace.scale * (1 + growthPerDay * i) * seasonal * noise;
    const quantity = area.integral ? Math.max(0, Math.round(value)).toString() : Math.max(0, value).toFixed(3);
    const sourceEventCount = Math.max(1, Math.round((value / area.dailyBase) * 4000 * (0.9 + next() * 0.2)));
    result.push({ date, quantity, sourceEventCount });
  }
  return result;
}
