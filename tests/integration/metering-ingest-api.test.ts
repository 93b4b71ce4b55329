import { beforeAll, describe, expect, it } from "vitest";
import { errorBodySchema } from "@/lib/api/error-response";
import { systemDb } from "@/lib/db";
import { consumerLagResponseSchema } from "@/lib/metering/consumer-lag-response";
import { ingestResultSchema } from "@/lib/metering/ingest-response";
import { backend } from "../support/test-database";
import { seedDemoData } from "../support/demo";
import { GET as status } from "@/app/api/metering/status/route";
import { drainQueue } from "@/lib/metering/consumer";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { appliedEventCount, queuedEventIds } from "../support/read-model";
import { callRoute } from "../support/session";
import { event, INGEST_TOKEN, postEvents } from "../support/metering";
import { parseDocumented } from "../support/documented-response";

beforeAll(() => seedDemoData());

const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

describe(`POST /api/metering/events on ${backend}`, () => {
  it("refuses callers without the ingest token, in constant shape", async () => {
    for (const token of [null, "wrong-token", "demo-ingest-token-but-longer"]) {
      const response = await postEvents([event()], { token });
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe("unauthenticated");
    }
    expect(await systemDb().meteringEvent.count()).toBe(0);
  });

  it("accepts valid events durably, adds them to the read model, and answers 202 with counts", async () => {
    const events = [event({ quantity: "2.5" }), event({ quantity: 3 }), event({ productArea: "storage", unit: "GB-days" })];
    const before = await appliedEventCount("ws_acme");
    const response = await postEvents(events);
    expect(response.status).toBe(202);
    expect(parseDocumented(ingestResultSchema, await response.json())).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    const stored = await systemDb().meteringEvent.findMany({ where: { eventId: { in: events.map((e) => e.id) } } });
    expect(stored.map((e) => e.quantity.toString()).sort()).toEqual(["1", "2.5", "3"]);
    expect(stored.every((e) => e.source === "api")).toBe(true);
    // Applied by the request itself, nothing left for the consumer (decision 0108).
    expect(await appliedEventCount("ws_acme")).toBe(before + 3);
    expect(await queuedEventIds()).toEqual([]);
  });

  it("counts a repeated id once, within one request and across requests", async () => {
    const first = event({ quantity: "7" });
    expect(await (await postEvents([first, first, { ...first, quantity: "9" }])).json()).toEqual({
      accepted: 1,
      duplicates: 2,
      rejected: [],
    });
    expect(await (await postEvents([first])).json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] });
    const stored = await systemDb().meteringEvent.findMany({ where: { eventId: first.id } });
    expect(stored.map((e) => e.quantity.toString())).toEqual(["7"]);
  });

  it("stores only the new events of a retried batch, and its refusals once", async () => {
    const [a, b, c] = [event(), event(), event()];
    const refused = event({ productArea: "teleportation" });
    const before = await appliedEventCount("ws_acme");
    await postEvents([a, b, refused], { headers: { "x-request-id": "ingest-retry-1" } });
    const retry = await postEvents([b, c, refused, a], { headers: { "x-request-id": "ingest-retry-2" } });
    expect(await retry.json()).toEqual({
      accepted: 1,
      duplicates: 2,
      rejected: [{ index: 2, code: "unknown_product_area", message: expect.any(String) }],
    });
    const ids = [a, b, c].map((e) => e.id);
    expect(await systemDb().meteringEvent.count({ where: { eventId: { in: ids } } })).toBe(3);
    expect(await appliedEventCount("ws_acme")).toBe(before + 3);
    // Refusals carry this server's request id, the one the response named.
    expect(await systemDb().meteringRejection.count({ where: { requestId: retry.headers.get("x-request-id")! } })).toBe(1);
  });

  it("counts each event once when the same batch arrives on several connections at once", async () => {
    const batch = Array.from({ length: 40 }, () => event());
    const before = await appliedEventCount("ws_acme");
    const results = await Promise.all(Array.from({ length: 4 }, async () => (await postEvents(batch)).json()));
    expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(40);
    expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(120);
    const ids = batch.map((e) => e.id);
    expect(await systemDb().meteringEvent.count({ where: { eventId: { in: ids } } })).toBe(40);
    expect(await appliedEventCount("ws_acme")).toBe(before + 40);
  });

  it("takes event ids exactly: ids with whitespace at an end or control characters are refused, never merged", async () => {
    const id = `exact-${Math.random().toString(36).slice(2)}`;
    const body = [event({ id: ` ${id}`, quantity: "5" }), event({ id: `${id}\t`, quantity: "7" }), event({ id, quantity: "2" })];
    const response = await postEvents(body, { headers: { "x-request-id": "ingest-exact-id-1" } });
    const result = parseDocumented(ingestResultSchema, await response.json());
    expect(result).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [0, 1].map((index) => ({ index, code: "invalid_event_id", message: expect.stringMatching(/whitespace.*control/) })),
    });
    const stored = await systemDb().meteringEvent.findMany({ where: { eventId: { contains: id } } });
    expect(stored.map((e) => [e.eventId, e.quantity.toFixed()])).toEqual([[id, "2"]]);
    const refused = await systemDb().meteringRejection.findMany({
      where: { requestId: response.headers.get("x-request-id")! },
      orderBy: { position: "asc" },
    });
    expect(refused.map((r) => [r.position, r.code, r.eventId])).toEqual([
      [0, "invalid_event_id", ` ${id}`],
      [1, "invalid_event_id", `${id}\t`],
    ]);
  });

  it("refuses every kind of unclear id, and keeps ids with inner spaces or other scripts as sent", async () => {
    const unclear = ["\u00a0a", "a\n", "a\u0007b", "a\u007fb", "a\u0085b", "a\u009fb", "\u3000a", " "];
    const clear = ["a b", "ünïcødé-id", "id\u200bwith-zero-width-space", "💡"].map((id) => `${id}-${Math.random()}`);
    const response = await postEvents([...unclear, ...clear].map((id) => event({ id })));
    const result = await response.json();
    expect(result.accepted).toBe(clear.length);
    expect(result.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual(
      unclear.map((_, index) => [index, "invalid_event_id"]),
    );
    const stored = await systemDb().meteringEvent.findMany({ where: { eventId: { in: clear } } });
    expect(stored.map((e) => e.eventId).sort()).toEqual([...clear].sort());
  });

  it("keeps the same id apart in different workspaces", async () => {
    const id = "shared-producer-id";
    const body = [event({ id }), event({ id, workspaceId: "ws_globex" })];
    expect((await (await postEvents(body)).json()).accepted).toBe(2);
  });

  it("refuses invalid events one by one, keeps the valid ones, and stores every refusal with its reason", async () => {
    const good = event();
    const body = [
      good,
      event({ workspaceId: "ws_unknown" }),
      event({ productArea: "teleportation" }),
      event({ unit: "GPU-hours" }),
      event({ quantity: "-1" }),
      event({ quantity: "1.1234567890123" }),
      event({ quantity: 1e21 }),
      event({ occurredAt: "2026-11-22 10:00" }),
      event({ occurredAt: minutes(10) }),
      event({ occurredAt: days(-36) }),
      { ...event(), surprise: true },
      "not an object",
    ];
    const response = await postEvents(body, { headers: { "x-request-id": "ingest-req-0001" } });
    expect(response.status).toBe(202);
    const result = await response.json();
    parseDocumented(ingestResultSchema, result);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, "unknown_workspace"],
      [2, "unknown_product_area"],
      [3, "unit_mismatch"],
      [4, "invalid_event"],
      [5, "invalid_event"],
      [6, "invalid_event"],
      [7, "invalid_event"],
      [8, "occurred_in_future"],
      [9, "occurred_too_long_ago"],
      [10, "invalid_event"],
      [11, "invalid_event"],
    ]);
    expect(result.rejected[3].message).toMatch(/quantity/);
    expect(result.rejected[6].message).toMatch(/occurredAt/);

    const stored = await systemDb().meteringRejection.findMany({
      where: { requestId: response.headers.get("x-request-id")! },
      orderBy: { position: "asc" },
    });
    expect(stored.map((r) => [r.position, r.code])).toEqual(result.rejected.map((r: { index: number; code: string }) => [r.index, r.code]));
    expect(stored[0]).toMatchObject({ source: "api", workspaceId: "ws_unknown", eventId: body[1] && (body[1] as { id: string }).id });
    expect(stored[10]?.payload).toBe("not an object");
  });

  it("refuses, one by one, events PostgreSQL could not store as sent, and keeps a cleaned copy of each", async () => {
    const good = [event(), event()];
    const body = [
      good[0],
      event({ id: "nul\u0000id" }),
      event({ properties: { note: "a\u0000b" } }),
      event({ properties: { ["k\u0000"]: 1 } }),
      event({ properties: { lone: "\ud83d" } }),
      event({ productArea: "compute\udc00" }),
      event({ properties: "DEEP" }),
      { ...event(), ["odd\u0000key"]: true },
      { ...event(), id: 7, note: "x".repeat(8191) + "\u{1F600}" },
      good[1],
    ];
    // 5,000 levels: more than JSON.stringify manages, so the body is written by hand.
    const deep = `${'{"d":'.repeat(5000)}"bottom"${"}".repeat(5000)}`;
    const response = await postEvents(JSON.stringify(body).replace('"DEEP"', deep), { headers: { "x-request-id": "ingest-unstorable-1" } });
    expect(response.status).toBe(202);
    const result = await response.json();
    expect(result.accepted).toBe(2);
    expect(result.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, "invalid_event_id"],
      ...[2, 3, 4, 5, 6, 7, 8].map((index) => [index, "invalid_event"]),
    ]);
    expect(result.rejected[1].message).toMatch(/NUL/);
    expect(result.rejected[5].message).toMatch(/nested more than/);
    const stored = await systemDb().meteringRejection.findMany({
      where: { requestId: response.headers.get("x-request-id")! },
      orderBy: { position: "asc" },
    });
    expect(stored.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(stored[0]!.eventId).toBe("nul\uFFFDid");
    expect(JSON.stringify(stored.map((r) => [r.payload, r.message]))).not.toMatch(/\\u0000/);
    expect(await systemDb().meteringEvent.count({ where: { eventId: { in: good.map((e) => e.id) } } })).toBe(2);
  });

  it("stores an NDJSON line that is not JSON even when it holds a NUL", async () => {
    const lines = ["{\u0000 broken", JSON.stringify(event())].join("\n");
    const response = await postEvents(lines, { contentType: "application/x-ndjson", headers: { "x-request-id": "ingest-unstorable-2" } });
    expect(await response.json()).toMatchObject({ accepted: 1, rejected: [{ index: 0, code: "invalid_json" }] });
    const [stored] = await systemDb().meteringRejection.findMany({ where: { requestId: response.headers.get("x-request-id")! } });
    expect(stored?.payload).toBe("{\uFFFD broken");
  });

  it("takes JSON numbers only when they are exact, and says to send a string otherwise", async () => {
    const exact = [event({ quantity: 0.25 }), event({ quantity: 123456789012345 }), event({ quantity: 0.000123456789 })];
    const response = await postEvents([...exact, event({ quantity: 123456789012.1234567 }), event({ quantity: 9007199254740993 })]);
    const result = await response.json();
    expect(result.accepted).toBe(3);
    expect(result.rejected.map((r: { index: number }) => r.index)).toEqual([3, 4]);
    expect(result.rejected[0].message).toMatch(/send it as a string/);
    const stored = await systemDb().meteringEvent.findMany({ where: { eventId: { in: exact.map((e) => e.id) } } });
    expect(stored.map((e) => e.quantity.toFixed()).sort()).toEqual(["0.000123456789", "0.25", "123456789012345"]);
  });

  it("accepts NDJSON and refuses only the lines that are not JSON, by line number", async () => {
    const lines = [JSON.stringify(event()), "", "{not json", "  ", JSON.stringify(event()), ""].join("\r\n");
    const response = await postEvents(lines, { contentType: "application/x-ndjson" });
    expect(response.status).toBe(202);
    const result = await response.json();
    expect(result.accepted).toBe(2);
    expect(result.rejected).toEqual([{ index: 2, code: "invalid_json", message: expect.stringContaining("not valid JSON") }]);
    expect(await systemDb().meteringRejection.count({ where: { code: "invalid_json", payload: { equals: "{not json" } } })).toBe(1);
  });

  it("answers 4xx with the standard error body for unusable requests", async () => {
    const cases: [unknown, string, number, string][] = [
      ["{broken", "application/json", 400, "bad_request"],
      [{ not: "an array" }, "application/json", 400, "bad_request"],
      [Array.from({ length: 1001 }, () => JSON.stringify(event())).join("\n\n"), "application/x-ndjson", 413, "payload_too_large"],
      [Array.from({ length: 1001 }, () => event()), "application/json", 413, "payload_too_large"],
      ["<xml/>", "application/xml", 415, "unsupported_media_type"],
    ];
    for (const [body, contentType, status, code] of cases) {
      const response = await postEvents(body, { contentType });
      expect(response.status).toBe(status);
      expect(parseDocumented(errorBodySchema, await response.json()).error).toMatchObject({ code, message: expect.any(String) });
    }
  });

  it("reports the consumer's backlog to holders of the ingest token", async () => {
    expect((await callRoute(status, "/api/metering/status")).status).toBe(401);
    const auth = { headers: { authorization: `Bearer ${INGEST_TOKEN}` } };
    await drainQueue({ batchSize: 1000, graceHours: 48 });
    expect(await (await callRoute(status, "/api/metering/status", auth)).json()).toEqual({
      backlog: 0,
      oldestUnprocessedAt: null,
      oldestAgeSeconds: 0,
    });
    // The queued way (METERING_APPLY=consumer, or a request the database refused to apply at once).
    await ingestEvents([{ value: event() }, { value: event() }], { source: "api", applyAt: "consumer" });
    const busy = parseDocumented(consumerLagResponseSchema, await (await callRoute(status, "/api/metering/status", auth)).json());
    expect(busy.backlog).toBe(2);
    expect(Date.parse(busy.oldestUnprocessedAt!)).not.toBeNaN();
  });
});
