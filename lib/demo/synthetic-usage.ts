// Deterministic, realistic-looking daily usage: trend, weekly seasonality and noise.
import { addDays, dayOfWeek, type CalendarDate } from "@/lib/periods/calendar-date";
import { DEMO_ANOMALIES, type DemoProductArea, type DemoWorkspace } from "./demo-data";

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

/** The days with the demo's injected anomalies (DEMO_ANOMALIES) applied: scaled, or left out for a gap. */
export function withDemoAnomalies(workspace: DemoWorkspace, area: DemoProductArea, days: SyntheticDay[]): SyntheticDay[] {
  const injected = DEMO_ANOMALIES.filter((a) => a.workspace === workspace.slug && a.area === area.key);
  if (injected.length === 0) return days;
  const last = days.length - 1;
  return days.flatMap((day, i) => {
    const anomaly = injected.find((a) => a.daysBeforeToday.includes(last - i));
    if (!anomaly) return [day];
    if (anomaly.kind === "gap") return [];
    const value = Number(day.quantity) * anomaly.factor;
    return [
      {
        date: day.date,
        quantity: area.integral ? Math.round(value).toString() : value.toFixed(3),
        sourceEventCount: Math.max(1, Math.round(day.sourceEventCount * anomaly.factor)),
      },
    ];
  });
}
