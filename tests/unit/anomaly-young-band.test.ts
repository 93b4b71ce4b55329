import { describe, expect, it } from "vitest";
import { studentQuantile, studentTail } from "@/lib/anomalies/student-t";
import { baselineScale, smallSampleWidening } from "@/lib/anomalies/young-band";

describe("the young band's statistics", () => {
  it("gives Student's t quantiles as printed tables do", () => {
    // Two-sided 95 %: 12.706 (1), 4.303 (2), 2.571 (5), 2.228 (10), 2.042 (30).
    for (const [dof, t] of [
      [1, 12.706],
      [2, 4.303],
      [5, 2.571],
      [10, 2.228],
      [30, 2.042],
    ] as const)
      expect(studentQuantile(0.025, dof)).toBeCloseTo(t, 3);
    expect(studentTail(0, 7)).toBeCloseTo(0.5, 12);
    expect(studentTail(1, 1)).toBeCloseTo(0.25, 12); // Cauchy
  });

  it("widens a spread measured on few residuals, none from the long rule's sample size on", () => {
    const widening = smallSampleWidening(4, 28);
    expect(widening(0)).toBe(Infinity);
    expect(widening(2)).toBeCloseTo(12.19, 2);
    expect(widening(8)).toBeCloseTo(1.44, 2);
    expect(widening(28)).toBe(1);
    expect(widening(56)).toBe(1);
    for (let m = 1; m < 28; m++) expect(widening(m)).toBeGreaterThan(widening(m + 1));
  });

  it("scales a residual by how many weeks its baseline rests on", () => {
    expect(baselineScale(1)).toBeCloseTo(1.512, 3);
    expect(baselineScale(5)).toBeCloseTo(1.171, 3);
    expect(baselineScale(2)).toBeGreaterThan(baselineScale(3));
  });
});
