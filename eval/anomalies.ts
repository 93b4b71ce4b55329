// npm run eval:anomalies [-- --json] [-- --seed N] [-- --series data.csv --labels windows.csv] [-- --corpus DIR]
// Runs the product's detector (lib/anomalies/detect-series) on labelled series and prints recall and
// precision per kind, and false flags per 30 days on series without anomalies.
import { parseArgs } from "node:util";
import { DETECTOR_VERSION, detectSeries } from "@/lib/anomalies/detect-series";
import { ANOMALY_KINDS, type SeriesAnomalyKind, type SeriesFinding } from "@/lib/anomalies/finding";
import { parseCalendarDate } from "@/lib/periods/calendar-date";
import { evaluateCorpus, formatCorpus, readCorpus, readExternal } from "./anomaly-corpus";
import { anomalySuite, youngSuite, type LabelledSeries } from "./anomaly-series";

const KINDS = ANOMALY_KINDS.filter((k): k is SeriesAnomalyKind => k !== "budget");
const dayIndex = (start: string, date: string) =>
  Math.round((parseCalendarDate(date).getTime() - parseCalendarDate(start).getTime()) / 86_400_000);

/** Days of usage before the long rule judges a day; the 8th day of usage (index 7) is the first young day judged. */
const LONG_FROM = 42;
const YOUNG_FROM = 7;

/** Which flags and windows count: all of them, those on days 43 on of usage (the long rule's), or on days 8–42 (young). */
type Part = "all" | "long" | "young";

interface Tally {
  windows: number;
  found: number;
  flags: number;
  falseFlags: number;
  /** Windows of at least 4 robust sds (spikes, drops and level shifts whose size is known), and those found. */
  strongWindows: number;
  strongFound: number;
}
const tally = (): Tally => ({ windows: 0, found: 0, flags: 0, falseFlags: 0, strongWindows: 0, strongFound: 0 });
const ratio = (a: number, b: number) => (b ? a / b : null);

/** Index of the first day with usage, where the detector counts days of usage from. */
function firstUsage(s: LabelledSeries): number {
  let first = 0;
  while (first < s.values.length && s.values[first] === 0 && s.events[first] === 0) first++;
  return first;
}

