// The NATS JetStream source against a real server (TEST_NATS_URL) and this file's own database.
// Every run uses its own stream, subject and durable consumer, deleted afterwards, so parallel
// runs (PGlite and PostgreSQL suites, CI reruns) never see each other's messages.
import { randomBytes } from "node:crypto";
import { connect, type ConsumerInfo, type JetStreamClient, type JetStreamManager, type NatsConnection } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, systemDb, Prisma } from "@/lib/db";
import { drainQueue } from "@/lib/metering/consumer";
import { createProducerKey } from "@/lib/metering/manage-producer-keys";
import { startNatsSource, type NatsBatchResult, type NatsSource } from "@/lib/metering/nats-source";
import { calendarDateIn, parseCalendarDate } from "@/lib/periods/calendar-date";
import { seedDemoData, WORKSPACE_IDS } from "../support/demo";
import { execAsOwner } from "../support/test-database";

const natsUrl = process.env.TEST_NATS_URL;
const suffix = randomBytes(4).toString("hex");
const stream = `METERING_TEST_${suffix}`;
const subject = `test.${suffix}.metering.events`;
const durable = `billing-test-${suffix}`;

let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
let source: NatsSource | undefined;
const batches: NatsBatchResult[] = [];
const errors: unknown[] = [];

async function waitFor<T>(what: string, probe: () => Promise<T | false | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const consumerInfo = (): Promise<ConsumerInfo> => jsm.consumers.info(stream, durable);

/** Every message up to stream sequence `lastSeq` has been acked and nothing is outstanding. */
function allAcked(lastSeq: number): Promise<ConsumerInfo> {
  return waitFor(`all messages up to #${lastSeq} acked`, async () => {
    const info = await consumerInfo();
    return info.ack_floor.stream_seq >= lastSeq && info.num_pending === 0 && info.num_ack_pending === 0 ? info : null;
  });
}

async function publish(body: unknown): Promise<number> {
  const data = typeof body === "string" ? body : JSON.stringify(body);
  // Below the base subject as well: the stream captures `subject` and `subject.>`.
  const ack = await js.publish(Math.random() < 0.5 ? subject : `${subject}.ws`, new TextEncoder().encode(data));
  return ack.seq;
}

function event(id: string, workspaceId: string, quantity: string | number, occurredAt: string) {
  return { id, workspaceId, productArea: "compute", quantity, occurredAt, unit: "vCPU-hours" };
}

async function storedEvents(ids: string[]) {
  return systemDb().meteringEvent.findMany({ where: { eventId: { in: ids } }, orderBy: { seq: "asc" } });
}

async function dailyRow(workspaceId: string, usageDate: string) {
  return systemDb().billingUsageDaily.findUnique({
    where: { workspaceId_productArea_usageDate: { workspaceId, productArea: "compute", usageDate: parseCalendarDate(usageDate) } },
  });
}

async function workspaceDate(workspaceId: string, occurredAt: string): Promise<string> {
  const { timeZone } = await systemDb().workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timeZone: true } });
  return calendarDateIn(new Date(occurredAt), timeZone);
}

