// `npm run eval:projection -- --corpus DIR`: every series of a folder replayed month by month, each
// series scored on its own and then pooled as the mean of the per-series figures, so that a series
// with 270 months counts as much as one with 5.
import { completePeriods, replayPeriods, summarizeReplays } from "@/lib/projection/backtest";
import type { Series } from "./synthetic-series";

const OBSERVED = [7, 14, 21];

interface Scores {
  method: number;
  linear: number;
  seasonalNaive: number;
  coverage: number;
}

export interface SeriesReport {
  name: string;
  periods: number;
  byK: { k: number; scores: Scores | null }[];
}

export interface PooledResult {
  k: number;
  mape: { method: number; linear: number; seasonalNaive: number };
  coverage: number;
  worseThanLinear: number;
  worseThanSeasonalNaive: number;
}

export interface CorpusReport {
  perSeries: SeriesReport[];
  pooled: { series: number; results: PooledResult[] };
}

function scoreSeries(series: Series, anchorDay: number): SeriesReport {
  const periods = completePeriods(series.start, series.values.length, anchorDay);
  const byK = OBSERVED.map((k) => {
    const summary = summarizeReplays(replayPeriods(series.values, periods, k));
    const { method, linear, seasonalNaive } = summary.meanAbsolutePercentageError;
    if (method === null || linear === null || seasonalNaive === null || summary.rangeCoverage === null) return { k, scores: null };
    return { k, scores: { method, linear, seasonalNaive, coverage: summary.rangeCoverage } };
  });
  return { name: series.name, periods: periods.length, byK };
}

export function evaluateCorpus(suite: readonly Series[], anchorDay = 1): CorpusReport {
  const perSeries = suite.map((s) => scoreSeries(s, anchorDay));
  const results = OBSERVED.map((k, i) => {
    const scored = perSeries.map((s) => s.byK[i]!.scores).filter((x): x is Scores => x !== null);
    const mean = (pick: (s: Scores) => number) => scored.reduce((a, s) => a + pick(s), 0) / Math.max(1, scored.length);
    return {
      k,
      mape: { method: mean((s) => s.method), linear: mean((s) => s.linear), seasonalNaive: mean((s) => s.seasonalNaive) },
      coverage: mean((s) => s.coverage),
      worseThanLinear: scored.filter((s) => s.method > s.linear).length,
      worseThanSeasonalNaive: scored.filter((s) => s.method > s.seasonalNaive).length,
    };
  });
  return { perSeries, pooled: { series: perSeries.filter((s) => s.byK.some((b) => b.scores)).length, results } };
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

export function formatCorpus({ perSeries, pooled }: CorpusReport): string {
  const lines = ["series | months | k | MAPE: method | straight-line | seasonal naive | P10–P90 coverage"];
  for (const s of perSeries)
    for (const { k, scores } of s.byK)
      if (scores)
        lines.push(
          `${s.name} | ${s.periods} | ${k} | ${pct(scores.method)} | ${pct(scores.linear)} | ${pct(scores.seasonalNaive)} | ${pct(scores.coverage)}`,
        );
  lines.push(
    "",
    `pooled over ${pooled.series} series (the mean of per-series figures)`,
    "",
    "days seen | MAPE: method | straight-line | seasonal naive | ÷ straight-line | ÷ seasonal naive | worse than straight-line | worse than seasonal naive | P10–P90 coverage",
  );
  for (const r of pooled.results)
    lines.push(
      [
        String(r.k).padStart(9),
        pct(r.mape.method).padStart(12),
        pct(r.mape.linear).padStart(13),
        pct(r.mape.seasonalNaive).padStart(14),
        (r.mape.method / r.mape.linear).toFixed(3).padStart(15),
        (r.mape.method / r.mape.seasonalNaive).toFixed(3).padStart(16),
        `${r.worseThanLinear} of ${pooled.series}`.padStart(24),
        `${r.worseThanSeasonalNaive} of ${pooled.series}`.padStart(25),
        pct(r.coverage).padStart(16),
      ].join(" | "),
    );
  return lines.join("\n");
}
