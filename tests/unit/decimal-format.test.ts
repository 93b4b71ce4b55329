import { describe, expect, it } from "vitest";
import { compareDecimals, formatCompact, formatDecimal, formatExact, percentChange } from "@/lib/format/decimal-format";

describe("decimal display formatting", () => {
  it("groups thousands and rounds half up on the digits themselves", () => {
    expect(formatDecimal("1234567.123456789012", 3)).toBe("1,234,567.123");
    expect(formatDecimal("0.0005", 3)).toBe("0.001");
    expect(formatDecimal("999.9995", 3)).toBe("1,000");
    expect(formatDecimal("12.5", 3)).toBe("12.5");
    expect(formatDecimal("7", 3)).toBe("7");
    expect(formatDecimal("2.49", 0)).toBe("2");
  });

  it("keeps every digit in exact mode, beyond float precision", () => {
    expect(formatExact("123456789012345678.000000000001")).toBe("123,456,789,012,345,678.000000000001");
  });

  it("abbreviates headline figures", () => {
    expect(formatCompact("58123456")).toBe("58.1M");
    expect(formatCompact("1850.25")).toBe("1.85k");
    expect(formatCompact("2925.804")).toBe("2.93k");
    expect(formatCompact("12345")).toBe("12.3k");
    expect(formatCompact("126366.165")).toBe("126k");
    expect(formatCompact("1982203615")).toBe("1.98B");
    expect(formatCompact("2400000000")).toBe("2.4B");
    expect(formatCompact("999960")).toBe("1M");
    expect(formatCompact("999.996")).toBe("1,000");
    expect(formatCompact("12.345")).toBe("12.35");
    expect(formatCompact("0")).toBe("0");
  });

  it("computes a display-only percentage change, or none without a base", () => {
    expect(percentChange("110", "100")).toBeCloseTo(10);
    expect(percentChange("5", "0")).toBeNull();
  });

  it("orders decimal strings exactly, beyond float precision", () => {
    // As floats these two are equal; the table must still order them.
    expect(Number("9007199254740993.000000000001")).toBe(Number("9007199254740993.000000000002"));
    const values = [
      "10",
      "9.5",
      "9007199254740993.000000000002",
      "0.000000000001",
      "9007199254740993.000000000001",
      "0",
      "009.50",
      "100.1",
    ];
    expect([...values].sort(compareDecimals)).toEqual([
      "0",
      "0.000000000001",
      "9.5",
      "009.50",
      "10",
      "100.1",
      "9007199254740993.000000000001",
      "9007199254740993.000000000002",
    ]);
    expect(compareDecimals("9.5", "009.50")).toBe(0);
    expect(compareDecimals("2", "10")).toBeLessThan(0);
  });
});
