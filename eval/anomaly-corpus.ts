// `npm run eval:anomalies -- --corpus DIR`: every `<name>.csv` (date,value) of a folder, with its
// `<name>.windows.csv` (start,end, inclusive) where it has one, replayed day by day as the
// detection job runs (detect-workspace.ts): after each day, the trailing SERIES_DAYS days up to it,
// the findings that reach the open billing periods. A window is found when any day in it was
// flagged; every flagged day outside all windows is a false flag (the corpus README's rules).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { detectSeries } from "@/lib/anomalies/detect-series";
import { ANOMALY_KINDS, SERIES_DAYS, type SeriesAnomalyKind } from "@/lib/anomalies/finding";
import { openPeriods } from "@/lib/anomalies/open-periods";
import { addDays, daysBetween, parseCalendarDate } from "@/lib/periods/calendar-date";
import type { LabelledSeries, LabelledWindow } from "./anomaly-series";

const KINDS = ANOMALY_KINDS.filter((k): k is SeriesAnomalyKind => k !== "budget");

function readCsv<T>(file: string): T[] {
  return Papa.parse<T>(readFileSync(file, "utf8"), { header: true, skipEmptyLines: true }).data;
}

/** An external series: events are unknown, so a day with value 0 (or missing) is a day with no row, any other day has 1 event. */
export function readExternal(seriesFile: string, labelsFile?: string): LabelledSeries {
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
        start: daysBetween(start, r.start),
        end: daysBetween(start, r.end),
      }))
    : [];
  return { name: seriesFile, start, values, events: values.map((v) => (v === 0 ? 0 : 1)), windows };
}

export function readCorpus(dir: string): LabelledSeries[] {
  const files = new Set(readdirSync(dir));
  return [...files]
    .filter((f) => f.endsWith(".csv") && !f.endsWith(".windows.csv"))
    .sort()
    .map((f) => {
      const name = f.replace(/\.csv$/, "");
      const labels = files.has(`${name}.windows.csv`) ? path.join(dir, `${name}.windows.csv`) : undefined;
      return { ...readExternal(path.join(dir, f), labels), name };
    });
}

/** Monthly periods in UTC with the default 48 h grace, for a series that has no workspace. */
const CYCLE = { timeZone: "UTC", billingAnchorDay: 1 };
const GRACE_HOURS = 48;
/** The job's first run once a day is complete: early the next morning. */
const RUN_HOUR_MS = 2 * 3_600_000;

/**
 * The days flagged over a daily replay: after day d the detector gets the SERIES_DAYS days up to d
 * (0 with 0 events before the series starts, as the read model has no rows there; `usedBefore`
 * once the series began before them) and every finding that reaches the open periods raises or
 * extends a flag over its days. Only days up to d are ever read.
 */
export function replayFlaggedDays(series: LabelledSeries): Uint8Array {
  const n = series.values.length;
  const flagged = new Uint8Array(n);
  const values = new Array<number>(SERIES_DAYS);
  const events = new Array<number>(SERIES_DAYS);
  let firstUsage = 0;
  while (firstUsage < n && series.values[firstUsage] === 0 && series.events[firstUsage] === 0) firstUsage++;
  for (let d = 0; d < n; d++) {
    const first = d - SERIES_DAYS + 1;
    for (let k = 0; k < SERIES_DAYS; k++) {
      const i = first + k;
      values[k] = i < 0 ? 0 : series.values[i]!;
      events[k] = i < 0 ? 0 : series.events[i]!;
    }
    const now = new Date(parseCalendarDate(addDays(series.start, d + 1)).getTime() + RUN_HOUR_MS);
    const from = openPeriods(CYCLE, now, GRACE_HOURS)[0]!.start;
    const slice = { start: addDays(series.start, first), values, events, usedBefore: firstUsage < first };
    for (const finding of detectSeries(slice, { from }))
      for (let i = Math.max(0, daysBetween(series.start, finding.startDate)); i <= daysBetween(series.start, finding.endDate); i++)
        flagged[i] = 1;
  }
  return flagged;
}

