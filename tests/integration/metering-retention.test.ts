import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "@/lib/db";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { purgeExpiredMeteringData } from "@/lib/metering/retention";
import { backend } from "../support/test-database";
import { seedDemoData } from "../support/demo";

beforeAll(() => seedDemoData());

const DAY = 86_400_000;

describe(`metering retention on ${backend}`, () => {
  it("purges processed events past retention, and a repeat of one is still never counted", async () => {
    const event = {
      id: "kept-then-purged",
      workspaceId: "ws_acme",
      productArea: "compute",
      quantity: "1",
      occurredAt: new Date(Date.now() - DAY).toISOString(),
    };
    await ingestEvents([{ value: event }, { value: { ...event, id: "unprocessed" } }], { source: "api" });
    await drainQueue({ batchSize: 10, graceHours: 48 });
    // An event still queued (say, the consumer was down) is never purged, however old.
    await systemDb().$executeRaw`
      INSERT INTO "MeteringInbox" (seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt")
      SELECT seq, "workspaceId", "productArea", unit, quantity, "occurredAt", "receivedAt" FROM "MeteringEvent" WHERE "eventId" = 'unprocessed'`;

    const later = new Date(Date.now() + 40 * DAY + 60_000);
    expect(await purgeExpiredMeteringData({ retentionDays: 40, now: later })).toEqual({ events: 1, rejections: 0 });
    expect((await systemDb().meteringEvent.findMany()).map((e) => e.eventId)).toEqual(["unprocessed"]);

    const repeat = await ingestEvents([{ value: event }], { source: "api", now: later });
    expect(repeat.accepted).toBe(0);
    expect(repeat.rejected).toEqual([expect.objectContaining({ code: "occurred_too_long_ago" })]);
  });

  it("refuses a retention shorter than the backdating limit", async () => {
    await expect(purgeExpiredMeteringData({ retentionDays: 30 })).rejects.toThrow(/backdating limit/);
  });
});
