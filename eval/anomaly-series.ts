// Labelled daily series for the anomaly detector, from a fixed seed: weekly rhythm, trend and noise,
// with spikes, drops, level shifts and gaps of known size injected, and series with none; and young
// ones, whose anomalies start in the first six weeks of usage.
import { seededRandom } from "@/lib/demo/synthetic-usage";
import type { DailySeries, SeriesAnomalyKind } from "@/lib/anomalies/finding";
import { median } from "@/lib/projection/stats";

export interface LabelledWindow {
  kind: SeriesAnomalyKind;
  /** Day indexes into the series, inclusive. */
  start: number;
  end: number;
  /** Spikes, drops and level shifts: the injected change in robust standard deviations of the series' noise. */
  size?: number;
}

export interface LabelledSeries extends DailySeries {
  name: string;
  windows: LabelledWindow[];
}

const KINDS: SeriesAnomalyKind[] = ["spike", "drop", "level_shift", "gap"];

/** Where the a-th anomaly of a series starts, in days of usage (0 is the first), from a draw in [0, 1). */
type Placement = (a: number, draw: number) => number;

/**
 * Sizes are in robust standard deviations of the series' own noise: 1.4826 × the median absolute
 * deviation of its multiplicative jitter (value ÷ noiseless value − 1), measured on the series.
 * Anomalies start after six weeks of usage (days 43–82, and 50 days later for the second).
 */
export function anomalySuite({ seed = 20261202, perKind = 40, clean = 40, days = 150, start = "2026-01-05" } = {}): LabelledSeries[] {
  return generate(seededRandom(seed), { perKind, clean, days, start, place: (a, draw) => 42 + Math.floor(draw * 40) + a * 50 });
}

/**
 * Series whose anomalies start on days 8–41 of usage (the first on days 8–23, the second on days
 * 25–41; a level shift anywhere in days 8–41), from a stream of their own so that `anomalySuite`
 * stays as it was. Otherwise made as `anomalySuite` makes them.
 */
export function youngSuite({ seed = 20261202, perKind = 40, days = 150, start = "2026-01-05" } = {}): LabelledSeries[] {
  return generate(seededRandom(seed ^ 0x5bd1e995), {
    perKind,
    clean: 0,
    days,
    start,
    place: (a, draw) => (a === 0 ? 7 + Math.floor(draw * 16) : 24 + Math.floor(draw * 17)),
    placeShift: (draw) => 7 + Math.floor(draw * 34),
    prefix: "young-",
  });
}

function generate(
  random: () => number,
  options: {
    perKind: number;
    clean: number;
    days: number;
    start: string;
    place: Placement;
    placeShift?: (draw: number) => number;
    prefix?: string;
  },
): LabelledSeries[] {
  const { perKind, clean, days, start, place, placeShift, prefix = "" } = options;
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
        const draw = random();
        const at = offset + (kind === "level_shift" && placeShift ? placeShift(draw) : place(a, draw));
        const size = between(3, 10) * sd;
        if (kind === "spike" || kind === "drop") {
          const length = 1 + Math.floor(between(0, 3));
          const signed = kind === "spike" ? size : -Math.min(size, 0.9);
          for (let i = at; i < at + length; i++) factor[i] = factor[i]! + signed;
          windows.push({ kind, start: at, end: at + length - 1, size: Math.abs(signed) / sd });
        } else if (kind === "level_shift") {
          const signed = random() < 0.5 ? size : -Math.min(size, 0.6);
          for (let i = at; i < days; i++) factor[i] = factor[i]! + signed * (1 + jitter[i]!);
          windows.push({ kind, start: at, end: at + 6, size: Math.abs(signed) / sd });
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
    return { name: `${prefix}${kind ?? "clean"}-${String(n + 1).padStart(3, "0")}`, start, values, events, windows };
  });
}
