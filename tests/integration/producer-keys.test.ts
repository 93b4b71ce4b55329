// Producer keys (docs/producers.md, decision 0103): each metering producer writes only what its key
// allows, event by event; revoking, rotating and expiring keys; only hashes stored; the staff list;
// the CLI, in process and as a process.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as producersRoute } from "@/app/api/metering/producers/route";
import { GET as rejectionsRoute } from "@/app/api/metering/rejections/route";
import { GET as statusRoute } from "@/app/api/metering/status/route";
import { Prisma, systemDatabase, systemDb } from "@/lib/db";
import { ingestEvents } from "@/lib/metering/ingest-events";
import { createProducerKey, ProducerKeyRefused, revokeProducerKey, rotateProducerKey } from "@/lib/metering/manage-producer-keys";
import { keyHash, LEGACY_PRODUCER, matchDigest, tokenDigest } from "@/lib/metering/producer-key";
import { producerKeysSchema } from "@/lib/metering/producer-key-response";
import { producerKeysCommand } from "@/lib/metering/producer-keys-command";
import { forgetProducerKeys, producerForToken, producerNamed } from "@/lib/metering/producer-store";
import { rejectionsPageSchema } from "@/lib/metering/rejection-response";
import type { Attribution } from "@/lib/rollout/change-flag";
import { ACCOUNTS, seedDemoData } from "../support/demo";
import { parseDocumented } from "../support/documented-response";
import { event, INGEST_TOKEN, postEvents } from "../support/metering";
import { callRoute } from "../support/session";
import { backend } from "../support/test-database";

const OPS: Attribution = { operator: "os:producer-test@localhost" };
const HOUR = 3_600_000;

beforeAll(() => seedDemoData());
beforeEach(() => forgetProducerKeys());

let counter = 0;
const unique = (base: string) => `${base}-${++counter}`;

async function revision(): Promise<string> {
  const [row] = await systemDatabase().query<{ r: string }>(Prisma.sql`SELECT revision::text AS r FROM "AccessRevision"`);
  return row!.r;
}

