import { describe, expect, it } from "vitest";
import { decimalOfFloat } from "@/lib/pricing/money";
import { nonNegativeDecimal } from "@/lib/projection/projection-money";

describe("decimalOfFloat", () => {
  it("writes the nearest decimal of that many places, without trailing zeros or exponents", () => {
    expect(decimalOfFloat(0.1 + 0.2, 12)).toBe("0.3");
    expect(decimalOfFloat(1234.5678901234567, 6)).toBe("1234.56789");
    expect(decimalOfFloat(1e21 / 1e15, 12)).toBe("1000000");
    expect(decimalOfFloat(-2.5, 6)).toBe("-2.5");
  });
});

describe("nonNegativeDecimal (a forecast's quantity)", () => {
  it("keeps six places and never goes below 0", () => {
    expect(nonNegativeDecimal(12.3456789)).toBe("12.345679");
    expect(nonNegativeDecimal(-0.4)).toBe("0");
    expect(nonNegativeDecimal(0.0000004)).toBe("0");
  });
});
