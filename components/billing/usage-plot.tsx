"use client";
// The usage chart's plot: recharts, loaded on its own after the page (usage-chart.tsx).
import { Area, Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { AnomalyFlagView } from "@/components/anomalies/types";
import { formatCompact, formatDecimal } from "@/lib/format/decimal-format";
import { BAND, PROJECTED, SEVERITY_COLOURS } from "./plot-keys";

export interface UsagePlotProps {
  /** One entry per bucket: the areas' quantities as plain numbers (plotting only), the exact strings, the forecast. */
  data: readonly ({ date: string; exact: Record<string, string> } & Record<string, unknown>)[];
  unitName: string;
  keys: readonly string[];
  tick: (date: string) => string;
  long: (date: string) => string;
  label: (key: string) => string;
  colour: (key: string) => string;
  drawsForecast: boolean;
  marked: readonly AnomalyFlagView[];
}

export function UsagePlot({ data, unitName, keys, tick, long, label, colour, drawsForecast, marked }: UsagePlotProps) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="date" tickFormatter={tick} minTickGap={16} fontSize={12} />
        <YAxis tickFormatter={(v: number) => formatCompact(String(Math.round(v)))} width={56} fontSize={12} />
        <Tooltip
          labelFormatter={(date) => long(String(date))}
          formatter={(value, name, item) => [
            name === PROJECTED
              ? `${formatCompact(String(Math.round(Number(value))))} ${unitName}`
              : name === BAND
                ? (value as number[]).map((v) => formatCompact(String(Math.round(v)))).join(" – ") + ` ${unitName}`
                : `${formatDecimal((item.payload as { exact: Record<string, string> }).exact[String(name)] ?? "0", 3)} ${unitName}`,
            label(String(name)),
          ]}
        />
        <Legend formatter={(value) => label(String(value))} wrapperStyle={{ fontSize: 12 }} />
        {keys.map((key) => (
          <Bar key={key} dataKey={key} stackId="usage" fill={colour(key)} isAnimationActive={false} />
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
  );
}
