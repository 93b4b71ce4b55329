// Labelled daily series for the anomaly detector, from a fixed seed: weekly rhythm, trend and noise,
// with spikes, drops, level shifts and gaps of known size injected, and series with none.
import { seededRandom } from "@/lib/demo/synthetic-usage";
import type { DailySeries, SeriesAnomalyKind } from "@/lib/anomalies/finding";
import { median } from "@/lib/projection/stats";

export interface LabelledWindow {
  kind: SeriesAnomalyKind;
  /** Day indexes into the series, inclusive. */
  start: number;
  end: number;
}

export interface LabelledSeries extends DailySeries {
  name: string;
  windows: LabelledWindow[];
}

const KINDS: SeriesAnomalyKind[] = ["spike", "drop", "level_shift", "gap"];

/**
 * Sizes are in robust standard deviations of the series' own noise: 1.4826 × the median absolute
 * deviation of its multiplicative jitter (value ÷ noiseless value − 1), measured on the series.
 */
export function anomalySuite({ seed = 20261202, perKind = 40, clean = 40, days = 150, start = "2026-01-05" } = {}): LabelledSeries[] {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + random() * (high - low);
  const kinds = [...KINDS.flatMap((kind) => Array.from({ length: perKind }, () => kind)), ...Array.from({ length: clean }, () => null)];
  return kinds.map((kind, n) => {
    const base = 10 ** between(1, 5);
    const trend = between(-0.002, 0.004);
    const weekendDip = random() < 0.7 ? between(0.1, 0.7) : 0;
    const noise = between(0.03, 0.15);
    const offset = random() < 0.2 ? Math.floor(between(1, 20)) : 0; // some start using it later
    const jitter = Array.from({ length: days }, () => (random() + random() + random() - 1.5) * noise * 2);
    const sd = 1.4826 * median(jitter.map((j) => Math.abs(j - median(jitter))));
    const level = Array.from({ length: days }, (_, i) => {
      const weekday = i % 7; // start is a Monday: 5 and 6 are the weekend
      const seasonal = weekday >= 5 ? 1 - weekendDip : 1 + weekendDip * 0.4;
      return base * (1 + trend) ** i * seasonal;
    });
    const factor = jitter.map((j) => 1 + j);
    const eventScale = between(0.5, 20);
    const rowless = new Set<number>();
    const fewEvents = new Set<number>();
    const windows: LabelledWindow[] = [];
    if (kind) {
      const count = kind === "level_shift" ? 1 : 2;
      for (let a = 0; a < count; a++) {
        const at = offset + 42 + Math.floor(between(0, 40)) + a * 50;
        const size = between(3, 10) * sd;
        if (kind === "spike" || kind === "drop") {
          const length = 1 + Math.floor(between(0, 3));
          const signed = kind === "spike" ? size : -Math.min(size, 0.9);
          for (let i = at; i < at + length; i++) factor[i] = factor[i]! + signed;
          windows.push({ kind, start: at, end: at + length - 1 });
        } else if (kind === "level_shift") {
          const signed = random() < 0.5 ? size : -Math.min(size, 0.6);
          for (let i = at; i < days; i++) factor[i] = factor[i]! + signed * (1 + jitter[i]!);
          windows.push({ kind, start: at, end: at + 6 });
        } else {
          const length = 1 + Math.floor(between(0, 4));
          const silent = random() < 0.5;
          for (let i = at; i < at + length; i++) (silent ? rowless : fewEvents).add(i);
          windows.push({ kind, start: at, end: at + length - 1 });
        }
      }
    }
    const values: number[] = [];
    const events: number[] = [];
    for (let i = 0; i < days; i++) {
      if (i < offset || rowless.has(i)) {
        values.push(0);
        events.push(0);
        continue;
      }
      const value = Math.max(0, level[i]! * factor[i]! * (fewEvents.has(i) ? 0.05 : 1));
      values.push(value);
      events.push(Math.max(1, Math.round(value * eventScale)));
    }
    return { name: `${kind ?? "clean"}-${String(n + 1).padStart(3, "0")}`, start, values, events, windows };
  });
}
