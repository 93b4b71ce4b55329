"use client";

import { useMemo, useState } from "react";
import dynamic from "next/dynamic";
import { KIND_LABELS, type AnomalyFlagView } from "@/components/anomalies/types";
import { useDateFormat } from "@/components/layout/date-format";
import { TableScroll } from "@/components/layout/table-scroll";
import { formatEstimate, formatExact } from "@/lib/format/decimal-format";
import { dailySeries, seriesDates } from "@/lib/usage/daily-series";
import { bucketOf, type Granularity } from "@/lib/usage/chart-buckets";
import { calendarDateIn } from "@/lib/periods/calendar-date";
import { costSeries } from "@/lib/usage/cost-series";
import type { ProjectionResponse } from "@/lib/projection/projection-response";
import type { UsageResponse } from "@/lib/usage/usage-response";
import { CostTable, useBucketLabels, CUMULATIVE, PROJECTED_COST, type CostBudget } from "./cost-chart";
import { BAND, PROJECTED } from "./plot-keys";

// The plots (recharts, the page's largest script by far) load after the page is up: they draw
// nothing on the server anyway (they measure their box first), and the figures beside them do not
// need them. Until then the chart's box, with its size and description, stands empty.
const UsagePlot = dynamic(() => import("./usage-plot").then((m) => m.UsagePlot), { ssr: false });
const CostPlot = dynamic(() => import("./cost-plot").then((m) => m.CostPlot), {
  ssr: false,
  loading: () => <div className="chart-box" aria-busy="true" />,
});
import { projectedCostPath } from "./projected-cost";
import { projectedDays, type ProjectedDay } from "./projected-days";
import type { DashboardProductArea } from "./types";

// 16 distinguishable colours (Tableau 10 + 6), in an order that keeps neighbours apart.
const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#59a14f",
  "#e15759",
  "#76b7b2",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
  "#1f77b4",
  "#8c564b",
  "#17becf",
  "#bcbd22",
  "#7f7f7f",
  "#d62728",
];

interface UsageChartProps {
  report: Pick<UsageResponse, "daily" | "period" | "workspaces" | "generatedAt" | "cost">;
  areas: Map<string, DashboardProductArea>;
  /** The open period's projection: its forecast drawn as a dashed path with its range, and priced in the cost view. */
  projection?: ProjectionResponse;
  /** Anomaly flags to mark at their days (those of the unit's areas). */
  flags?: readonly AnomalyFlagView[];
  /** What the chart shows, and the switch between usage and cost. */
  show?: "usage" | "cost";
  onShow?: (show: "usage" | "cost") => void;
  /** The buckets the report's rows are summed into, and the picker for them. */
  granularity?: Granularity;
  /** The buckets asked for: the report's until the new one comes. */
  chosenGranularity?: Granularity;
  onGranularity?: (granularity: Granularity) => void;
  /** The period's budget, drawn against the running cost in its currency. */
  budget?: CostBudget | null;
}

const PER: Record<Granularity, string> = { day: "per day", week: "per week", month: "per month" };

/** Per remaining day, the forecast of the unit's areas added up: plotting only, so plain numbers. */
function projectedByDay(forecast: ProjectionResponse["forecast"] | undefined, keys: readonly string[]) {
  const days = new Map<string, { quantity: number; low: number; high: number }>();
  for (const f of forecast ?? []) {
    if (!keys.includes(f.productArea)) continue;
    const day = days.get(f.date) ?? { quantity: 0, low: 0, high: 0 };
    day.quantity += Number(f.quantity);
    day.low += Number(f.quantityP10);
    day.high += Number(f.quantityP90);
    days.set(f.date, day);
  }
  return days;
}