function evaluate(suite: LabelledSeries[], part: Part = "all") {
  const all = tally();
  const byKind = Object.fromEntries(KINDS.map((k) => [k, tally()])) as Record<SeriesAnomalyKind, Tally>;
  const clean = { series: 0, days: 0, falseFlags: 0 };
  let days = 0;
  let partDays = 0;
  const results: SeriesFinding[][] = suite.map((s) => detectSeries(s));
  suite.forEach((s, n) => {
    const first = firstUsage(s);
    const youngEnd = first + LONG_FROM - 1;
    // A flag is the long rule's when it reaches day 43 of usage, young when it starts before (one that joins both is both).
    const inPart = (start: number, end: number) => part === "all" || (part === "long" ? end > youngEnd : start <= youngEnd);
    const flags = results[n]!.map((f) => ({
      kind: f.kind,
      start: dayIndex(s.start, f.startDate),
      end: dayIndex(s.start, f.endDate),
    })).filter((f) => inPart(f.start, f.end));
    const allFlags = results[n]!.map((f) => ({ start: dayIndex(s.start, f.startDate), end: dayIndex(s.start, f.endDate) }));
    const windows = s.windows.filter((w) => part === "all" || (part === "long" ? w.start > youngEnd : w.start <= youngEnd));
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start <= b.end && b.start <= a.end;
    days += s.values.length;
    const daysInPart =
      part === "all"
        ? s.values.length
        : part === "long"
          ? Math.max(0, s.values.length - youngEnd - 1)
          : Math.max(0, Math.min(s.values.length, youngEnd + 1) - first - YOUNG_FROM);
    partDays += daysInPart;
    for (const w of windows) {
      const hit = allFlags.some((f) => overlaps(f, w));
      const strong = w.size !== undefined && w.size >= 4;
      for (const t of [all, byKind[w.kind]]) {
        t.windows++;
        if (hit) t.found++;
        if (strong) t.strongWindows++;
        if (strong && hit) t.strongFound++;
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
    if (!windows.length) {
      clean.series++;
      // The long rule's rates have always been over every day of the series.
      clean.days += part === "young" ? daysInPart : s.values.length;
      clean.falseFlags += flags.filter((f) => !s.windows.some((w) => overlaps(f, w))).length;
    }
  });
  const summary = (t: Tally) => ({
    ...t,
    recall: ratio(t.found, t.windows),
    precision: ratio(t.flags - t.falseFlags, t.flags),
    strongRecall: ratio(t.strongFound, t.strongWindows),
  });
  return {
    ...summary(all),
    days,
    falseFlagsPer30Days: ratio(all.falseFlags * 30, days),
    partDays,
    falseFlagsPer30PartDays: ratio(all.falseFlags * 30, partDays),
    byKind: Object.fromEntries(KINDS.map((k) => [k, summary(byKind[k])])),
    anomalyFree: { ...clean, falseFlagsPer30Days: ratio(clean.falseFlags * 30, clean.days) },
  };
}

/**
 * The anomaly-free series with one day of their first week (days 2–7 of usage, which nothing can
 * judge) multiplied by each factor: how many then get a flag in days 8–42, and how many flags.
 */
function firstWeekOddDay(suite: LabelledSeries[], factors = [0.2, 0.5, 2, 5]) {
  const clean = suite.filter((s) => !s.windows.length);
  return factors.map((factor) => {
    let flagged = 0;
    let flags = 0;
    clean.forEach((s, n) => {
      const first = firstUsage(s);
      const values = [...s.values];
      const odd = first + 1 + (n % 6);
      values[odd] = values[odd]! * factor;
      const young = detectSeries({ ...s, values }).filter((f) => dayIndex(s.start, f.startDate) < first + LONG_FROM);
      if (young.length) flagged++;
      flags += young.length;
    });
    return { factor, series: clean.length, flagged, flags };
  });
}

/** Series per second on 120-day series (what the product runs), best of a few passes. */
function timing(suite: LabelledSeries[]) {
  // As the job gives them: the area's usage before the 120 days makes the slice no young series.
  const sliced = suite.map((s) => ({
    start: s.start,
    values: s.values.slice(-120),
    events: s.events.slice(-120),
    usedBefore: s.values.slice(0, -120).some((v, i) => v !== 0 || s.events[i] !== 0),
  }));
  let best = Infinity;
  for (let pass = 0; pass < 5; pass++) {
    const t0 = performance.now();
    for (const s of sliced) detectSeries(s);
    best = Math.min(best, performance.now() - t0);
  }
  return { series: sliced.length, msPerSeries: best / sliced.length, seriesPerSecond: (sliced.length / best) * 1000 };
}

const { values: options } = parseArgs({
  options: {
    json: { type: "boolean" },
    series: { type: "string" },
    labels: { type: "string" },
    seed: { type: "string" },
    corpus: { type: "string" },
  },
});
if (options.corpus) {
  const report = evaluateCorpus(readCorpus(options.corpus));
  console.log(
    options.json
      ? JSON.stringify({ ...report, detector: DETECTOR_VERSION }, null, 2)
      : `\n${options.corpus}, detector ${DETECTOR_VERSION}, replayed day by day\n\n${formatCorpus(report)}`,
  );
  process.exit(0);
}
const seed = Number(options.seed ?? 20261202);
const suite = options.series ? [readExternal(options.series, options.labels)] : anomalySuite({ seed });
const young = options.series ? [] : youngSuite({ seed });
// The synthetic suite's anomalies all start after six weeks of usage: its table is the long rule's flags.
const result = evaluate(suite, options.series ? "all" : "long");
const youngResult = evaluate([...suite, ...young], "young");
const youngLater = evaluate(young, "long");
const oddDay = options.series ? [] : firstWeekOddDay(suite);
const speed = timing(suite);

if (options.json) {
  const { anomalyFree, ...shape } = result;
  const youngDays = {
    ...youngResult,
    falseFlagsPer30Days: youngResult.falseFlagsPer30PartDays,
    laterFalseFlagsPer30Days: youngLater.falseFlagsPer30PartDays,
    firstWeekOddDay: oddDay,
  };
  console.log(
    JSON.stringify(
      { ...shape, ...(!options.series && { anomalyFree, young: youngDays }), detector: DETECTOR_VERSION, timing: speed },
      null,
      2,
    ),
  );
} else {
  const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)} %`);
  const name = options.series ? options.series : `synthetic suite (${suite.length} series × ${suite[0]!.values.length} days, seed ${seed})`;
  console.log(`\n${name}, detector ${DETECTOR_VERSION}\n`);
  console.log("kind        | windows | found | recall  | flags | false | precision");
  const row = (label: string, t: ReturnType<typeof evaluate>["byKind"][string] & object, strong = false) =>
    console.log(
      `${label.padEnd(11)} | ${String(t.windows).padStart(7)} | ${String(t.found).padStart(5)} | ${pct(t.recall).padStart(7)} | ${String(t.flags).padStart(5)} | ${String(t.falseFlags).padStart(5)} | ${pct(t.precision).padStart(9)}` +
        (strong
          ? ` | ${String(t.strongWindows).padStart(15)} | ${String(t.strongFound).padStart(5)} | ${pct(t.strongRecall).padStart(7)}`
          : ""),
    );
  for (const kind of KINDS) row(kind, result.byKind[kind]!);
  row("overall", result);
  console.log(`\nfalse flags per 30 days: ${result.falseFlagsPer30Days?.toFixed(2) ?? "–"} over all ${result.days} days`);
  if (!options.series) {
    console.log(
      `false flags per 30 days on the ${result.anomalyFree.series} anomaly-free series: ${result.anomalyFree.falseFlagsPer30Days?.toFixed(2) ?? "–"} (${result.anomalyFree.falseFlags} flags in ${result.anomalyFree.days} days)`,
    );
    console.log(
      `\nyoung days (days 8–42 of usage, judged before six weeks): the ${suite.length} series above and ${young.length} young series whose anomalies start on days 8–41\n`,
    );
    console.log("kind        | windows | found | recall  | flags | false | precision | ≥ 4 sd: windows | found | recall");
    for (const kind of KINDS) row(kind, youngResult.byKind[kind]!, true);
    row("overall", youngResult, true);
    console.log(
      `\nfalse flags per 30 young days: ${youngResult.falseFlagsPer30PartDays?.toFixed(2) ?? "–"} (${youngResult.falseFlags} flags in ${youngResult.partDays} days)`,
    );
    console.log(
      `false flags per 30 days on the young series' later days (43 on): ${youngLater.falseFlagsPer30PartDays?.toFixed(2) ?? "–"} (${youngLater.falseFlags} flags in ${youngLater.partDays} days)`,
    );
    for (const o of oddDay)
      console.log(
        `one day of the first week × ${o.factor} in each of the ${o.series} anomaly-free series: ${o.flagged} of them flagged in days 8–42, ${o.flags} flags`,
      );
  }
  console.log(
    `timing: ${Math.round(speed.seriesPerSecond)} series/s on 120-day series (${(speed.msPerSeries * 1000).toFixed(0)} µs per series)`,
  );
}