export interface CorpusSeriesResult {
  name: string;
  days: number;
  windows: number;
  found: number;
  falseFlags: number;
}

export function scoreReplay(series: LabelledSeries, flagged: Uint8Array): CorpusSeriesResult {
  const inWindow = new Uint8Array(series.values.length);
  let found = 0;
  for (const w of series.windows) {
    let hit = false;
    for (let i = Math.max(0, w.start); i <= Math.min(series.values.length - 1, w.end); i++) {
      inWindow[i] = 1;
      if (flagged[i]) hit = true;
    }
    if (hit) found++;
  }
  let falseFlags = 0;
  for (let i = 0; i < flagged.length; i++) if (flagged[i] && !inWindow[i]) falseFlags++;
  return { name: series.name, days: series.values.length, windows: series.windows.length, found, falseFlags };
}

/**
 * The older count, for comparison with figures taken before the replay: one pass over each whole
 * labelled series, false flags counted in findings, as `-- --series` prints them.
 */
function onePassOverLabelled(suite: readonly LabelledSeries[]) {
  const result = { series: 0, windows: 0, found: 0, falseFlags: 0, days: 0, falseFlagsPer30Days: null as number | null };
  for (const s of suite.filter((x) => x.windows.length)) {
    const flags = detectSeries(s).map((f) => ({ start: daysBetween(s.start, f.startDate), end: daysBetween(s.start, f.endDate) }));
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start <= b.end && b.start <= a.end;
    result.series++;
    result.days += s.values.length;
    result.windows += s.windows.length;
    result.found += s.windows.filter((w) => flags.some((f) => overlaps(f, w))).length;
    result.falseFlags += flags.filter((f) => !s.windows.some((w) => overlaps(f, w))).length;
  }
  result.falseFlagsPer30Days = result.days ? (result.falseFlags * 30) / result.days : null;
  return result;
}

export function evaluateCorpus(suite: readonly LabelledSeries[]) {
  const perSeries = suite.map((s) => scoreReplay(s, replayFlaggedDays(s)));
  const total = (pick: (r: CorpusSeriesResult) => number) => perSeries.reduce((a, r) => a + pick(r), 0);
  const days = total((r) => r.days);
  const falseFlags = total((r) => r.falseFlags);
  return {
    perSeries,
    pooled: {
      series: perSeries.length,
      windows: total((r) => r.windows),
      found: total((r) => r.found),
      falseFlags,
      days,
      falseFlagsPer30Days: days ? (falseFlags * 30) / days : null,
    },
    onePassOverLabelled: onePassOverLabelled(suite),
  };
}

export function formatCorpus({ perSeries, pooled, onePassOverLabelled: once }: ReturnType<typeof evaluateCorpus>): string {
  const width = Math.max(...perSeries.map((r) => r.name.length), 6);
  const lines = [`${"series".padEnd(width)} |  days | windows | found | false flags | per 30 days`];
  for (const r of perSeries)
    lines.push(
      `${r.name.padEnd(width)} | ${String(r.days).padStart(5)} | ${String(r.windows).padStart(7)} | ${String(r.found).padStart(5)} | ${String(r.falseFlags).padStart(11)} | ${((r.falseFlags * 30) / r.days).toFixed(2).padStart(11)}`,
    );
  lines.push(
    "",
    `pooled over ${pooled.series} series: ${pooled.windows} windows, ${pooled.found} found, ${pooled.falseFlags} false flags in ${pooled.days} days, ${pooled.falseFlagsPer30Days?.toFixed(2) ?? "–"} false flags per 30 days`,
    `one pass over each of the ${once.series} labelled series, false flags counted in findings (as -- --series counts): ${once.windows} windows, ${once.found} found, ${once.falseFlags} false flags in ${once.days} days, ${once.falseFlagsPer30Days?.toFixed(2) ?? "–"} per 30 days`,
  );
  return lines.join("\n");
}
