import { describe, expect, it } from "vitest";
import { periodClosesAt, periodContaining } from "@/lib/periods/period";
import { startOfDayIn } from "@/lib/periods/calendar-date";
import { rangeResolver, resolveRange } from "@/lib/periods/resolve-range";
import type { UsageRange } from "@/lib/usage/usage-query";

const ZONES = ["UTC", "America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"];
const RANGES: UsageRange[] = [
  { kind: "period", period: "current" },
  { kind: "period", period: "previous" },
  { kind: "period", period: { month: "2026-03" } },
  { kind: "dates", from: "2026-02-20", to: "2026-03-31" },
];
// Around daylight-saving changes in both hemispheres and around month ends.
const INSTANTS = [
  "2026-03-08T06:59:59Z",
  "2026-03-29T01:00:00Z",
  "2026-04-05T15:30:00Z",
  "2026-10-31T23:59:59.999Z",
  "2026-11-22T12:00:00Z",
].map((iso) => new Date(iso));

describe("rangeResolver", () => {
  it("answers exactly as resolveRange for every workspace, however many share a billing cycle", () => {
    const cycles = ZONES.flatMap((timeZone) => [1, 15, 28, 31].map((billingAnchorDay) => ({ timeZone, billingAnchorDay })));
    for (const now of INSTANTS) {
      for (const range of RANGES) {
        const resolve = rangeResolver(range, now, 48);
        // Each cycle twice: the second answer comes from the resolver's memory.
        for (const cycle of [...cycles, ...cycles]) expect(resolve(cycle)).toEqual(resolveRange(cycle, range, now, 48));
      }
    }
  });

  it("flips `closed` exactly when the last period's end plus the grace period is reached", () => {
    const cycle = { timeZone: "America/New_York", billingAnchorDay: 1 };
    const closesAt = startOfDayIn("2026-04-01", cycle.timeZone).getTime() + 48 * 3_600_000;
    expect(periodClosesAt(periodContaining("2026-03-15", 1), cycle, 48).getTime()).toBe(closesAt);
    const march: UsageRange = { kind: "period", period: { month: "2026-03" } };
    expect(rangeResolver(march, new Date(closesAt - 1), 48)(cycle).closed).toBe(false);
    expect(rangeResolver(march, new Date(closesAt), 48)(cycle).closed).toBe(true);
  });

  it("remembers answers across instants only while they hold: local midnights, period ends, grace, any order", () => {
    const cycles = ["America/New_York", "Asia/Kolkata", "Pacific/Chatham"].flatMap((timeZone) =>
      [1, 28].map((billingAnchorDay) => ({ timeZone, billingAnchorDay })),
    );
    // Every 20 minutes over four days around a month end (and the grace period after it), then
    // the same instants shuffled, so remembered answers are also asked for earlier instants.
    const start = Date.parse("2026-02-26T00:00:00Z");
    const grid = Array.from({ length: 4 * 72 }, (_, i) => new Date(start + i * 20 * 60_000));
    const shuffled = [...grid].sort((a, b) => ((a.getTime() * 7919) % 104_729) - ((b.getTime() * 7919) % 104_729));
    for (const now of [...grid, ...shuffled]) {
      for (const range of RANGES) {
        const resolve = rangeResolver(range, now, 48);
        for (const cycle of cycles) expect(resolve(cycle)).toEqual(resolveRange(cycle, range, now, 48));
      }
    }
  });
});