describe(`producer keys at ingest on ${backend}`, () => {
  it("refuses each event outside the key's areas or workspaces as producer_not_allowed; the rest go through, all naming the producer", async () => {
    const name = unique("builds");
    const { key } = await createProducerKey({ name, areas: ["compute", "storage"], workspaces: ["ws_acme"] }, OPS);
    expect(key).toMatch(/^bpk_[A-Za-z0-9_-]{43}$/);
    const inside = event({ productArea: "compute" });
    const wrongArea = event({ productArea: "logs" });
    const wrongWorkspace = event({ workspaceId: "ws_globex", productArea: "compute" });
    const noSuchWorkspace = event({ workspaceId: "ws_nowhere", productArea: "compute" });
    const response = await postEvents([inside, wrongArea, wrongWorkspace, noSuchWorkspace], {
      token: key,
      headers: { "x-request-id": `scoped-${name}` },
    });
    expect(response.status).toBe(202);
    const body = await response.json();
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, "producer_not_allowed"],
      [2, "producer_not_allowed"],
      // Out of scope before unknown: the key learns nothing about workspaces it may not write to.
      [3, "producer_not_allowed"],
    ]);
    const stored = await systemDb().meteringEvent.findMany({ where: { eventId: { in: [inside.id, wrongArea.id, wrongWorkspace.id] } } });
    expect(stored.map((e) => [e.eventId, e.producer])).toEqual([[inside.id, name]]);
    const refused = await systemDb().meteringRejection.findMany({ where: { eventId: { in: [wrongArea.id, wrongWorkspace.id] } } });
    expect(refused.map((r) => [r.code, r.producer]).sort()).toEqual([
      ["producer_not_allowed", name],
      ["producer_not_allowed", name],
    ]);
    const page = await callRoute(rejectionsRoute, "/api/metering/rejections?workspaceId=ws_acme&limit=50", { as: ACCOUNTS.admin });
    const listed = parseDocumented(rejectionsPageSchema, await page.json()).rejections.find((r) => r.eventId === wrongArea.id);
    expect(listed).toMatchObject({ code: "producer_not_allowed", producer: name });
  });

  it("keeps METERING_INGEST_TOKEN working as the all-scope legacy producer", async () => {
    const globex = event({ workspaceId: "ws_globex", productArea: "logs" });
    expect(await (await postEvents([globex], { token: INGEST_TOKEN })).json()).toMatchObject({ accepted: 1, rejected: [] });
    const stored = await systemDb().meteringEvent.findFirstOrThrow({ where: { eventId: globex.id } });
    expect(stored.producer).toBe(LEGACY_PRODUCER);
    expect((await callRoute(statusRoute, "/api/metering/status", { headers: { authorization: `Bearer ${INGEST_TOKEN}` } })).status).toBe(
      200,
    );
  });

  it("refuses a revoked key on the next request, even when the change came from elsewhere (the revision moves)", async () => {
    const name = unique("revoked");
    const { key } = await createProducerKey({ name, areas: "all", workspaces: "all" }, OPS);
    expect((await postEvents([event()], { token: key })).status).toBe(202);
    await revokeProducerKey(name, OPS);
    expect((await postEvents([event()], { token: key })).status).toBe(401);

    // Another process's change: a plain UPDATE through another statement path, which this process's
    // memory never hears of. Only the trigger's revision tells it.
    const other = await createProducerKey({ name: unique("elsewhere"), areas: "all", workspaces: "all" }, OPS);
    expect((await postEvents([event()], { token: other.key })).status).toBe(202);
    const before = await revision();
    await systemDatabase().execute(Prisma.sql`UPDATE "ProducerKey" SET "revokedAt" = now() WHERE name = ${other.producer.name}`);
    expect(await revision()).not.toBe(before);
    expect((await postEvents([event()], { token: other.key })).status).toBe(401);
  });

  it("records last use at most once a minute, without moving the revision", async () => {
    const { key, producer } = await createProducerKey({ name: unique("used"), areas: "all", workspaces: "all" }, OPS);
    const now = new Date();
    await producerForToken(key, { now, address: "10.0.0.7" });
    const before = await revision();
    await producerForToken(key, { now: new Date(now.getTime() + 30_000), address: "10.0.0.8" });
    let row = await systemDb().producerKey.findUniqueOrThrow({ where: { name: producer.name } });
    expect([row.lastUsedAt?.toISOString(), row.lastUsedAddress]).toEqual([now.toISOString(), "10.0.0.7"]);
    await producerForToken(key, { now: new Date(now.getTime() + 61_000), address: "10.0.0.9" });
    row = await systemDb().producerKey.findUniqueOrThrow({ where: { name: producer.name } });
    expect(row.lastUsedAddress).toBe("10.0.0.9");
    expect(await revision()).toBe(before);
  });

  it("rotation: both keys work during the overlap, then only the new one", async () => {
    const name = unique("rotated");
    const now = new Date("2026-12-08T10:00:00Z");
    const first = await createProducerKey({ name, areas: "all", workspaces: "all" }, OPS, now);
    const second = await rotateProducerKey(name, 2, OPS, now);
    expect(second.key).not.toBe(first.key);
    const at = (ms: number) => ({ now: new Date(now.getTime() + ms) });
    expect((await producerForToken(first.key, at(HOUR)))?.name).toBe(name);
    expect((await producerForToken(second.key, at(HOUR)))?.name).toBe(name);
    expect(await producerForToken(first.key, at(2 * HOUR + 1))).toBeNull();
    expect((await producerForToken(second.key, at(2 * HOUR + 1)))?.name).toBe(name);
    // A rotation with no overlap cuts the current key off at once.
    const third = await rotateProducerKey(name, 0, OPS, now);
    expect(await producerForToken(second.key, at(1))).toBeNull();
    expect((await producerForToken(third.key, at(1)))?.name).toBe(name);
  });

  it("expiry: a key works until its expiry, then is refused (at ingest too)", async () => {
    const now = new Date("2026-12-01T00:00:00Z");
    const { key, producer } = await createProducerKey(
      { name: unique("expiring"), areas: "all", workspaces: "all", expiresInDays: 3 },
      OPS,
      now,
    );
    expect(producer.expiresAt).toBe("2026-12-04T00:00:00.000Z");
    expect(await producerForToken(key, { now: new Date("2026-12-03T23:59:59Z") })).not.toBeNull();
    expect(await producerForToken(key, { now: new Date("2026-12-04T00:00:00Z") })).toBeNull();
    // Created in the past with a day to live: long expired by the time this runs.
    const old = await createProducerKey(
      { name: unique("expired"), areas: "all", workspaces: "all", expiresInDays: 1 },
      OPS,
      new Date("2020-01-01T00:00:00Z"),
    );
    expect((await postEvents([event()], { token: old.key })).status).toBe(401);
  });

  it("stores only the hash: no key in the database or the audit trail", async () => {
    const name = unique("hashed");
    const created = await createProducerKey({ name, areas: "all", workspaces: "all" }, OPS);
    const rotated = await rotateProducerKey(name, 1, OPS);
    const row = await systemDb().producerKey.findUniqueOrThrow({ where: { name } });
    expect(row.hash).toBe(createHash("sha256").update(rotated.key).digest("hex"));
    expect(row.previousHash).toBe(keyHash(created.key));
    const keyRows = JSON.stringify(await systemDatabase().query(Prisma.sql`SELECT * FROM "ProducerKey"`));
    const auditRows = JSON.stringify(await systemDatabase().query(Prisma.sql`SELECT * FROM "AuditEvent"`));
    for (const key of [created.key, rotated.key]) {
      expect(keyRows).not.toContain(key);
      expect(auditRows).not.toContain(key);
      expect(auditRows).not.toContain(keyHash(key));
    }
    const audited = await systemDb().auditEvent.findMany({
      where: { action: { startsWith: "metering.producer." } },
      orderBy: { occurredAt: "asc" },
    });
    expect(audited.filter((a) => (a.target as { producer?: string }).producer === name).map((a) => a.action)).toEqual([
      "metering.producer.created",
      "metering.producer.rotated",
    ]);
  });

  it("compares in constant time: every stored digest is compared, whichever matches", () => {
    const entries = ["a", "b", "c", "d"].map((k) => ({ digest: tokenDigest(k), value: k }));
    for (const presented of ["a", "d", "zzz"]) {
      let comparisons = 0;
      const found = matchDigest(entries, tokenDigest(presented), (x, y) => {
        comparisons++;
        return x.equals(y);
      });
      expect(found).toBe(presented === "zzz" ? null : presented);
      expect(comparisons).toBe(entries.length);
    }
  });

  it("the NATS path: a producer named by its subject gets its scope; a revoked or unknown one nothing", async () => {
    const name = unique("nats");
    await createProducerKey({ name, areas: ["storage"], workspaces: ["ws_initech"] }, OPS);
    const scope = await producerNamed(name);
    const inside = event({ workspaceId: "ws_initech", productArea: "storage" });
    const outside = event({ workspaceId: "ws_initech", productArea: "compute" });
    const result = await ingestEvents([{ value: inside }, { value: outside }], {
      source: "nats",
      producer: { name, scope, counted: true },
    });
    expect(result).toMatchObject({ accepted: 1, rejected: [{ index: 1, code: "producer_not_allowed" }] });
    await revokeProducerKey(name, OPS);
    expect(await producerNamed(name)).toBeNull();
    expect(await producerNamed("never-created")).toBeNull();
  });
});

