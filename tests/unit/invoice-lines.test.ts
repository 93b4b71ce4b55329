import { describe, expect, it } from "vitest";
import { invoiceLines, priceLine } from "@/lib/pricing/invoice-lines";
import { minorUnitDigits } from "@/lib/pricing/money";
import { priceBookSchema, type PriceItem } from "@/lib/pricing/price-book";

// Compute: 100 free vCPU-hours, then 0.05 up to 1,000 billable, 0.04 up to 10,000, 0.03 beyond.
const compute: PriceItem = {
  productArea: "compute",
  includedQuantity: "100",
  tiers: [
    { upTo: "1000", unitAmount: "0.05" },
    { upTo: "10000", unitAmount: "0.04" },
    { upTo: null, unitAmount: "0.03" },
  ],
};
const storage: PriceItem = { productArea: "storage", includedQuantity: "0", tiers: [{ upTo: null, unitAmount: "0.023" }] };

describe("invoice lines", () => {
  it("prices a quantity that ends exactly on a tier boundary", () => {
    // 1,100 − 100 included = 1,000 billable: all in the first tier, none in the second.
    const line = priceLine(compute, "1100", "USD");
    expect(line.billableQuantity).toBe("1000");
    expect(line.tiers.map((t) => [t.quantity, t.amount])).toEqual([
      ["1000", "50"],
      ["0", "0"],
      ["0", "0"],
    ]);
    expect(line.amount).toBe("50.00");
  });

  it("crosses every tier", () => {
    // 20,100 − 100 = 20,000: 1,000 × 0.05 + 9,000 × 0.04 + 10,000 × 0.03 = 50 + 360 + 300.
    const line = priceLine(compute, "20100", "USD");
    expect(line.tiers.map((t) => t.quantity)).toEqual(["1000", "9000", "10000"]);
    expect(line.amount).toBe("710.00");
  });

  it("charges nothing while usage stays within the included quantity, or is zero", () => {
    for (const quantity of ["99.999999999999", "100", "0"]) {
      const line = priceLine(compute, quantity, "USD");
      expect(line.billableQuantity).toBe("0");
      expect(line.amount).toBe("0.00");
    }
  });

  it("keeps 12 fraction digits exact and rounds the line once, half to even", () => {
    // 100.000000000001 billable × 0.05 = 5.00000000000005 → 5.00
    expect(priceLine(compute, "200.000000000001", "USD").tiers[0]?.amount).toBe("5.00000000000005");
    expect(priceLine(compute, "200.000000000001", "USD").amount).toBe("5.00");
    // 0.125 and 0.135 sit exactly halfway: half to even gives 0.12 and 0.14.
    const half = (unitAmount: string) =>
      priceLine({ productArea: "x", includedQuantity: "0", tiers: [{ upTo: null, unitAmount }] }, "1", "USD").amount;
    expect(half("0.125")).toBe("0.12");
    expect(half("0.135")).toBe("0.14");
  });

  it("uses the currency's minor unit: none for JPY, three for BHD", () => {
    expect(minorUnitDigits("JPY")).toBe(0);
    expect(minorUnitDigits("BHD")).toBe(3);
    expect(priceLine(storage, "1234.5", "JPY").amount).toBe("28"); // 28.3935
    expect(priceLine(storage, "1234.5", "BHD").amount).toBe("28.394");
  });

  it("totals the rounded lines, and lists usage the book does not price", () => {
    const book = priceBookSchema.parse({ currency: "USD", effectiveFrom: "2026-01-01", items: [compute, storage] });
    const invoice = invoiceLines(book, [
      { productArea: "compute", quantity: "20100" },
      { productArea: "storage", quantity: "0.5" }, // 0.0115 → 0.01
      { productArea: "teleportation", quantity: "3" },
      { productArea: "gpu", quantity: "0" },
    ]);
    expect(invoice.lines.map((l) => [l.productArea, l.amount])).toEqual([
      ["compute", "710.00"],
      ["storage", "0.01"],
    ]);
    expect(invoice.total).toBe("710.01");
    expect(invoice.unpricedAreas).toEqual(["teleportation"]);
  });
});

describe("price books", () => {
  const valid = { currency: "EUR", effectiveFrom: "2026-01-01", items: [compute] };

  it("accepts graduated tiers that end with an open one", () => {
    expect(priceBookSchema.safeParse(valid).success).toBe(true);
  });

  it("refuses tiers out of order, an open tier before the last, a closed last tier, floats and duplicates", () => {
    const tiers = (t: PriceItem["tiers"]) => ({ ...valid, items: [{ ...compute, tiers: t }] });
    const refused = [
      tiers([
        { upTo: "10", unitAmount: "1" },
        { upTo: "5", unitAmount: "1" },
        { upTo: null, unitAmount: "1" },
      ]),
      tiers([
        { upTo: null, unitAmount: "1" },
        { upTo: null, unitAmount: "1" },
      ]),
      tiers([{ upTo: "10", unitAmount: "1" }]),
      tiers([{ upTo: null, unitAmount: "1e-3" }]),
      { ...valid, items: [compute, compute] },
      { ...valid, currency: "usd" },
    ];
    for (const book of refused) expect(priceBookSchema.safeParse(book).success).toBe(false);
  });
});
