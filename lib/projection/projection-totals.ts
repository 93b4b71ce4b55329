// The projection's figures across areas: amounts per currency (never added across currencies) and
// the accuracy the same projection had on earlier periods.
import { Exact, minorUnitDigits } from "@/lib/pricing/money";
import type { ProjectionResponse } from "./projection-response";

type Area = ProjectionResponse["areas"][number];
type Amounts = { amountToDate: string; projectedAmount: string; projectedAmountP10: string; projectedAmountP90: string };

export function totalsByCurrency(areas: readonly Area[]): ProjectionResponse["totals"] {
  const sums = new Map<string, Record<keyof Amounts, Exact>>();
  for (const area of areas) {
    if (area.currency === null) continue;
    const sum = sums.get(area.currency) ?? {
      amountToDate: new Exact(0),
      projectedAmount: new Exact(0),
      projectedAmountP10: new Exact(0),
      projectedAmountP90: new Exact(0),
    };
    for (const key of ["amountToDate", "projectedAmount", "projectedAmountP10", "projectedAmountP90"] as const)
      sum[key] = sum[key].plus(area[key] ?? "0");
    sums.set(area.currency, sum);
  }
  return [...sums]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sum]) => {
      const digits = minorUnitDigits(currency);
      return {
        currency,
        amountToDate: sum.amountToDate.toFixed(digits),
        projectedAmount: sum.projectedAmount.toFixed(digits),
        projectedAmountP10: sum.projectedAmountP10.toFixed(digits),
        projectedAmountP90: sum.projectedAmountP90.toFixed(digits),
      };
    });
}

type PricedPeriod = { actual: Exact[]; central: Exact[]; p10: Exact[]; p90: Exact[]; straightLine: Exact[] };

/**
 * How far off the projection was on earlier periods replayed from `daysSeen` days in, beside the
 * straight-line pace of those days (none without a day seen: a line needs one). Each replay is a
 * workspace's period, its areas summed; periods without usage say nothing about error and are left out.
 */
export function accuracyOf(replays: readonly PricedPeriod[], daysSeen: number): ProjectionResponse["accuracy"] {
  const total = (values: Exact[]) => values.reduce((a, b) => a.plus(b), new Exact(0));
  const periods = replays
    .map((r) => ({ actual: total(r.actual), central: total(r.central), p10: total(r.p10), p90: total(r.p90), line: total(r.straightLine) }))
    .filter((p) => p.actual.greaterThan(0));
  if (periods.length === 0) return null;
  const meanError = (pick: (p: (typeof periods)[number]) => Exact) =>
    rounded(periods.reduce((sum, p) => sum + pick(p).minus(p.actual).abs().dividedBy(p.actual).toNumber(), 0) / periods.length);
  return {
    periods: periods.length,
    daysSeen,
    meanAbsolutePercentageError: meanError((p) => p.central),
    straightLineMeanAbsolutePercentageError: daysSeen > 0 ? meanError((p) => p.line) : null,
    rangeCoverage: rounded(
      periods.filter((p) => p.actual.greaterThanOrEqualTo(p.p10) && p.actual.lessThanOrEqualTo(p.p90)).length / periods.length,
    ),
  };
}

const rounded = (fraction: number) => Number(fraction.toFixed(4));
