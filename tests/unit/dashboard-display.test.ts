import { describe, expect, it } from "vitest";
import { comparisonBasis, type Available } from "@/components/billing/comparison";
import { projectedDays } from "@/components/billing/projected-days";
import { formatEstimate } from "@/lib/format/decimal-format";
import { dateFormat } from "@/lib/format/dates";
import { compareInCurrency, currenciesOf, formatAmounts, inCurrencyOrder } from "@/lib/format/money-format";
import { listNames, viewName } from "@/lib/workspaces/view-name";

const eur = (amount: string) => ({ currency: "EUR", amount });
const usd = (amount: string) => ({ currency: "USD", amount });

describe("amounts in several currencies", () => {
  it("are always shown in one order, by currency code, whatever order they come in", () => {
    expect(formatAmounts([usd("8.22"), eur("4.46")])).toBe("€4.46 · $8.22");
    expect(formatAmounts([eur("5.94"), usd("39.04")])).toBe("€5.94 · $39.04");
    expect(inCurrencyOrder([usd("1"), { currency: "CHF", amount: "2" }, eur("3")]).map((a) => a.currency)).toEqual(["CHF", "EUR", "USD"]);
    expect(formatAmounts([])).toBe("—");
  });

  it("lists the currencies among rows once each, in the same order", () => {
    expect(currenciesOf([[usd("1")], [eur("2"), usd("3")], []])).toEqual(["EUR", "USD"]);
  });

  it("sort within one currency, never comparing EUR with USD, rows without it last in both directions", () => {
    const rows = [[usd("900")], [eur("4.46"), usd("8.22")], [eur("39.04")], [], [eur("5.94")]];
    const order = (descending: boolean) =>
      [...rows]
        .sort((a, b) => compareInCurrency(a, b, "EUR", descending))
        .map((amounts) => amounts.find((m) => m.currency === "EUR")?.amount);
    expect(order(true)).toEqual(["39.04", "5.94", "4.46", undefined, undefined]);
    expect(order(false)).toEqual(["4.46", "5.94", "39.04", undefined, undefined]);
    // Exact decimals: no float rounding decides the order.
    expect(compareInCurrency([eur("0.30000000000000001")], [eur("0.3")], "EUR", false)).toBeGreaterThan(0);
  });
});

describe("projected quantities", () => {
  it("are shown no finer than the recorded figure they extend", () => {
    expect(formatEstimate("2212276400.313", "1500000000")).toBe("2,212,276,400");
    expect(formatEstimate("1234.5678", "12.125")).toBe("1,234.57");
    expect(formatEstimate("1234.5678", "12.5")).toBe("1,234.6");
    expect(formatEstimate("1234.5", "12.000")).toBe("1,235");
  });

  it("for the chart's table: the days after the last recorded one, summed exactly per area", () => {
    const f = (date: string, productArea: string, quantity: string) => ({
      workspaceId: "w",
      productArea,
      date,
      quantity,
      quantityP10: quantity,
      quantityP90: quantity,
    });
    const forecast = [
      f("2026-12-08", "llm", "0.1"),
      f("2026-12-08", "llm", "0.2"),
      f("2026-12-07", "llm", "5"),
      f("2026-12-09", "gpu", "1"),
      f("2026-12-09", "api", "2"),
    ];
    expect(projectedDays(forecast, ["llm", "gpu"], "2026-12-07")).toEqual([
      { date: "2026-12-08", quantities: { llm: "0.3" }, total: "0.3" },
      { date: "2026-12-09", quantities: { gpu: "1" }, total: "1" },
    ]);
  });
});

describe("the comparison's words", () => {
  const comparison = (
    current: [string, string],
    previous: [string, string],
    basis: "whole-periods" | "same-weekdays" = "whole-periods",
  ): Available => ({
    available: true,
    windows: [
      { workspaceId: "ws", basis, current: { from: current[0], to: current[1] }, previous: { from: previous[0], to: previous[1] } },
    ],
    totals: [],
    costs: [],
    costTotals: [],
  });

  it("say how many days each side has when the periods differ in length, and that totals are compared", () => {
    const text = comparisonBasis(comparison(["2026-11-01", "2026-11-30"], ["2026-10-01", "2026-10-31"]), dateFormat("en-US"));
    expect(text).toBe(
      "The whole period against the whole period before: Nov 1 – 30, 2026 (30 days) against Oct 1 – 31, 2026 (31 days). The change compares the totals, not the pace per day.",
    );
  });

  it("leave the day counts out when both sides are as long", () => {
    const text = comparisonBasis(
      comparison(["2026-12-01", "2026-12-06"], ["2026-11-01", "2026-11-06"], "same-weekdays"),
      dateFormat("en-US"),
    );
    expect(text).not.toContain("days)");
    expect(text).not.toContain("totals");
  });
});

describe("a usage view's name", () => {
  it("is its workspace, or how many it combines", () => {
    expect(viewName(["Acme Corp"])).toBe("Acme Corp");
    expect(viewName(["Acme Corp", "Globex", "Initech"])).toBe("3 workspaces combined");
    expect(listNames(["Acme Corp", "Globex", "Initech"])).toBe("Acme Corp, Globex and Initech");
    expect(listNames(["Acme Corp", "Globex"])).toBe("Acme Corp and Globex");
  });
});
