// Detection from a workspace's first week (docs/anomalies.md, "Young series"): the job flags a
// spike on the 10th day of an area's usage; an area with as few days in the window but usage long
// before them is a slice of a longer history, and is not judged young.
import { beforeAll, describe, expect, it } from "vitest";
import { runIncrementalPass } from "@/lib/anomalies/anomaly-job";
import { systemDb } from "@/lib/db";
import { addDays, dayOfWeek, formatCalendarDate } from "@/lib/periods/calendar-date";
import { backend } from "../support/test-database";

const WS = "ws_anomaly_young";
const NOW = new Date("2026-11-25T12:00:00Z");
const LAST = "2026-11-24"; // the last complete day at NOW, in UTC
const DAYS = Array.from({ length: 10 }, (_, i) => addDays(LAST, i - 9)); // 2026-11-15 … 2026-11-24
const AREAS = { spiky: "young-spiky", steady: "young-steady", old: "young-old" };
/** A steady weekly rhythm with a slight wiggle, the same on every run. */
const usual = (day: string) => 1000 * [0.6, 1, 1.05, 1.1, 1.02, 0.98, 0.55][dayOfWeek(day)]! * (1 + 0.005 * ((day.charCodeAt(9) * 7) % 5));

beforeAll(async () => {
  await systemDb().productArea.createMany({ data: Object.values(AREAS).map((key) => ({ key, displayName: key, unit: "u" })) });
  await systemDb().workspace.create({
    data: { id: WS, slug: "anomaly-young", name: "Anomaly young", timeZone: "UTC", currency: "USD", billingAnchorDay: 1 },
  });
  const row = (productArea: string, day: string, quantity: number) => ({
    workspaceId: WS,
    productArea,
    usageDate: new Date(`${day}T00:00:00Z`),
    quantity: quantity.toFixed(3),
    unit: "u",
    sourceEventCount: 24,
  });
  await systemDb().billingUsageDaily.createMany({
    data: [
      ...DAYS.map((day) => row(AREAS.spiky, day, day === LAST ? 5 * usual(day) : usual(day))),
      ...DAYS.map((day) => row(AREAS.steady, day, usual(day))),
      // The same ten days and spike, but the area was used once, 200 days earlier.
      row(AREAS.old, addDays(LAST, -200), usual(addDays(LAST, -200))),
      ...DAYS.map((day) => row(AREAS.old, day, day === LAST ? 5 * usual(day) : usual(day))),
    ],
  });
});

const flagsOf = () =>
  systemDb().anomalyFlag.findMany({ where: { workspaceId: WS }, orderBy: [{ productArea: "asc" }, { startDate: "asc" }] });

describe(`anomaly detection for a young workspace on ${backend}`, () => {
  it("flags a spike on the 10th day of an area's usage, and nothing in a steady area or in one used before", async () => {
    await runIncrementalPass({ now: NOW });
    const flags = await flagsOf();
    expect(flags.map((f) => [f.productArea, f.kind, formatCalendarDate(f.startDate), formatCalendarDate(f.endDate), f.status])).toEqual([
      [AREAS.spiky, "spike", LAST, LAST, "open"],
    ]);
    expect(Number(flags[0]!.observed)).toBeCloseTo(5 * usual(LAST), 2);
    expect(Number(flags[0]!.expected)).toBeGreaterThan(0.9 * usual(LAST));
    expect(Number(flags[0]!.expected)).toBeLessThan(1.1 * usual(LAST));
    expect(flags[0]!.detectorVersion).toBe("seasonal-mad-3");
  });

  it("raises nothing new when the job runs again on the same data", async () => {
    const before = await flagsOf();
    await runIncrementalPass({ now: new Date(NOW.getTime() + 3_600_000) });
    expect(await flagsOf()).toEqual(before);
  });
});
