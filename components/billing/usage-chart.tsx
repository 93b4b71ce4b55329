"use client";

import { useMemo, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCompact, formatDecimal } from "@/lib/format/decimal-format";
import { addDays } from "@/lib/time/calendar-date";
import type { UsageRow } from "@/lib/usage/usage-response";
import type { DashboardProductArea } from "./types";

// 16 distinguishable colours (Tableau 10 + 6), in an order that keeps neighbours apart.
const PALETTE = [
  "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
  "#9c755f", "#bab0ac", "#1f77b4", "#8c564b", "#17becf", "#bcbd22", "#7f7f7f", "#d62728",
];

interface UsageChartProps {
  daily: UsageRow[];
  period: { start: string; end: string };
  areas: Map<string, DashboardProductArea>;
}

function shortDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

export function UsageChart({ daily, period, areas }: UsageChartProps) {
  // Quantities are only stacked within one unit: one view per unit, the busiest first.
  const units = useMemo(() => {
    const byUnit = new Map<string, Set<string>>();
    for (const row of daily) byUnit.set(row.unit, (byUnit.get(row.unit) ?? new Set()).add(row.productArea!));
    return [...byUnit].map(([unit, keys]) => ({ unit, keys: [...keys].sort() })).sort((a, b) => b.keys.length - a.keys.length || a.unit.localeCompare(b.unit));
  }, [daily]);
  const [chosen, setChosen] = useState<string | null>(null);
  const unit = units.find((u) => u.unit === chosen) ?? units[0];

  const data = useMemo(() => {
    if (!unit) return [];
    const lastDate = daily.reduce((last, row) => (row.date! > last ? row.date! : last), period.start);
    const rows: Record<string, string | number | Record<string, string>>[] = [];
    const byDate = new Map<string, (typeof rows)[number]>();
    for (let date = period.start; date <= lastDate; date = addDays(date, 1)) {
      const row = { date, exact: {} as Record<string, string> };
      rows.push(row);
      byDate.set(date, row);
    }
    for (const r of daily) {
      if (r.unit !== unit.unit) continue;
      const row = byDate.get(r.date!);
      if (!row) continue;
      row[r.productArea!] = Number(r.quantity); // plotting only; labels use the exact string
      (row.exact as Record<string, string>)[r.productArea!] = r.quantity;
    }
    return rows;
  }, [daily, period.start, unit]);

  if (!unit) return null;
  const label = (key: string) => areas.get(key)?.displayName ?? key;
  return (
    <section className="card chart-card" aria-labelledby="chart-title">
      <div className="chart-header">
        <h2 id="chart-title">Daily usage by product area</h2>
        <div role="group" aria-label="Unit shown in the chart" className="unit-tabs">
          {units.map((u) => (
            <button
              key={u.unit}
              type="button"
              aria-pressed={u.unit === unit.unit}
              className={u.unit === unit.unit ? "tab active" : "tab"}
              onClick={() => setChosen(u.unit)}
            >
              {u.unit} <span className="muted">({u.keys.length})</span>
            </button>
          ))}
        </div>
      </div>
      <p className="muted chart-caption">
        {unit.keys.map(label).join(", ")} — stacked, in {unit.unit}. Areas measured in other units have their own tab.
      </p>
      <div className="chart-box" role="img" aria-label={`Stacked daily bar chart of ${unit.keys.map(label).join(", ")} in ${unit.unit}, from ${period.start}`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="date" tickFormatter={shortDate} minTickGap={16} fontSize={12} />
            <YAxis tickFormatter={(v: number) => formatCompact(String(Math.round(v)))} width={56} fontSize={12} />
            <Tooltip
              labelFormatter={(date) => shortDate(String(date))}
              formatter={(_value, name, item) => [
                `${formatDecimal((item.payload as { exact: Record<string, string> }).exact[String(name)] ?? "0", 3)} ${unit.unit}`,
                label(String(name)),
              ]}
            />
            <Legend formatter={(value) => label(String(value))} wrapperStyle={{ fontSize: 12 }} />
            {unit.keys.map((key, index) => (
              <Bar key={key} dataKey={key} stackId="usage" fill={PALETTE[index % PALETTE.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
