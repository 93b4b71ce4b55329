// npm run eval:anomalies [-- --json] [-- --seed N] [-- --series data.csv --labels windows.csv]
// Runs the product's detector (lib/anomalies/detect-series) on labelled series and prints recall and
// precision per kind, and false flags per 30 days on series without anomalies.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import Papa from "papaparse";
import { DETECTOR_VERSION, detectSeries } from "@/lib/anomalies/detect-series";
import { ANOMALY_KINDS, type SeriesAnomalyKind, type SeriesFinding } from "@/lib/anomalies/finding";
import { addDays, parseCalendarDate } from "@/lib/periods/calendar-date";
import { anomalySuite, type LabelledSeries, type LabelledWindow } from "./anomaly-series";

const KINDS = ANOMALY_KINDS.filter((k): k is SeriesAnomalyKind => k !== "budget");
const dayIndex = (start: string, date: string) =>
  Math.round((parseCalendarDate(date).getTime() - parseCalendarDate(start).getTime()) / 86_400_000);

function readCsv<T>(file: string): T[] {
  return Papa.parse<T>(readFileSync(file, "utf8"), { header: true, skipEmptyLines: true }).data;
}

/** An external series: events are unknown, so a day with value 0 (or missing) is a day with no row, any other day has 1 event. */
function readExternal(seriesFile: string, labelsFile?: string): LabelledSeries {
  const byDate = new Map<string, number>();
  readCsv<{ date: string; value: string }>(seriesFile).forEach((r, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.date ?? "") || !Number.isFinite(Number(r.value)))
      throw new Error(`${seriesFile}:${i + 2}: expected date,value`);
    byDate.set(r.date, Number(r.value));
  });
  const dates = [...byDate.keys()].sort();
  const start = dates[0]!;
  const values: number[] = [];
  for (let date = start; date <= dates.at(-1)!; date = addDays(date, 1)) values.push(byDate.get(date) ?? 0);
  const windows: LabelledWindow[] = labelsFile
    ? readCsv<{ start: string; end: string; kind?: string }>(labelsFile).map((r) => ({
        kind: (KINDS as readonly string[]).includes(r.kind ?? "") ? (r.kind as SeriesAnomalyKind) : "spike",
        start: dayIndex(start, r.start),
        end: dayIndex(start, r.end),
      }))
    : [];
  return { name: seriesFile, start, values, events: values.map((v) => (v === 0 ? 0 : 1)), windows };
}

interface Tally {
  windows: number;
  found: number;
  flags: number;
  falseFlags: number;
}
const tally = (): Tally => ({ windows: 0, found: 0, flags: 0, falseFlags: 0 });
const ratio = (a: number, b: number) => (b ? a / b : null);

function evaluate(suite: LabelledSeries[]) {
  const all = tally();
  const byKind = Object.fromEntries(KINDS.map((k) => [k, tally()])) as Record<SeriesAnomalyKind, Tally>;
  const clean = { series: 0, days: 0, falseFlags: 0 };
  let days = 0;
  const results: SeriesFinding[][] = suite.map((s) => detectSeries(s));
  suite.forEach((s, n) => {
    const flags = results[n]!.map((f) => ({ kind: f.kind, start: dayIndex(s.start, f.startDate), end: dayIndex(s.start, f.endDate) }));
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start <= b.end && b.start <= a.end;
    days += s.values.length;
    for (const w of s.windows) {
      const hit = flags.some((f) => overlaps(f, w));
      all.windows++;
      byKind[w.kind].windows++;
      if (hit) {
        all.found++;
        byKind[w.kind].found++;
      }
    }
    for (const f of flags) {
      const correct = s.windows.some((w) => overlaps(f, w));
      all.flags++;
      byKind[f.kind].flags++;
      if (!correct) {
        all.falseFlags++;
        byKind[f.kind].falseFlags++;
      }
    }
    if (!s.windows.length) {
      clean.series++;
      clean.days += s.values.length;
      clean.falseFlags += flags.length;
    }
  });
  const summary = (t: Tally) => ({ ...t, recall: ratio(t.found, t.windows), precision: ratio(t.flags - t.falseFlags, t.flags) });
  return {
    ...summary(all),
    days,
    falseFlagsPer30Days: ratio(all.falseFlags * 30, days),
    byKind: Object.fromEntries(KINDS.map((k) => [k, summary(byKind[k])])),
    anomalyFree: { ...clean, falseFlagsPer30Days: ratio(clean.falseFlags * 30, clean.days) },
  };
}

/** Series per second on 120-day series (what the product runs), best of a few passes. */
function timing(suite: LabelledSeries[]) {
  const sliced = suite.map((s) => ({ start: s.start, values: s.values.slice(-120), events: s.events.slice(-120) }));
  let best = Infinity;
  for (let pass = 0; pass < 5; pass++) {
    const t0 = performance.now();
    for (const s of sliced) detectSeries(s);
    best = Math.min(best, performance.now() - t0);
  }
  return { series: sliced.length, msPerSeries: best / sliced.length, seriesPerSecond: (sliced.length / best) * 1000 };
}

const { values: options } = parseArgs({
  options: { json: { type: "boolean" }, series: { type: "string" }, labels: { type: "string" }, seed: { type: "string" } },
});
const seed = Number(options.seed ?? 20261202);
const suite = options.series ? [readExternal(options.series, options.labels)] : anomalySuite({ seed });
const result = evaluate(suite);
const speed = timing(suite);

if (options.json) {
  const { anomalyFree, ...shape } = result;
  console.log(JSON.stringify({ ...shape, ...(!options.series && { anomalyFree }), detector: DETECTOR_VERSION, timing: speed }, null, 2));
} else {
  const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)} %`);
  const name = options.series ? options.series : `synthetic suite (${suite.length} series × ${suite[0]!.values.length} days, seed ${seed})`;
  console.log(`\n${name}, detector ${DETECTOR_VERSION}\n`);
  console.log("kind        | windows | found | recall  | flags | false | precision");
  const row = (label: string, t: ReturnType<typeof evaluate>["byKind"][string] & object) =>
    console.log(
      `${label.padEnd(11)} | ${String(t.windows).padStart(7)} | ${String(t.found).padStart(5)} | ${pct(t.recall).padStart(7)} | ${String(t.flags).padStart(5)} | ${String(t.falseFlags).padStart(5)} | ${pct(t.precision).padStart(9)}`,
    );
  for (const kind of KINDS) row(kind, result.byKind[kind]!);
  row("overall", result);
  console.log(`\nfalse flags per 30 days: ${result.falseFlagsPer30Days?.toFixed(2) ?? "–"} over all ${result.days} days`);
  if (!options.series)
    console.log(
      `false flags per 30 days on the ${result.anomalyFree.series} anomaly-free series: ${result.anomalyFree.falseFlagsPer30Days?.toFixed(2) ?? "–"} (${result.anomalyFree.falseFlags} flags in ${result.anomalyFree.days} days)`,
    );
  console.log(
    `timing: ${Math.round(speed.seriesPerSecond)} series/s on 120-day series (${(speed.msPerSeries * 1000).toFixed(0)} µs per series)`,
  );
}