describe.skipIf(!natsUrl)("NATS JetStream metering source", () => {
  beforeAll(async () => {
    await seedDemoData();
    nc = await connect({ servers: natsUrl!, name: `billing-test-${suffix}` });
    js = nc.jetstream();
    jsm = await nc.jetstreamManager();
    source = startNatsSource({
      url: natsUrl!,
      stream,
      subject,
      durable,
      batchSize: 50,
      nakDelayMs: 200,
      backoffMs: 200,
      onBatch: (result) => batches.push(result),
      onError: (error) => errors.push(error),
      log: () => {},
    });
    await source.ready;
  });

  afterAll(async () => {
    await source?.stop();
    await jsm?.streams.delete(stream).catch(() => false);
    await nc?.close();
  });

  it("creates the stream for the subject and a durable pull consumer with explicit acks", async () => {
    const info = await jsm.streams.info(stream);
    expect(info.config.subjects).toEqual([subject, `${subject}.>`]);
    const consumer = await consumerInfo();
    expect(consumer.config.durable_name).toBe(durable);
    expect(consumer.config.ack_policy).toBe("explicit");
    expect(consumer.config.deliver_subject).toBeUndefined(); // pull, not push
  });

  it("stores published events and adds them to the read model with exact decimal sums", async () => {
    await drainQueue({ batchSize: 1000, graceHours: 48 });
    const occurredAt = new Date().toISOString();
    const acme = WORKSPACE_IDS.acme;
    const globex = WORKSPACE_IDS.globex;
    const acmeDate = await workspaceDate(acme, occurredAt);
    const globexDate = await workspaceDate(globex, occurredAt);
    const acmeBefore = await dailyRow(acme, acmeDate);
    const globexBefore = await dailyRow(globex, globexDate);

    const events = [
      event(`a-1-${suffix}`, acme, "0.000000000001", occurredAt),
      event(`a-2-${suffix}`, acme, "123456789012345678.999999999999", occurredAt),
      event(`a-3-${suffix}`, acme, 2, occurredAt),
      event(`a-4-${suffix}`, globex, "0.1", occurredAt),
      event(`a-5-${suffix}`, globex, "0.2", occurredAt),
    ];
    let lastSeq = 0;
    for (const e of events) lastSeq = await publish(e);

    const stored = await waitFor("the events in MeteringEvent", async () => {
      const rows = await storedEvents(events.map((e) => e.id));
      return rows.length === events.length ? rows : null;
    });
    expect(stored.every((row) => row.source === "nats")).toBe(true);
    await allAcked(lastSeq);

    // Applied by the statement that stored them (decision 0108): nothing left for the consumer.
    expect(await drainQueue({ batchSize: 1000, graceHours: 48 })).toBe(0);
    const acmeAfter = await dailyRow(acme, acmeDate);
    const globexAfter = await dailyRow(globex, globexDate);
    const acmeDelta = acmeAfter!.quantity.minus(acmeBefore?.quantity ?? 0);
    const globexDelta = globexAfter!.quantity.minus(globexBefore?.quantity ?? 0);
    expect(acmeDelta.toFixed(12)).toBe("123456789012345681.000000000000");
    expect(globexDelta.toFixed(12)).toBe("0.300000000000");
    expect(acmeAfter!.sourceEventCount - (acmeBefore?.sourceEventCount ?? 0n)).toBe(3n);
    expect(globexAfter!.sourceEventCount - (globexBefore?.sourceEventCount ?? 0n)).toBe(2n);
  });

  it("counts an event id published twice once, in one batch or in separate ones", async () => {
    await drainQueue({ batchSize: 1000, graceHours: 48 });
    const occurredAt = new Date().toISOString();
    const acme = WORKSPACE_IDS.acme;
    const date = await workspaceDate(acme, occurredAt);
    const before = await dailyRow(acme, date);
    const id = `dup-${suffix}`;
    const batchesBefore = batches.length;

    await publish(event(id, acme, "1.25", occurredAt));
    const seq = await publish(event(id, acme, "1.25", occurredAt));
    await allAcked(seq);
    const later = await publish(event(id, acme, "1.25", occurredAt));
    await allAcked(later);

    expect(await storedEvents([id])).toHaveLength(1);
    expect(await drainQueue({ batchSize: 1000, graceHours: 48 })).toBe(0); // applied at ingest
    const after = await dailyRow(acme, date);
    expect(after!.quantity.minus(before?.quantity ?? 0).toFixed(12)).toBe("1.250000000000");
    const mine = batches.slice(batchesBefore);
    expect(mine.reduce((sum, b) => sum + b.accepted, 0)).toBe(1);
    expect(mine.reduce((sum, b) => sum + b.duplicates, 0)).toBe(2);
  });

  it("stores bad JSON and events for unknown workspaces as rejections, and acks them", async () => {
    const occurredAt = new Date().toISOString();
    const badId = `ghost-${suffix}`;
    await publish(`{"id": "broken-${suffix}", not json`);
    const seq = await publish(event(badId, "ws_does_not_exist", "1", occurredAt));

    const rejections = await waitFor("the rejections", async () => {
      const rows = await systemDb().meteringRejection.findMany({
        where: { source: "nats", OR: [{ eventId: badId }, { code: "invalid_json" }] },
        orderBy: { id: "asc" },
      });
      return rows.length >= 2 ? rows : null;
    });
    expect(rejections.map((r) => r.code).sort()).toEqual(["invalid_json", "unknown_workspace"]);
    const invalidJson = rejections.find((r) => r.code === "invalid_json")!;
    expect(invalidJson.payload).toBe(`{"id": "broken-${suffix}", not json`);
    expect(invalidJson.message).toMatch(/not valid JSON/);
    const unknown = rejections.find((r) => r.code === "unknown_workspace")!;
    expect(unknown.workspaceId).toBe("ws_does_not_exist");
    expect(await storedEvents([badId])).toHaveLength(0);

    const info = await allAcked(seq);
    expect(info.num_redelivered).toBe(0);
    // Still settled a little later: nothing comes back for another try.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const again = await consumerInfo();
    expect(again.num_pending).toBe(0);
    expect(again.num_ack_pending).toBe(0);
    expect(again.num_redelivered).toBe(0);
    expect(
      await systemDb().meteringRejection.count({ where: { source: "nats", OR: [{ eventId: badId }, { code: "invalid_json" }] } }),
    ).toBe(2);
  });

  it("refuses a message PostgreSQL could not store as sent, acks it, and stores the good one after it", async () => {
    const occurredAt = new Date().toISOString();
    const poisonId = `nul-\u0000-${suffix}`;
    const goodId = `after-poison-${suffix}`;
    await publish(event(poisonId, "ws_acme", "1", occurredAt));
    const seq = await publish(event(goodId, "ws_acme", "2", occurredAt));

    expect(await waitFor("the good event", async () => ((await storedEvents([goodId])).length === 1 ? true : null))).toBe(true);
    const info = await allAcked(seq);
    expect(info.num_redelivered).toBe(0);
    const [rejection] = await systemDb().meteringRejection.findMany({ where: { source: "nats", eventId: `nul-\uFFFD-${suffix}` } });
    expect(rejection).toMatchObject({ code: "invalid_event_id", message: expect.stringMatching(/control characters/) });
  });

  it("checks each event against the producer its subject names; a subject naming no live key gets nothing through", async () => {
    const occurredAt = new Date().toISOString();
    const name = `nats-${suffix}`;
    await createProducerKey({ name, areas: ["compute"], workspaces: ["ws_acme"] }, { operator: "os:nats-test@localhost" });
    const [inside, outside, ghostly, legacy] = ["inside", "outside", "ghostly", "legacy"].map((k) => `${k}-${suffix}`) as [
      string,
      string,
      string,
      string,
    ];
    const send = async (to: string, body: unknown) => (await js.publish(to, new TextEncoder().encode(JSON.stringify(body)))).seq;
    await send(`${subject}.producers.${name}`, event(inside, "ws_acme", "1", occurredAt));
    await send(`${subject}.producers.${name}.anything`, event(outside, "ws_globex", "1", occurredAt));
    await send(`${subject}.producers.ghost-${suffix}`, event(ghostly, "ws_acme", "1", occurredAt));
    const seq = await send(subject, event(legacy, "ws_globex", "1", occurredAt));
    await allAcked(seq);

    const stored = await storedEvents([inside, outside, ghostly, legacy]);
    expect(stored.map((e) => [e.eventId, e.producer]).sort()).toEqual([
      [inside, name],
      [legacy, "legacy-nats"],
    ]);
    const refused = await systemDb().meteringRejection.findMany({ where: { source: "nats", eventId: { in: [outside, ghostly] } } });
    expect(refused.map((r) => [r.eventId, r.code, r.producer]).sort()).toEqual([
      [ghostly, "producer_not_allowed", `ghost-${suffix}`],
      [outside, "producer_not_allowed", name],
    ]);
  });

  it("takes event ids exactly: an id with whitespace at an end is refused, not merged with the plain id", async () => {
    const occurredAt = new Date().toISOString();
    const id = `exact-${suffix}`;
    await publish(event(` ${id}`, "ws_acme", "5", occurredAt));
    await publish(event(`${id}\t`, "ws_acme", "7", occurredAt));
    const seq = await publish(event(id, "ws_acme", "2", occurredAt));
    await allAcked(seq);

    const stored = await systemDb().meteringEvent.findMany({ where: { eventId: { contains: id } } });
    expect(stored.map((e) => [e.eventId, e.quantity.toFixed()])).toEqual([[id, "2"]]);
    const refused = await systemDb().meteringRejection.findMany({ where: { source: "nats", eventId: { contains: id } } });
    expect(refused.map((r) => [r.eventId, r.code]).sort()).toEqual([
      [` ${id}`, "invalid_event_id"],
      [`${id}\t`, "invalid_event_id"],
    ]);
  });

  it("does not ack while the database write fails, and stores the events exactly once after it recovers", async () => {
    await drainQueue({ batchSize: 1000, graceHours: 48 });
    const occurredAt = new Date().toISOString();
    const acme = WORKSPACE_IDS.acme;
    const date = await workspaceDate(acme, occurredAt);
    const before = await dailyRow(acme, date);
    const ids = [`down-1-${suffix}`, `down-2-${suffix}`, `down-3-${suffix}`];
    const errorsBefore = errors.length;
    const ackFloorBefore = (await consumerInfo()).ack_floor.stream_seq;

    await execAsOwner(database(), `ALTER TABLE "MeteringEvent" RENAME TO "MeteringEvent_x"`);
    let renamed = true;
    try {
      let firstSeq = 0;
      for (const [i, id] of ids.entries()) {
        const seq = await publish(event(id, acme, `0.${i + 1}`, occurredAt));
        firstSeq ||= seq;
      }
      // Fetched, failed, nak'ed — and fetched and failed again: redelivered, never acked.
      const info = await waitFor("a redelivery of the failed batch", async () => {
        const current = await consumerInfo();
        return errors.length >= errorsBefore + 2 && current.num_redelivered > 0 ? current : null;
      });
      expect(info.ack_floor.stream_seq).toBe(ackFloorBefore);
      expect(info.ack_floor.stream_seq).toBeLessThan(firstSeq);
      expect(info.num_pending + info.num_ack_pending).toBeGreaterThanOrEqual(ids.length);
      expect(errors.at(-1)).toBeInstanceOf(Error); // the failed INSERT (PGlite's adapter drops the message text)
      expect(await systemDb().meteringRejection.count({ where: { eventId: { in: ids } } })).toBe(0);

      await execAsOwner(database(), `ALTER TABLE "MeteringEvent_x" RENAME TO "MeteringEvent"`);
      renamed = false;

      await waitFor("the events after recovery", async () => (await storedEvents(ids)).length === ids.length);
      await allAcked(firstSeq + ids.length - 1);
    } finally {
      if (renamed) await execAsOwner(database(), `ALTER TABLE "MeteringEvent_x" RENAME TO "MeteringEvent"`);
    }

    const stored = await storedEvents(ids);
    expect(stored.map((row) => row.eventId).sort()).toEqual(ids);
    expect(await drainQueue({ batchSize: 1000, graceHours: 48 })).toBe(0); // applied at ingest
    const after = await dailyRow(acme, date);
    expect(after!.quantity.minus(before?.quantity ?? 0).toFixed(12)).toBe(new Prisma.Decimal("0.6").toFixed(12));
  });
});
