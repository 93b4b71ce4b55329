import { describe, expect, it } from "vitest";
import { lineAmount, priceLine } from "@/lib/pricing/invoice-lines";
import { Exact } from "@/lib/pricing/money";
import type { StoredPriceBook } from "@/lib/pricing/price-books";
import { amountsFromRunningSums, type DayQuantity } from "@/lib/usage/daily-amounts";
import { bucketOf, weekStartOf } from "@/lib/usage/granularity";

// 100 free, then 0.05 up to 1,000 billable, 0.04 beyond; JPY has no minor unit, so rounding shows.
const book = (currency: string, unitAmount = "0.05"): StoredPriceBook => ({
  id: `book-${currency}-${unitAmount}`,
  workspaceId: "ws",
  currency,
  effectiveFrom: "2026-01-01",
  items: [
    {
      productArea: "compute",
      includedQuantity: "100",
      tiers: [
        { upTo: "1000", unitAmount },
        { upTo: null, unitAmount: "0.04" },
      ],
    },
  ],
});

const day = (date: string, quantity: string, productArea = "compute"): DayQuantity => ({
  workspaceId: "ws",
  date,
  productArea,
  unit: "vCPU-hours",
  quantity,
});

describe("daily amounts", () => {
  it("are differences of rounded lines: free days, then each tier on the day it is reached", () => {
    const rows = [day("2026-03-01", "60"), day("2026-03-02", "60"), day("2026-03-03", "1000.3"), day("2026-03-04", "0.3")];
    const usd = book("USD");
    const { amounts } = amountsFromRunningSums(
      rows,
      () => "2026-03-01",
      () => usd,
    );
    // 60: free. 120: 20 billable × 0.05 = 1.00. 1120.3: 1000 × 0.05 + 20.3 × 0.04 = 50.812 → 50.81. 1120.6: 50.824 → 50.82.
    expect(amounts).toEqual([
      { currency: "USD", amount: "0.00" },
      { currency: "USD", amount: "1.00" },
      { currency: "USD", amount: "49.81" },
      { currency: "USD", amount: "0.01" },
    ]);
    const line = priceLine(usd.items[0]!, "1120.6", "USD").amount;
    expect(amounts.reduce((a, m) => a.plus(m!.amount), new Exact(0)).toFixed(2)).toBe(line);
  });

  it("add up to the line exactly where each day's own rounding would not", () => {
    const jpy = book("JPY", "0.5");
    const rows = Array.from({ length: 9 }, (_, i) => day(`2026-03-0${i + 1}`, i === 0 ? "101" : "1"));
    const { amounts } = amountsFromRunningSums(
      rows,
      () => "2026-03-01",
      () => jpy,
    );
    // 0.5 yen a day, rounded half to even on the cumulative line: 0, 1, 2, 2, 2, 3, 4, 4, 4 → days 0,1,1,0,0,1,1,0,0.
    expect(amounts.map((m) => m!.amount)).toEqual(["0", "1", "1", "0", "0", "1", "1", "0", "0"]);
    expect(priceLine(jpy.items[0]!, "109", "JPY").amount).toBe("4");
  });

  it("restart at a new period, with its own book, and count a range's earlier days of its first period", () => {
    const march = book("USD");
    const april = book("USD", "0.10");
    const rows = [day("2026-03-30", "50"), day("2026-04-01", "150")];
    const { amounts } = amountsFromRunningSums(
      rows,
      (_ws, date) => `${date.slice(0, 7)}-01`,
      (_ws, start) => (start === "2026-03-01" ? march : april),
      new Map([["ws\u0000compute\u0000vCPU-hours\u00002026-03-01", "100"]]),
    );
    // March: 100 before the range, 150 through the 30th = 50 billable × 0.05. April: 150 → 50 billable × 0.10.
    expect(amounts).toEqual([
      { currency: "USD", amount: "2.50" },
      { currency: "USD", amount: "5.00" },
    ]);
  });

  it("are null for an area the book does not price, which is listed as unpriced", () => {
    const result = amountsFromRunningSums(
      [day("2026-03-01", "5", "teleport"), day("2026-03-02", "0", "teleport")],
      () => "2026-03-01",
      () => book("USD"),
    );
    expect(result).toEqual({ amounts: [null, null], unpriced: [{ workspaceId: "ws", productArea: "teleport" }] });
  });

  it("price a line with the same rule as priceLine", () => {
    const item = book("USD").items[0]!;
    for (const quantity of ["0", "100", "100.1", "1100", "1100.125", "123456.789"]) {
      expect(lineAmount(item, new Exact(quantity), "USD").toFixed(2)).toBe(priceLine(item, quantity, "USD").amount);
    }
  });
});

describe("granularity", () => {
  it("starts weeks on the locale's first day: Sunday for en-US and ja-JP, Monday for en-GB and de-DE", () => {
    expect(["en-US", "ja-JP", "en-GB", "de-DE"].map(weekStartOf)).toEqual([0, 0, 1, 1]);
  });

  it("dates a bucket by its first day", () => {
    // 2026-12-02 is a Wednesday.
    expect(bucketOf("week", 0)("2026-12-02")).toBe("2026-11-29");
    expect(bucketOf("week", 1)("2026-12-02")).toBe("2026-11-30");
    expect(bucketOf("week", 1)("2026-11-30")).toBe("2026-11-30");
    expect(bucketOf("month", 1)("2026-12-31")).toBe("2026-12-01");
    expect(bucketOf("day", 1)("2026-12-31")).toBe("2026-12-31");
  });
});
