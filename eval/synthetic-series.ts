// Daily series with the shapes real usage has, from a fixed seed: trend, weekly rhythm, level
// shifts, noise, and in some a month-end spike. The projection is measured on them.
import { seededRandom } from "@/lib/demo/synthetic-usage";
import { addDays, dayOfWeek, parseCalendarDate } from "@/lib/periods/calendar-date";

export interface Series {
  name: string;
  start: string;
  values: number[];
  /** What shapes it has, for reading the results. */
  traits?: string;
}

export function syntheticSuite({ seed = 20261202, count = 40, days = 365, start = "2025-12-01" } = {}): Series[] {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + random() * (high - low);
  return Array.from({ length: count }, (_, n) => {
    const base = 10 ** between(1, 6);
    const trend = between(-0.002, 0.004);
    const weekendDip = random() < 0.7 ? between(0.1, 0.7) : 0;
    const noise = between(0.03, 0.2);
    const monthEnd = random() < 0.3 ? between(1.5, 3) : 1;
    const shifts = Array.from({ length: Math.floor(between(0, 3)) }, () => ({
      day: Math.floor(between(30, days)),
      factor: between(0.6, 1.6),
    }));
    const values: number[] = [];
    let level = base;
    for (let i = 0; i < days; i++) {
      const date = addDays(start, i);
      for (const shift of shifts) if (shift.day === i) level *= shift.factor;
      level *= 1 + trend;
      const weekday = dayOfWeek(date);
      const seasonal = weekday === 0 || weekday === 6 ? 1 - weekendDip : 1 + weekendDip * 0.4;
      const day = parseCalendarDate(date).getUTCDate();
      const lastDay = new Date(
        Date.UTC(parseCalendarDate(date).getUTCFullYear(), parseCalendarDate(date).getUTCMonth() + 1, 0),
      ).getUTCDate();
      const spike = day > lastDay - 2 ? monthEnd : 1;
      const jitter = 1 + (random() + random() + random() - 1.5) * noise * 2;
      values.push(Math.max(0, level * seasonal * spike * jitter));
    }
    const traits = `trend ${(trend * 100).toFixed(2)}%/day, weekend ${weekendDip.toFixed(2)}, noise ${noise.toFixed(2)}, month-end ×${monthEnd.toFixed(1)}, ${shifts.length} shifts`;
    return { name: `synthetic-${String(n + 1).padStart(2, "0")}`, start, values, traits };
  });
}