describe(`GET /api/metering/producers on ${backend}`, () => {
  it("is for staff only, and shows no key or hash", async () => {
    const { key } = await createProducerKey({ name: unique("listed"), areas: ["compute"], workspaces: ["ws_acme", "ws_globex"] }, OPS);
    expect((await callRoute(producersRoute, "/api/metering/producers")).status).toBe(401);
    for (const as of [ACCOUNTS.admin, ACCOUNTS.finance, ACCOUNTS.member, ACCOUNTS.initechOwner]) {
      const refused = await callRoute(producersRoute, "/api/metering/producers", { as });
      expect(refused.status, as).toBe(403);
    }
    const response = await callRoute(producersRoute, "/api/metering/producers", { as: ACCOUNTS.support });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(key);
    expect(text).not.toContain(keyHash(key));
    const listed = parseDocumented(producerKeysSchema, JSON.parse(text)).producers.find((p) => key.startsWith(p.prefix));
    expect(listed).toMatchObject({ areas: ["compute"], workspaces: ["ws_acme", "ws_globex"], createdBy: OPS.operator, revokedAt: null });
  });
});

describe(`npm run producer-keys on ${backend}`, () => {
  const refusedBy = (argv: string[]) =>
    producerKeysCommand(argv, {}).then(
      () => null,
      (error: unknown) => error,
    );

  it("creates (printing the key once), lists, rotates and revokes, each change audited with the operator", async () => {
    const name = unique("cli");
    const created = await producerKeysCommand(
      ["create", "--name", name, "--areas", "compute,logs", "--workspaces", "ws_acme", "--expires", "30", "--by", ACCOUNTS.support],
      {},
    );
    const key = created.find((line) => line.trim().startsWith("bpk_"))!.trim();
    expect(created[0]).toBe(`Created producer key ${name} (audited, by ${ACCOUNTS.support}):`);
    const listed = (await producerKeysCommand(["list"], {})).find((line) => line.startsWith(`${name} `))!;
    expect(listed).toContain(`${key.slice(0, 12)}…`);
    expect(listed).toContain("areas=compute,logs  workspaces=ws_acme");
    expect(listed).not.toContain(key);
    const rotated = await producerKeysCommand(["rotate", name, "--overlap", "6"], { BILLING_OPERATOR: "release-bot" });
    expect(rotated[0]).toMatch(new RegExp(`^Rotated ${name} \\(audited\\); the old key works until `));
    expect(await producerKeysCommand(["revoke", name], {})).toHaveLength(2);
    const audited = (
      await systemDb().auditEvent.findMany({ where: { action: { startsWith: "metering.producer." } }, orderBy: { occurredAt: "asc" } })
    ).filter((a) => (a.target as { producer?: string }).producer === name);
    expect(audited.map((a) => [a.action, a.actorEmail ?? null, (a.metadata as { operatorLabel?: string }).operatorLabel ?? null])).toEqual([
      ["metering.producer.created", ACCOUNTS.support, null],
      ["metering.producer.rotated", null, "release-bot"],
      ["metering.producer.revoked", null, null],
    ]);
    expect(await producerForToken(key)).toBeNull();
  });

  it("refuses bad input with a clear message and changes nothing", async () => {
    const taken = unique("taken");
    await createProducerKey({ name: taken, areas: "all", workspaces: "all" }, OPS);
    const count = await systemDb().producerKey.count();
    const refusals: [string[], RegExp][] = [
      [["create", "--areas", "all", "--workspaces", "all"], /Name the producer/],
      [["create", "--name", "x1"], /Say which areas/],
      [["create", "--name", "x1", "--areas", "all"], /Say which workspaces/],
      [["create", "--name", "Bad Name", "--areas", "all", "--workspaces", "all"], /A name is 1–63 lower-case/],
      [["create", "--name", LEGACY_PRODUCER, "--areas", "all", "--workspaces", "all"], /is reserved/],
      [["create", "--name", taken, "--areas", "all", "--workspaces", "all"], /names are never reused/],
      [["create", "--name", "x1", "--areas", "teleportation", "--workspaces", "all"], /No product area teleportation/],
      [["create", "--name", "x1", "--areas", "all", "--workspaces", "ws_nowhere"], /No workspace ws_nowhere/],
      [["create", "--name", "x1", "--areas", "all", "--workspaces", "all", "--expires", "0"], /--expires must be a whole number/],
      [["create", "--name", "x1", "--areas", "all", "--workspaces", "all", "--by", ACCOUNTS.admin], /is not a staff account/],
      [["rotate", taken, "--overlap=-1"], /--overlap must be a whole number/],
      [["rotate", taken, "--overlap", "1.5"], /--overlap must be a whole number/],
      [["revoke"], /Name the key to revoke/],
      [["revoke", "no-such-key"], /No producer key named no-such-key/],
      [["list", "--bogus"], /Unknown option/],
      [["launch"], /Unknown command launch/],
      [[], /Unknown command/],
    ];
    for (const [argv, message] of refusals) {
      const refused = await refusedBy(argv);
      expect(refused, argv.join(" ")).toBeInstanceOf(ProducerKeyRefused);
      expect((refused as Error).message).toMatch(message);
    }
    expect(await systemDb().producerKey.count()).toBe(count);
  });

  it("exits 2 on bad input, as a process", () => {
    const run = spawnSync("npx", ["tsx", "--conditions=react-server", "scripts/producer-keys.ts", "create", "--name", "x"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: "", PGLITE_DIR: "memory://" },
    });
    expect(run.stderr).toContain("Refused: Say which areas the key may write");
    expect(run.status).toBe(2);
  }, 60_000);
});
