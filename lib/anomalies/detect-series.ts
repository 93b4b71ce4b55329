// STUB — a minimal stand-in for the real detector, written in parallel (same file, same exports)
// and replacing this one at merge. Same-weekday median ± 4 × MAD over the previous 8 weeks:
// spikes, drops, gaps (no events on a day whose same weekdays all had some), runs of ≥ 5 days of
// one kind reported as a level shift. Tests must not depend on its thresholds or severities.
import { addDays } from "@/lib/periods/calendar-date";
import type { DailySeries, SeriesAnomalyKind, SeriesFinding, Severity } from "./finding";

export const DETECTOR_VERSION = "stub-0";

const WEEKS = 8;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function detectSeries(series: DailySeries, options: { from?: string } = {}): SeriesFinding[] {
  const days: ({ kind: SeriesAnomalyKind; expected: number; score: number } | null)[] = series.values.map((value, i) => {
    if (i < WEEKS * 7) return null;
    const past = Array.from({ length: WEEKS }, (_, w) => series.values[i - 7 * (w + 1)]!);
    const pastEvents = Array.from({ length: WEEKS }, (_, w) => series.events[i - 7 * (w + 1)]!);
    const expected = median(past);
    const spread = Math.max(1.4826 * median(past.map((v) => Math.abs(v - expected))), 0.05 * expected, 1e-9);
    const score = Math.abs(value - expected) / spread;
    if (series.events[i] === 0 && pastEvents.every((e) => e > 0)) return { kind: "gap", expected, score: Math.max(score, 10) };
    if (score < 4) return null;
    if (value > expected * 1.5) return { kind: "spike", expected, score };
    if (value < expected * 0.5) return { kind: "drop", expected, score };
    return null;
  });
  const findings: SeriesFinding[] = [];
  for (let i = 0; i < days.length; i++) {
    const day = days[i];
    if (!day) continue;
    let j = i;
    let expected = 0;
    let observed = 0;
    let score = 0;
    while (j < days.length && days[j]?.kind === day.kind) {
      expected += days[j]!.expected;
      observed += series.values[j]!;
      score = Math.max(score, days[j]!.score);
      j++;
    }
    const kind: SeriesAnomalyKind = day.kind !== "gap" && j - i >= 5 ? "level_shift" : day.kind;
    const severity: Severity = score >= 20 ? "high" : score >= 8 ? "medium" : "low";
    const endDate = addDays(series.start, j - 1);
    if (!options.from || endDate >= options.from) {
      findings.push({ kind, severity, startDate: addDays(series.start, i), endDate, expected, observed, score });
    }
    i = j - 1;
  }
  return findings;
}