export function UsageChart({
  report,
  areas,
  projection,
  flags = [],
  show = "usage",
  onShow,
  granularity = "day",
  chosenGranularity = granularity,
  onGranularity,
  budget = null,
}: UsageChartProps) {
  const label = (key: string) =>
    key === PROJECTED
      ? "Projected (estimate)"
      : key === BAND
        ? "Likely range (P10–P90)"
        : key === CUMULATIVE
          ? "Running total"
          : key === PROJECTED_COST
            ? "Projected running total (estimate)"
            : (areas.get(key)?.displayName ?? key);
  const names = useBucketLabels(granularity);
  // A day's forecast has no place among weeks or months: the usage path is drawn per day only.
  const forecast = granularity === "day" ? projection?.forecast : undefined;
  const byName = (a: string, b: string) => (areas.get(a)?.displayName ?? a).localeCompare(areas.get(b)?.displayName ?? b);
  // Every workspace's own period: combined views span all of their days, not the first one's.
  const { series, costs } = useMemo(() => {
    const periods = report.workspaces?.map((w) => w.period) ?? [report.period];
    const generatedAt = new Date(report.generatedAt);
    return {
      series: dailySeries(report.daily, periods, generatedAt, granularity).map((s) => ({ ...s, keys: [...s.keys].sort(byName) })),
      costs: costSeries(report.daily, seriesDates(report.daily, periods, generatedAt, granularity)).map((s) => ({
        ...s,
        keys: [...s.keys].sort(byName),
      })),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- byName reads only `areas`
  }, [report, areas, granularity]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [chosenCurrency, setChosenCurrency] = useState<string | null>(null);
  const [asTable, setAsTable] = useState(false);
  const unit = series.find((s) => s.unit === chosen) ?? series[0];
  const costAvailable = report.cost !== null;
  const showsCost = show === "cost" && costAvailable;
  // The workspace's own currency first, in a combined view; then by code.
  const home = report.workspaces?.[0]?.currency;
  const money = costs.find((c) => c.currency === chosenCurrency) ?? costs.find((c) => c.currency === home) ?? costs[0];
  // Every area keeps its colour whichever view shows it.
  const allKeys = useMemo(() => [...new Set([...series.flatMap((s) => s.keys), ...costs.flatMap((c) => c.keys)])].sort(), [series, costs]);
  const colour = (key: string) => PALETTE[Math.max(0, allKeys.indexOf(key)) % PALETTE.length]!;

  const data = useMemo(() => {
    const projected = projectedByDay(forecast, unit?.keys ?? []);
    const days = unit?.days ?? [];
    const shown = days.map((day) => {
      const ahead = projected.get(day.date);
      return {
        date: day.date,
        exact: day.quantities,
        // Plotting only: labels and the table use the exact strings.
        ...Object.fromEntries(Object.entries(day.quantities).map(([key, quantity]) => [key, Number(quantity)])),
        ...(ahead && { [PROJECTED]: ahead.quantity, [BAND]: [ahead.low, ahead.high] }),
      };
    });
    // The days still to come, after the last one with figures: the projection alone.
    const last = days.at(-1)?.date ?? "";
    const future = [...projected]
      .filter(([date]) => date > last)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, ahead]) => ({
        date,
        exact: {} as Record<string, string>,
        [PROJECTED]: ahead.quantity,
        [BAND]: [ahead.low, ahead.high],
      }));
    return [...shown, ...future];
  }, [unit, forecast]);
  const drawsForecast = data.some((d) => PROJECTED in d);
  // In weeks or months, a flag marks the buckets holding its days.
  const marked = flags
    .filter((f) => f.productArea !== null && unit?.keys.includes(f.productArea))
    .map((f) => {
      if (granularity === "day" || !unit) return f;
      const buckets = unit.days.map((d) => d.date);
      return { ...f, startDate: bucketOf(f.startDate, buckets) ?? f.startDate, endDate: bucketOf(f.endDate, buckets) ?? f.endDate };
    });

  if (!unit) return null;
  const first = unit.days[0]?.date;
  const last = unit.days.at(-1)?.date;
  const per = PER[granularity];
  const costPath =
    showsCost && money
      ? projectedCostPath({
          projection,
          currency: money.currency,
          keys: money.keys,
          costSoFar: Number(money.total),
          lastDate: calendarDateOfReport(report),
          buckets: money.buckets.map((b) => b.date),
          granularity,
        })
      : { points: [], total: null };
  const shownBudget = showsCost && budget && money && budget.currency === money.currency ? budget : null;
  const range = first && last ? `${names.long(first)} to ${names.long(last)}` : "";
  return (
    <section className="card chart-card" aria-labelledby="chart-title" data-testid="usage-chart">
      <div className="chart-header">
        <h2 id="chart-title">
          {showsCost ? "Cost" : "Usage"} by product area, {per}
        </h2>
        <div className="chart-controls">
          {costAvailable && onShow && (
            <div role="group" aria-label="The chart shows" className="unit-tabs measure-switch">
              {(["usage", "cost"] as const).map((measure) => (
                <button
                  key={measure}
                  type="button"
                  aria-pressed={show === measure}
                  className={show === measure ? "tab active" : "tab"}
                  onClick={() => onShow(measure)}
                >
                  {measure === "usage" ? "Usage" : "Cost"}
                </button>
              ))}
            </div>
          )}
          {onGranularity && (
            <label className="granularity">
              <span>Bars</span>
              <select value={chosenGranularity} onChange={(e) => onGranularity(e.target.value as Granularity)}>
                <option value="day">per day</option>
                <option value="week">per week</option>
                <option value="month">per month</option>
              </select>
            </label>
          )}
        </div>
        <div role="group" aria-label={showsCost ? "Currency shown in the chart" : "Unit shown in the chart"} className="unit-tabs">
          {showsCost
            ? costs.length > 1 &&
              costs.map((c) => (
                <button
                  key={c.currency}
                  type="button"
                  aria-pressed={c.currency === money?.currency}
                  className={c.currency === money?.currency ? "tab active" : "tab"}
                  onClick={() => setChosenCurrency(c.currency)}
                >
                  {c.currency}
                </button>
              ))
            : series.map((s) => (
                <button
                  key={s.unit}
                  type="button"
                  aria-pressed={s.unit === unit.unit}
                  className={s.unit === unit.unit ? "tab active" : "tab"}
                  onClick={() => setChosen(s.unit)}
                >
                  {s.unit} <span className="muted">({s.keys.length})</span>
                </button>
              ))}
          <button type="button" className="tab" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
            {asTable ? "Show chart" : "Show as table"}
          </button>
        </div>
      </div>
      {showsCost ? (
        !money ? (
          <p className="muted chart-caption">No usage in this view has a price: there is no cost to draw.</p>
        ) : (
          <>
            <p className="muted chart-caption">
              Cost in {money.currency} {per}, stacked by product area, with the running total
              {costPath.points.length > 0 ? ", its projected path to the period's end" : ""}
              {shownBudget ? " and the budget" : ""} on the right-hand scale.
              {costs.length > 1 ? " Other currencies have their own tab: amounts in different currencies are never added." : ""}
            </p>
            {asTable ? (
              <CostTable
                series={money}
                label={label}
                granularity={granularity}
                projected={costPath.points}
                projectedTotal={costPath.total}
                budget={shownBudget}
              />
            ) : (
              <CostPlot
                series={money}
                label={label}
                colour={colour}
                granularity={granularity}
                projected={costPath.points}
                budget={shownBudget}
                description={`Stacked bar chart of the cost ${per} in ${money.currency} of ${money.keys.map(label).join(", ")}, ${range}, with the running total as a line${costPath.points.length ? ", its projected path to the period's end dashed" : ""}${shownBudget ? ", and the budget as a horizontal line" : ""}`}
              />
            )}
          </>
        )
      ) : (
        <>
          <p className="muted chart-caption">
            {unit.keys.map(label).join(", ")} — stacked, in {unit.unit}. Areas measured in other units have their own tab.
          </p>
          {asTable ? (
            <ChartTable
              unit={unit}
              label={label}
              bucketLabel={names.long}
              flags={marked}
              projected={projectedDays(forecast, unit.keys, last ?? "")}
            />
          ) : (
            <div
              className="chart-box"
              role="img"
              aria-label={`Stacked bar chart ${per} of ${unit.keys.map(label).join(", ")} in ${unit.unit}, ${range}${drawsForecast ? ", with the projected rest of the period as a dashed line and its likely range shaded" : ""}${marked.length ? `, with ${marked.length} anomaly flag${marked.length === 1 ? "" : "s"} marked` : ""}`}
            >
              <UsagePlot
                data={data}
                unitName={unit.unit}
                keys={unit.keys}
                tick={names.tick}
                long={names.long}
                label={label}
                colour={colour}
                drawsForecast={drawsForecast}
                marked={marked}
              />
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** The last day the report has reached: the first workspace's today, or its period's end once over. */
function calendarDateOfReport(report: UsageChartProps["report"]): string {
  const today = calendarDateIn(new Date(report.generatedAt), report.period.timeZone);
  return today < report.period.end ? today : report.period.end;
}

/** The chart's figures, exact: every day of the chart, and the sums it stacks. */
function ChartTable({
  unit,
  label,
  bucketLabel,
  flags,
  projected,
}: {
  unit: ReturnType<typeof dailySeries>[number];
  label: (key: string) => string;
  /** A row's day, week or month, in words. */
  bucketLabel: (date: string) => string;
  flags: readonly AnomalyFlagView[];
  /** The days still to come, as the chart's dashed path: estimates, rounded like the recorded figures. */
  projected: readonly ProjectedDay[];
}) {
  const dates = useDateFormat();
  return (
    <TableScroll className="chart-table" label={`Daily usage in ${unit.unit}, as a table`}>
      <table data-testid="chart-table">
        <caption className="skip-link">Daily usage in {unit.unit}: the chart&apos;s figures</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {unit.keys.map((key) => (
              <th scope="col" key={key} className="numeric">
                {label(key)}
              </th>
            ))}
            <th scope="col" className="numeric">
              Day total
            </th>
          </tr>
        </thead>
        <tbody>
          {unit.days.map((day) => (
            <tr key={day.date}>
              <th scope="row" data-date={day.date}>
                {bucketLabel(day.date)}
                {flags
                  .filter((f) => f.startDate <= day.date && day.date <= f.endDate)
                  .map((f) => (
                    <span key={f.id} className={`severity ${f.severity}`} data-testid="table-flag">
                      {KIND_LABELS[f.kind]}: {label(f.productArea!)}
                    </span>
                  ))}
              </th>
              {unit.keys.map((key) => (
                <td key={key} className="numeric">
                  {formatExact(day.quantities[key] ?? "0")}
                </td>
              ))}
              <td className="numeric">{formatExact(day.total)}</td>
            </tr>
          ))}
          {projected.map((day) => (
            <tr key={day.date} className="projected-row" data-testid="chart-table-projected">
              <th scope="row" data-date={day.date}>
                {dates.day(day.date)} <span className="muted">(projected)</span>
              </th>
              {unit.keys.map((key) => (
                <td key={key} className="numeric muted">
                  {day.quantities[key] === undefined ? "—" : formatEstimate(day.quantities[key], unit.totals[key] ?? "0")}
                </td>
              ))}
              <td className="numeric muted">{formatEstimate(day.total, unit.days.at(-1)?.total ?? "0")}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="chart-table-totals">
            <th scope="row">{projected.length ? "Total to date" : "Total"}</th>
            {unit.keys.map((key) => (
              <td key={key} className="numeric" data-area={key}>
                {formatExact(unit.totals[key] ?? "0")}
              </td>
            ))}
            <td />
          </tr>
        </tfoot>
      </table>
    </TableScroll>
  );
}
