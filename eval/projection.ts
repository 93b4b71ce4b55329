// npm run eval:projection [-- --json] [-- --seed N] [-- --series file.csv [--anchor-day N]] [-- --corpus DIR]
// Replays the product's projection (lib/projection) on complete past periods after 7, 14 and 21
// observed days, beside straight-line pace and seasonal naive, and prints their errors.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import Papa from "papaparse";
import { completePeriods, replayPeriods, summarizeReplays, type PeriodReplay } from "@/lib/projection/backtest";
import { addDays } from "@/lib/periods/calendar-date";
import { DEMO_PRODUCT_AREAS, DEMO_WORKSPACES } from "@/lib/demo/demo-data";
import { syntheticUsage } from "@/lib/demo/synthetic-usage";
import { evaluateCorpus, formatCorpus } from "./projection-corpus";
import { syntheticSuite, type Series } from "./synthetic-series";

const OBSERVED = [7, 14, 21];

function readSeries(file: string): Series {
  const rows = Papa.parse<{ date: string; value: string }>(readFileSync(file, "utf8"), { header: true, skipEmptyLines: true }).data;
  const byDate = new Map(
    rows.map((r, i) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(r.date ?? "") || !Number.isFinite(Number(r.value)))
        throw new Error(`${file}:${i + 2}: expected date,value`);
      return [r.date, Number(r.value)] as const;
    }),
  );
  const dates = [...byDate.keys()].sort();
  const start = dates[0]!;
  const values: number[] = [];
  for (let date = start; date <= dates.at(-1)!; date = addDays(date, 1)) values.push(byDate.get(date) ?? 0);
  return { name: file, start, values };
}

/** The demo workspaces' series, from the seed's own generator, over a year instead of its 120 days. */
function demoSuite(): (Series & { anchorDay: number })[] {
  return DEMO_WORKSPACES.flatMap((workspace) =>
    workspace.productAreas.map((key) => {
      const area = DEMO_PRODUCT_AREAS.find((a) => a.key === key)!;
      const days = syntheticUsage(workspace, area, "2026-11-30", 365);
      return {
        name: `${workspace.slug}/${key}`,
        start: days[0]!.date,
        values: days.map((d) => Number(d.quantity)),
        anchorDay: workspace.billingAnchorDay,
      };
    }),
  );
}

function evaluate(suite: readonly (Series & { anchorDay?: number })[], anchorDay: number) {
  return OBSERVED.map((k) => {
    const replays: PeriodReplay[] = suite.flatMap((s) =>
      replayPeriods(s.values, completePeriods(s.start, s.values.length, s.anchorDay ?? anchorDay), k),
    );
    const summary = summarizeReplays(replays);
    return { k, periods: summary.periods, mape: summary.meanAbsolutePercentageError, coverage: summary.rangeCoverage };
  });
}

const { values: options } = parseArgs({
  options: {
    json: { type: "boolean" },
    series: { type: "string" },
    corpus: { type: "string" },
    "anchor-day": { type: "string" },
    seed: { type: "string" },
  },
});
const anchorDay = Number(options["anchor-day"] ?? 1);
if (options.corpus) {
  const files = readdirSync(options.corpus)
    .filter((f) => f.endsWith(".csv") && !f.endsWith(".windows.csv"))
    .sort();
  const series = files.map((f) => ({ ...readSeries(path.join(options.corpus!, f)), name: f.replace(/\.csv$/, "") }));
  const report = evaluateCorpus(series, anchorDay);
  console.log(options.json ? JSON.stringify(report.pooled, null, 2) : formatCorpus(report));
  process.exit(0);
}
// An external series alone; otherwise the synthetic suite, then the demo workspaces.
const suites = options.series
  ? [{ name: options.series, series: [readSeries(options.series)] }]
  : [
      {
        name: `synthetic suite (${40} series, seed ${options.seed ?? 20261202})`,
        series: syntheticSuite(options.seed ? { seed: Number(options.seed) } : {}),
      },
      { name: "demo workspaces (their seed's generator over a year)", series: demoSuite() },
    ];
const evaluated = suites.map(({ name, series }) => {
  const results = evaluate(series, anchorDay);
  return { name, periods: results[0]?.periods ?? 0, results: results.map(({ k, mape, coverage }) => ({ k, mape, coverage })) };
});

if (options.json) {
  // The first suite in the documented shape; the others beside it.
  const [first, ...others] = evaluated;
  console.log(JSON.stringify({ periods: first!.periods, results: first!.results, ...(others.length && { others }) }, null, 2));
} else {
  const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)} %`);
  for (const { name, periods, results } of evaluated) {
    console.log(`\n${name}: ${periods} complete periods${options.series ? `, anchor day ${anchorDay}` : ""}\n`);
    console.log("days seen | MAPE: method | straight-line | seasonal naive | method ÷ straight-line | P10–P90 coverage");
    for (const { k, mape, coverage } of results) {
      const ratio = mape.method !== null && mape.linear ? (mape.method / mape.linear).toFixed(2) : "–";
      console.log(
        `${String(k).padStart(9)} | ${pct(mape.method).padStart(12)} | ${pct(mape.linear).padStart(13)} | ${pct(mape.seasonalNaive).padStart(14)} | ${ratio.padStart(22)} | ${pct(coverage).padStart(16)}`,
      );
    }
  }
}
