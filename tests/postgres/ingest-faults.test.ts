// Ingest on PostgreSQL when the database itself refuses part of a request, and when requests that
// share events race each other.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { database, systemDb } from "@/lib/db";
import { queuedEventIds } from "../support/read-model";
import { seedDemoData } from "../support/demo";
import { execAsOwner } from "../support/test-database";
import { event, postEvents } from "../support/metering";

beforeAll(() => seedDemoData());

describe("ingest faults on PostgreSQL", () => {
  afterEach(async () => {
    await execAsOwner(database(), `DROP TRIGGER IF EXISTS refuse_poison ON "MeteringEvent"`);
  });

  it("refuses only the event the database cannot store, and still stores the rest of the request", async () => {
    // Stands in for any value validation lets through and PostgreSQL refuses (a data exception).
    await execAsOwner(
      database(),
      `
      CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."eventId" LIKE 'poison-%' THEN RAISE EXCEPTION 'cannot store %', NEW."eventId" USING ERRCODE = '22023'; END IF;
        RETURN NEW;
      END $$`,
    );
    await execAsOwner(
      database(),
      `CREATE TRIGGER refuse_poison BEFORE INSERT ON "MeteringEvent" FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
    );
    const good = Array.from({ length: 6 }, () => event());
    const poison = event({ id: `poison-${Date.now()}` });
    const refused = event({ productArea: "teleportation" });
    const body = [good[0], good[1], poison, refused, ...good.slice(2)];
    const response = await postEvents(body, { headers: { "x-request-id": "ingest-poison-1" } });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({
      accepted: 6,
      duplicates: 0,
      rejected: [
        { index: 2, code: "unprocessable", message: expect.stringContaining("cannot store poison-") },
        { index: 3, code: "unknown_product_area", message: expect.any(String) },
      ],
    });
    const ids = good.map((e) => e.id);
    expect(await systemDb().meteringEvent.count({ where: { eventId: { in: ids } } })).toBe(6);
    expect((await queuedEventIds()).filter((id) => ids.includes(id))).toHaveLength(6);
    const kept = await systemDb().meteringRejection.findMany({
      where: { requestId: response.headers.get("x-request-id")! },
      orderBy: { position: "asc" },
    });
    expect(kept.map((r) => [r.position, r.code, r.eventId])).toEqual([
      [2, "unprocessable", poison.id],
      [3, "unknown_product_area", refused.id],
    ]);
  });

  it("never deadlocks when requests carry the same events in opposite orders", async () => {
    for (let round = 0; round < 5; round++) {
      const batch = Array.from({ length: 300 }, () => event());
      const reversed = [...batch].reverse();
      const responses = await Promise.all([postEvents(batch), postEvents(reversed), postEvents(batch), postEvents(reversed)]);
      expect(responses.map((r) => r.status)).toEqual([202, 202, 202, 202]);
      const results = await Promise.all(responses.map((r) => r.json()));
      expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(300);
    }
  });
});
