"use client";
// The cost view's plot, loaded on its own after the page (usage-chart.tsx): each bucket's cost
// stacked by product area (left axis), the running total as a line with the budget and the
// projected path to the period's end (right axis), in one currency.
import { useMemo } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useDateFormat } from "@/components/layout/date-format";
import { formatMoney, formatMoneyCompact } from "@/lib/format/money-format";
import type { Granularity } from "@/lib/usage/chart-buckets";
import type { CostSeries } from "@/lib/usage/cost-series";
import { CUMULATIVE, PROJECTED_COST, useBucketLabels, type CostBudget } from "./cost-chart";
import type { ProjectedCostPoint } from "./projected-cost";

export function CostPlot({
  series,
  label,
  colour,
  granularity,
  projected,
  budget,
  description,
}: {
  series: CostSeries;
  label: (key: string) => string;
  colour: (key: string) => string;
  granularity: Granularity;
  projected: readonly ProjectedCostPoint[];
  budget: CostBudget | null;
  description: string;
}) {
  const { locale } = useDateFormat();
  const names = useBucketLabels(granularity);
  const money = (value: number) => formatMoneyCompact(value, series.currency, locale);
  const data = useMemo(() => {
    const shown = series.buckets.map((bucket) => ({
      date: bucket.date,
      exact: bucket.amounts,
      ...Object.fromEntries(Object.entries(bucket.amounts).map(([key, amount]) => [key, Number(amount)])),
      [CUMULATIVE]: Number(bucket.cumulative),
      exactCumulative: bucket.cumulative,
    }));
    if (projected.length === 0) return shown;
    // The projected path starts where the running total stands.
    const last = shown.at(-1);
    const joined = last ? [...shown.slice(0, -1), { ...last, [PROJECTED_COST]: last[CUMULATIVE] }] : shown;
    return [...joined, ...projected.map((p) => ({ date: p.date, exact: {} as Record<string, string>, [PROJECTED_COST]: p.cumulative }))];
  }, [series, projected]);
  const top = Math.max(
    ...data.map((d) => ((d as Record<string, unknown>)[PROJECTED_COST] as number | undefined) ?? 0),
    Number(series.total),
    budget ? Number(budget.amount) : 0,
  );
  return (
    <div className="chart-box" role="img" aria-label={description}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" tickFormatter={names.tick} minTickGap={16} fontSize={12} />
          <YAxis yAxisId="bucket" tickFormatter={money} width={64} fontSize={12} />
          <YAxis yAxisId={CUMULATIVE} orientation="right" tickFormatter={money} width={64} fontSize={12} domain={[0, top * 1.05]} />
          <Tooltip
            labelFormatter={(date) => names.long(String(date))}
            formatter={(value, name, item) => {
              const payload = item.payload as { exact: Record<string, string>; exactCumulative?: string };
              const text =
                name === CUMULATIVE
                  ? formatMoney(payload.exactCumulative ?? String(value), series.currency, locale)
                  : name === PROJECTED_COST
                    ? `${money(Number(value))} (estimate)`
                    : formatMoney(payload.exact[String(name)] ?? "0", series.currency, locale);
              return [text, label(String(name))];
            }}
          />
          <Legend formatter={(value) => label(String(value))} wrapperStyle={{ fontSize: 12 }} />
          {series.keys.map((key) => (
            <Bar key={key} yAxisId="bucket" dataKey={key} stackId="cost" fill={colour(key)} isAnimationActive={false} />
          ))}
          <Line
            yAxisId={CUMULATIVE}
            dataKey={CUMULATIVE}
            stroke="#161a21"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
            className="chart-cumulative"
          />
          {projected.length > 0 && (
            <Line
              yAxisId={CUMULATIVE}
              dataKey={PROJECTED_COST}
              stroke="#161a21"
              strokeDasharray="6 4"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              connectNulls
            />
          )}
          {budget && (
            <ReferenceLine
              yAxisId={CUMULATIVE}
              y={Number(budget.amount)}
              stroke="#d62728"
              strokeDasharray="4 3"
              className="chart-budget"
              label={{
                value: `Budget ${formatMoney(budget.amount, budget.currency, locale)}`,
                position: "insideTopRight",
                fill: "#a61b1b",
                fontSize: 12,
              }}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
