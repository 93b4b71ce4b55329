"use client";

import { useMemo, useState } from "react";
import { Area, Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { KIND_LABELS, type AnomalyFlagView } from "@/components/anomalies/types";
import { useDateFormat } from "@/components/layout/date-format";
import { TableScroll } from "@/components/layout/table-scroll";
import { formatCompact, formatDecimal, formatEstimate, formatExact } from "@/lib/format/decimal-format";
import { dailySeries } from "@/lib/usage/daily-series";
import type { ProjectionResponse } from "@/lib/projection/projection-response";
import type { UsageResponse } from "@/lib/usage/usage-response";
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
  report: Pick<UsageResponse, "daily" | "period" | "workspaces" | "generatedAt">;
  areas: Map<string, DashboardProductArea>;
  /** The open period's forecast of its remaining days, drawn as a dashed path with its range. */
  forecast?: ProjectionResponse["forecast"];
  /** Anomaly flags to mark at their days (those of the unit's areas). */
  flags?: readonly AnomalyFlagView[];
}

const SEVERITY_COLOURS: Record<AnomalyFlagView["severity"], string> = { low: "#edc948", medium: "#f28e2b", high: "#d62728" };

const PROJECTED = "projected";
const BAND = "band";

/** Per remaining day, the forecast of the unit's areas added up: plotting only, so plain numbers. */
function projectedByDay(forecast: UsageChartProps["forecast"], keys: readonly string[]) {
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

export function UsageChart({ report, areas, forecast, flags = [] }: UsageChartProps) {
  const label = (key: string) =>
    key === PROJECTED ? "Projected (estimate)" : key === BAND ? "Likely range (P10–P90)" : (areas.get(key)?.displayName ?? key);
  const dates = useDateFormat();
  // Every workspace's own period: combined views span all of their days, not the first one's.
  const series = useMemo(() => {
    const periods = report.workspaces?.map((w) => w.period) ?? [report.period];
    return dailySeries(report.daily, periods, new Date(report.generatedAt)).map((s) => ({
      ...s,
      keys: [...s.keys].sort((a, b) => (areas.get(a)?.displayName ?? a).localeCompare(areas.get(b)?.displayName ?? b)),
    }));
  }, [report, areas]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [asTable, setAsTable] = useState(false);
  const unit = series.find((s) => s.unit === chosen) ?? series[0];

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
  const marked = flags.filter((f) => f.productArea !== null && unit?.keys.includes(f.productArea));

  if (!unit) return null;
  const first = unit.days[0]?.date;
  const last = unit.days.at(-1)?.date;
  return (
    <section className="card chart-card" aria-labelledby="chart-title" data-testid="usage-chart">
      <div className="chart-header">
        <h2 id="chart-title">Daily usage by product area</h2>
        <div role="group" aria-label="Unit shown in the chart" className="unit-tabs">
          {series.map((s) => (
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
      <p className="muted chart-caption">
        {unit.keys.map(label).join(", ")} — stacked, in {unit.unit}. Areas measured in other units have their own tab.
      </p>
      {asTable ? (
        <ChartTable unit={unit} label={label} flags={marked} projected={projectedDays(forecast, unit.keys, last ?? "")} />
      ) : (
        <div
          className="chart-box"
          role="img"
          aria-label={`Stacked daily bar chart of ${unit.keys.map(label).join(", ")} in ${unit.unit}, ${first} to ${last}${drawsForecast ? ", with the projected rest of the period as a dashed line and its likely range shaded" : ""}${marked.length ? `, with ${marked.length} anomaly flag${marked.length === 1 ? "" : "s"} marked` : ""}`}
        >
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="date" tickFormatter={dates.dayShort} minTickGap={16} fontSize={12} />
              <YAxis tickFormatter={(v: number) => formatCompact(String(Math.round(v)))} width={56} fontSize={12} />
              <Tooltip
                labelFormatter={(date) => dates.dayShort(String(date))}
                formatter={(value, name, item) => [
                  name === PROJECTED
                    ? `${formatCompact(String(Math.round(Number(value))))} ${unit.unit}`
                    : name === BAND
                      ? (value as number[]).map((v) => formatCompact(String(Math.round(v)))).join(" – ") + ` ${unit.unit}`
                      : `${formatDecimal((item.payload as { exact: Record<string, string> }).exact[String(name)] ?? "0", 3)} ${unit.unit}`,
                  label(String(name)),
                ]}
              />
              <Legend formatter={(value) => label(String(value))} wrapperStyle={{ fontSize: 12 }} />
              {unit.keys.map((key, index) => (
                <Bar key={key} dataKey={key} stackId="usage" fill={PALETTE[index % PALETTE.length]} isAnimationActive={false} />
              ))}
              {drawsForecast && (
                <Area dataKey={BAND} stroke="none" fill="#5b6472" fillOpacity={0.15} isAnimationActive={false} connectNulls={false} />
              )}
              {marked.map((flag) => (
                <ReferenceArea
                  key={flag.id}
                  // Within the days drawn and clipped to the plot: a day off the axis would put the
                  // band's edge at the chart's left, over the y-axis labels.
                  x1={flag.startDate < (data[0]?.date ?? "") ? data[0]?.date : flag.startDate}
                  x2={flag.endDate > (data.at(-1)?.date ?? "") ? data.at(-1)?.date : flag.endDate}
                  ifOverflow="hidden"
                  fill={SEVERITY_COLOURS[flag.severity]}
                  fillOpacity={0.18}
                  stroke={SEVERITY_COLOURS[flag.severity]}
                  strokeDasharray="2 2"
                  label={{ value: "!", position: "insideTop", fill: SEVERITY_COLOURS[flag.severity], fontWeight: 700 }}
                  className="chart-flag"
                />
              ))}
              {drawsForecast && (
                <Line dataKey={PROJECTED} stroke="#161a21" strokeDasharray="6 4" strokeWidth={2} dot={false} isAnimationActive={false} />
              )}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}

/** The chart's figures, exact: every day of the chart, and the sums it stacks. */
function ChartTable({
  unit,
  label,
  flags,
  projected,
}: {
  unit: ReturnType<typeof dailySeries>[number];
  label: (key: string) => string;
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
                {dates.day(day.date)}
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
