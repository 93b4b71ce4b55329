// startOfDayIn (TypeScript) and PostgreSQL must agree on when every local day begins: the API's
// ranges and the consumer's dating of events depend on one and the other.
import { describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { backend } from "../support/test-database";
import { startOfDayIn } from "@/lib/periods/calendar-date";

const ZONES = [
  "America/New_York",
  "Europe/Berlin",
  "Asia/Tokyo",
  "America/Santiago",
  "America/Havana",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "America/St_Johns",
  "Asia/Tehran",
];

describe(`local midnight on ${backend}`, () => {
  it("matches PostgreSQL for every day of 2022–2026 in zones with unusual transitions", async () => {
    const rows = await systemDb().$queryRaw<{ zone: string; day: string; start: Date }[]>`
      SELECT z AS zone, d::date::text AS day, (d::date::timestamp AT TIME ZONE z) AS start
        FROM unnest(${ZONES}::text[]) AS z, generate_series('2022-01-01'::date, '2026-12-31'::date, interval '1 day') AS d`;
    expect(rows.length).toBe(ZONES.length * 1826);
    const disagreements = rows
      .filter(({ zone, day, start }) => startOfDayIn(day, zone).getTime() !== start.getTime())
      .map(({ zone, day, start }) => `${zone} ${day}: ${startOfDayIn(day, zone).toISOString()} vs ${start.toISOString()}`);
    expect(disagreements).toEqual([]);
  });
});
