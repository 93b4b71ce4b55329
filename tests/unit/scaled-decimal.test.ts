import { describe, expect, it } from "vitest";
import { fromScaled, toScaled } from "@/lib/usage/decimal";

describe("fixed-point decimals for exact sums", () => {
  it.each([
    ["0", "0"],
    ["12.500000000000", "12.5"],
    ["0.000000000001", "0.000000000001"],
    ["90071992547409.93", "90071992547409.93"],
    ["12345678901234567890123456.123456789012", "12345678901234567890123456.123456789012"],
    ["-3.25", "-3.25"],
  ])("reads %s and writes it back as %s", (text, shortest) => {
    expect(fromScaled(toScaled(text))).toBe(shortest);
  });

  it("adds beyond float precision without losing a digit", () => {
    const sum = ["0.1", "0.2", "9007199254740993", "0.000000000001"].map(toScaled).reduce((a, b) => a + b, 0n);
    expect(fromScaled(sum)).toBe("9007199254740993.300000000001");
  });

  it("refuses more fraction digits than the read model stores", () => {
    expect(() => toScaled("1.0000000000001")).toThrow(RangeError);
  });
});
