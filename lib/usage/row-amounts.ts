// The amounts a report's rows carry: each row's share of the days' amounts (lib/usage/daily-amounts.ts),
// summed per currency over whatever the row groups, and the cost of a custom range as its days' sum.
import type { UsageCost } from "@/lib/pricing/cost-of-usage";
import type { WorkspaceCost } from "@/lib/pricing/cost-of-usage";
import { Exact, minorUnitDigits } from "@/lib/pricing/money";
import { MoneySum, type DailyAmounts, type DayQuantity, type Money } from "./daily-amounts";
import type { GroupByDimension } from "./usage-query";
import type { UsageRow } from "./usage-response";

type Keyed = { workspaceId?: string; date?: string; productArea?: string; unit: string };

function keyOf(dimensions: readonly GroupByDimension[], bucket: (date: string) => string) {
  const day = dimensions.includes("day");
  const workspace = dimensions.includes("workspace");
  const area = dimensions.includes("productArea");
  return (row: Keyed) =>
    `${day ? bucket(row.date!) : ""}\u0000${workspace ? row.workspaceId : ""}\u0000${area ? row.productArea : ""}\u0000${row.unit}`;
}

/**
 * Each row's amount: the sum of the amounts of the days, workspaces and areas it groups (by the
 * rows' dimensions and unit, days into `bucket`), one currency or null. Rows by day, workspace and
 * area at day granularity are the days themselves.
 */
export function rowAmounts(
  rows: readonly UsageRow[],
  dimensions: readonly GroupByDimension[],
  days: readonly DayQuantity[],
  amounts: DailyAmounts["amounts"],
  bucket: ((date: string) => string) | null,
): (Money | null)[] {
  if (rows === days) return amounts;
  const key = keyOf(dimensions, bucket ?? ((date) => date));
  const sums = new Map<string, MoneySum>();
  days.forEach((day, i) => {
    const k = key(day);
    let sum = sums.get(k);
    if (!sum) sums.set(k, (sum = new MoneySum()));
    sum.add(amounts[i]!);
  });
  return rows.map((row) => sums.get(key(row))?.value ?? null);
}

/** Rows of whole periods without days: the sums of the invoice lines they group (their days' amounts telescope to those). */
export function lineAmounts(
  rows: readonly UsageRow[],
  dimensions: readonly GroupByDimension[],
  lines: readonly WorkspaceCost[],
): (Money | null)[] {
  const workspace = dimensions.includes("workspace");
  const area = dimensions.includes("productArea");
  const key = (workspaceId: string | undefined, productArea: string | undefined) =>
    `${workspace ? workspaceId : ""}\u0000${area ? productArea : ""}`;
  const sums = new Map<string, MoneySum>();
  for (const w of lines) {
    for (const line of w.lines) {
      const k = key(w.workspaceId, line.productArea);
      let sum = sums.get(k);
      if (!sum) sums.set(k, (sum = new MoneySum()));
      sum.add({ currency: w.currency, amount: line.amount });
    }
  }
  return rows.map((row) => sums.get(key(row.workspaceId, row.productArea))?.value ?? null);
}

/** A custom range's cost: its days' amounts summed per currency, and per product area and currency. */
export function costOfDays(days: readonly DayQuantity[], { amounts, unpriced }: DailyAmounts): UsageCost {
  const totals = new Map<string, Exact>();
  const byArea = new Map<string, { productArea: string; currency: string; amount: Exact }>();
  days.forEach((day, i) => {
    const money = amounts[i];
    if (!money) return;
    totals.set(money.currency, (totals.get(money.currency) ?? new Exact(0)).plus(money.amount));
    const k = `${day.productArea}\u0000${money.currency}`;
    const found = byArea.get(k);
    if (found) found.amount = found.amount.plus(money.amount);
    else byArea.set(k, { productArea: day.productArea, currency: money.currency, amount: new Exact(money.amount) });
  });
  const fixed = (amount: Exact, currency: string) => amount.toFixed(minorUnitDigits(currency));
  return {
    totals: [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount: fixed(amount, currency) })),
    byArea: [...byArea.values()]
      .sort((a, b) => a.productArea.localeCompare(b.productArea) || a.currency.localeCompare(b.currency))
      .map(({ productArea, currency, amount }) => ({ productArea, currency, amount: fixed(amount, currency) })),
    unpriced,
  };
}

/** Two costs side by side: per product area and currency, and per currency ("0" where a side has none). */
export function comparedCosts(current: UsageCost, previous: UsageCost) {
  const zero = (currency: string) => new Exact(0).toFixed(minorUnitDigits(currency));
  const costs = new Map<string, { productArea: string; currency: string; current: string; previous: string }>();
  for (const a of current.byArea)
    costs.set(`${a.productArea}\u0000${a.currency}`, { ...pick(a), current: a.amount, previous: zero(a.currency) });
  for (const a of previous.byArea) {
    const found = costs.get(`${a.productArea}\u0000${a.currency}`);
    if (found) found.previous = a.amount;
    else costs.set(`${a.productArea}\u0000${a.currency}`, { ...pick(a), current: zero(a.currency), previous: a.amount });
  }
  const totals = new Map<string, { currency: string; current: string; previous: string }>();
  for (const t of current.totals) totals.set(t.currency, { currency: t.currency, current: t.amount, previous: zero(t.currency) });
  for (const t of previous.totals) {
    const found = totals.get(t.currency);
    if (found) found.previous = t.amount;
    else totals.set(t.currency, { currency: t.currency, current: zero(t.currency), previous: t.amount });
  }
  return {
    costs: [...costs.values()].sort((a, b) => a.productArea.localeCompare(b.productArea) || a.currency.localeCompare(b.currency)),
    costTotals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

const pick = ({ productArea, currency }: { productArea: string; currency: string }) => ({ productArea, currency });
